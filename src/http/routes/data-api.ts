// **data-api** serves what partner tools need to find the data: the "Données et API" page (endpoint,
// dumps, example queries with their results), the query editor, and the VoID description.
import { Router, type Request, type Response } from 'express';
import { Parser } from 'n3';
import type { GraphRef } from '../../graph/graph-ref.js';
import type { Graph } from '../../graph/load-graph.js';
import type { Views } from '../../render/views.js';
import type { SparqlService } from '../../sparql/service.js';
import type { ExampleQuery } from '../../sparql/examples.js';
import { entityPrefixes, shorten } from '../../rdf/namespaces.js';
import { TRIPLE_MEDIA_TYPES, serializeQuads } from '../../rdf/serialize.js';
import { datasetIris, datasetStatistics, describeDataset } from '../../dataset/description.js';
import { DUMP_FORMATS, dumpPath } from './dumps.js';
import { hrefFor } from '../../rdf/iri-paths.js';
import { chooseRepresentation, contentType, HTML, outputPrefixes } from '../rdf-response.js';
import { parseQuery } from '../../sparql/query.js';
import { pickLanguage } from '../language.js';
import { datasetJsonLd } from '../../directory/json-ld.js';

const SHOWN_ROWS = 20;

interface Cell {
  text: string;
  href?: string;
  lang?: string;
}

interface ExampleResult {
  variables: string[];
  rows: Cell[][];
  total: number;
  truncated: boolean;
  error?: string;
}

interface JsonTerm {
  type: string;
  value: string;
  'xml:lang'?: string;
}

/** Runs an example through the endpoint itself, so that the page shows exactly what a client would get. */
async function runExample(service: SparqlService, example: ExampleQuery, graph: Graph): Promise<ExampleResult> {
  const cell = (term: JsonTerm): Cell => {
    if (term.type === 'uri') return { text: shorten(term.value, entityPrefixes(graph.baseIri)), href: hrefFor(term.value, graph.baseIri) };
    return { text: term.type === 'bnode' ? `_:${term.value}` : term.value, lang: term['xml:lang'] };
  };
  const form = parseQuery(example.query, graph.baseIri).form;
  const graphQuery = form === 'construct' || form === 'describe';
  const answer = await service.answer({ query: example.query, format: graphQuery ? 'nt' : 'json' });
  if (answer.status !== 200) return { variables: [], rows: [], total: 0, truncated: false, error: answer.body.trim() };
  if (graphQuery) {
    const triples = new Parser({ format: 'N-Triples' }).parse(answer.body);
    const term = (t: { termType: string; value: string; language?: string }): JsonTerm =>
      ({ type: t.termType === 'NamedNode' ? 'uri' : t.termType === 'BlankNode' ? 'bnode' : 'literal', value: t.value, 'xml:lang': t.language || undefined });
    return {
      variables: ['subject', 'predicate', 'object'],
      rows: triples.slice(0, SHOWN_ROWS).map((q) => [cell(term(q.subject)), cell(term(q.predicate)), cell(term(q.object))]),
      total: triples.length,
      truncated: triples.length > SHOWN_ROWS,
    };
  }
  const json = JSON.parse(answer.body) as { head: { vars?: string[] }; results?: { bindings: Record<string, JsonTerm>[] }; boolean?: boolean };
  if (json.boolean !== undefined) return { variables: ['boolean'], rows: [[{ text: String(json.boolean) }]], total: 1, truncated: false };
  const variables = json.head.vars ?? [];
  const bindings = json.results?.bindings ?? [];
  return {
    variables,
    rows: bindings.slice(0, SHOWN_ROWS).map((b) => variables.map((v) => (b[v] ? cell(b[v]) : { text: '' }))),
    total: bindings.length,
    truncated: bindings.length > SHOWN_ROWS,
  };
}

/** One after the other: the examples then hold one query worker at a time, and visitors' queries keep the others. */
async function runInTurn<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}

export interface DataApiOptions {
  graphRef: GraphRef;
  views: Views;
  service: SparqlService;
  examples: ExampleQuery[];
  /** SERVICE endpoints are allow-listed (the service description says so). */
  federated?: boolean;
}

export function dataApiRoutes({ graphRef, views, service, examples, federated = false }: DataApiOptions) {
  // The examples run as soon as a graph loads (in the query workers, off the event loop), never on a request:
  // the page shows the last results computed, and says so while the very first ones are still on their way.
  const results = new WeakMap<Graph, Promise<ExampleResult[]>>();
  let latest: { graph: Graph; results: ExampleResult[] } | undefined;
  const exampleResults = (graph: Graph) => {
    let pending = results.get(graph);
    if (!pending) {
      results.set(graph, (pending = runInTurn(examples, (e) => runExample(service, e, graph))));
      pending.then((computed) => {
        if (graphRef.current() === graph) latest = { graph, results: computed };
      }, () => results.delete(graph));
    }
    return pending;
  };
  exampleResults(graphRef.current()).catch(() => undefined);
  graphRef.onSwap((graph) => void exampleResults(graph).catch(() => undefined));

  function renderEditor(req: Request, res: Response, query = ''): void {
    const lang = pickLanguage(req.query.lang, req.get('accept-language'));
    const graph = graphRef.current();
    res.vary('Accept-Language').set('Content-Language', lang).type('html');
    // The editor needs inline styles that YASGUI sets on its own elements; everything else stays strict.
    res.set('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    res.send(views.render('sparql', {
      lang,
      path: req.path,
      title: views.strings(lang)['sparql.title'],
      endpoint: datasetIris(graph.baseIri).sparql,
      query: query || examples[0]?.queryIn[lang] || 'SELECT * WHERE { ?s ?p ?o } LIMIT 10',
      examples: examples.map((e) => ({ title: e.title[lang], encoded: encodeURIComponent(e.queryIn[lang]) })),
    }));
  }

  const router = Router();
  router.get('/sparql/editor', (req, res) => renderEditor(req, res, typeof req.query.query === 'string' ? req.query.query : ''));

  router.get('/data', (req, res) => {
    const lang = pickLanguage(req.query.lang, req.get('accept-language'));
    const graph = graphRef.current();
    const computed = latest?.results;
    res.vary('Accept-Language').set('Content-Language', lang).type('html');
    res.send(views.render('data', {
      lang,
      path: req.path,
      title: views.strings(lang)['data.title'],
      jsonLd: datasetJsonLd(graph.baseIri, {
        name: views.strings(lang)['site.name'], description: views.strings(lang)['site.tagline'], lang, modified: graph.loadedAt,
        downloads: DUMP_FORMATS.map((f) => ({ path: dumpPath(f), mediaType: f.mediaType })),
      }),
      endpoint: datasetIris(graph.baseIri).sparql,
      stats: datasetStatistics(graph),
      dumps: DUMP_FORMATS.map((f) => ({ href: dumpPath(f), name: `dump.${f.extension}`, mediaType: f.mediaType })),
      pending: !computed,
      examples: examples.map((e, i) => ({
        slug: e.slug, title: e.title[lang], comment: e.comment[lang], query: e.queryIn[lang], encoded: encodeURIComponent(e.queryIn[lang]), ...computed?.[i],
      })),
    }));
  });

  /**
   * The dataset description (VoID, DCAT, service description) in RDF, negotiated like every description;
   * `onHtml` answers browsers when the path has a page for them.
   */
  async function sendDescription(req: Request, res: Response, onHtml?: (req: Request, res: Response) => void, otherwise?: () => void): Promise<void> {
    // On /sparql, application/json asks for SPARQL JSON results (a query is then missing), not for JSON-LD.
    const chosen = chooseRepresentation(req.get('accept'), TRIPLE_MEDIA_TYPES, { jsonIsJsonLd: !otherwise });
    res.vary('Accept');
    if (chosen === HTML && onHtml) return onHtml(req, res);
    if (!chosen || chosen === HTML) {
      if (otherwise) return otherwise();
      return void res.status(406).type('text/plain').send(`available: ${TRIPLE_MEDIA_TYPES.join(', ')}\n`);
    }
    const graph = graphRef.current();
    const body = await serializeQuads(describeDataset(graph, { federated }), chosen, { prefixes: outputPrefixes(graph.baseIri), baseIri: graph.baseIri });
    res.set({ 'Access-Control-Allow-Origin': '*', 'Content-Type': contentType(chosen) }).send(body);
  }
  router.get('/.well-known/void', (req, res) => sendDescription(req, res, (_, r) => r.redirect(303, '/data')));
  // The dataset's own IRI (<base>dataset) dereferences too: RDF for clients, the data page for people.
  router.get('/dataset', (req, res) => sendDescription(req, res, (_, r) => r.redirect(303, '/data')));

  return {
    router,
    /** Resolves when the example results of the current graph are computed (for tests and the static build). */
    examplesReady: () => exampleResults(graphRef.current()).then(() => undefined),
    /** GET /sparql without a query: the editor for people, the service description for RDF clients. */
    describeService: (req: Request, res: Response, otherwise: () => void) => sendDescription(req, res, (q, r) => renderEditor(q, r), otherwise),
  };
}
