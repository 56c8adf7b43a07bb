// **resource-page** is the HTML fallback for described IRIs that no dedicated page renders (the vocabulary
// /ns, concept schemes, anything a new dataset holds): a plain page of the triples, with labels instead of
// IRIs where the graph has them. Mounted after the page routes, so that their richer pages win.
import { Router } from 'express';
import type { Quad, Term } from 'n3';
import { LABEL_PREDICATES } from '../../graph/describe.js';
import { createLabeler, safeHref, toText } from '../../directory/labels.js';
import type { Graph } from '../../graph/load-graph.js';
import type { GraphRef } from '../../graph/graph-ref.js';
import { RDF_TYPE } from '../../rdf/namespaces.js';
import type { Lang, Views } from '../../render/views.js';
import { hrefFor } from '../../rdf/iri-paths.js';
import { pickLanguage } from '../language.js';
import { DESCRIPTION_FORMATS, perGraph } from '../rdf-response.js';
import { graphFragments, resolvePath } from './linked-data.js';

/** Something shown: a text (with its language when it is not the page's), linked if it is a web IRI. */
export interface ShownValue {
  text: string;
  lang?: string;
  href?: string;
  /** The triples of a blank node, shown in place. */
  rows?: ShownRow[];
}

export interface ShownRow {
  predicate: ShownValue;
  values: ShownValue[];
}

export interface ShownSubject {
  /** Anchor of a #fragment, so that /id/actors/x#membership links land on it. */
  anchor?: string;
  heading: ShownValue;
  rows: ShownRow[];
}

const STRINGS: Record<Lang, Record<string, string>> = {
  fr: {
    iri: 'Identifiant (IRI)',
    incoming: 'Ce qui renvoie ici',
    formats: 'Cette description en données',
    parts: 'Parties de cette ressource',
  },
  en: {
    iri: 'Identifier (IRI)',
    incoming: 'What points here',
    formats: 'This description as data',
    parts: 'Parts of this resource',
  },
};

const FORMAT_NAMES: Record<string, string> = { ttl: 'Turtle', jsonld: 'JSON-LD', nt: 'N-Triples', rdf: 'RDF/XML' };
const MAX_DEPTH = 3;

/** Labels are read once per graph, with the pages' own rules (src/directory/labels.ts). */
const labelers = perGraph((graph) => createLabeler(graph.union, graph.baseIri));

function showIri(graph: Graph, iri: string, lang: Lang): ShownValue {
  const href = safeHref(iri) && hrefFor(iri, graph.baseIri);
  return { ...labelers.get(graph).label(iri, lang), href };
}

function showTerm(graph: Graph, term: Term, lang: Lang, depth: number): ShownValue {
  if (term.termType === 'Literal') return toText(term, lang);
  if (term.termType === 'BlankNode') return { text: '…', rows: depth < MAX_DEPTH ? showRows(graph, graph.union.getQuads(term, null, null, null), lang, depth + 1) : [] };
  return showIri(graph, term.value, lang);
}

/** rdf:type first, then the labels, then the other predicates by their shown name. */
function predicateRank(iri: string): number {
  if (iri === RDF_TYPE) return 0;
  const label = LABEL_PREDICATES.indexOf(iri);
  return label >= 0 ? 1 + label : 10;
}

/** Rows of predicate → values, grouped by predicate. */
function showRows(graph: Graph, quads: ReadonlyArray<Pick<Quad, 'predicate' | 'object'>>, lang: Lang, depth = 0): ShownRow[] {
  const byPredicate = new Map<string, ShownRow>();
  for (const q of quads) {
    let row = byPredicate.get(q.predicate.value);
    if (!row) byPredicate.set(q.predicate.value, (row = { predicate: showIri(graph, q.predicate.value, lang), values: [] }));
    row.values.push(showTerm(graph, q.object, lang, depth));
  }
  return [...byPredicate.entries()]
    .sort(([a, ra], [b, rb]) => predicateRank(a) - predicateRank(b) || ra.predicate.text.localeCompare(rb.predicate.text))
    .map(([, row]) => row);
}

/** The view model of the fallback page: the resource, its #fragments, what points to it, and its data links. */
export function toResourceView(graph: Graph, iri: string, path: string, lang: Lang) {
  const store = graph.union;
  const parts: ShownSubject[] = (graphFragments.get(graph).get(iri) ?? []).map((fragment) => ({
    anchor: fragment.value.slice(fragment.value.indexOf('#') + 1),
    heading: labelers.get(graph).label(fragment.value, lang),
    rows: showRows(graph, store.getQuads(fragment, null, null, null), lang),
  }));
  const incoming = showRows(graph, store.getQuads(null, null, iri, null).map((q) => ({ predicate: q.predicate, object: q.subject })), lang);
  return {
    title: labelers.get(graph).label(iri, lang),
    iri,
    rows: showRows(graph, store.getQuads(iri, null, null, null), lang),
    parts,
    incoming,
    formats: DESCRIPTION_FORMATS.map((f) => ({ href: `${path}.${f.extension}`, name: FORMAT_NAMES[f.extension] ?? f.extension, type: f.mediaType })),
    strings: STRINGS[lang],
  };
}

/** GET of any described IRI that reached this far as HTML. */
export function resourcePageRoutes(graphRef: GraphRef, views: Views): Router {
  const router = Router();
  router.get('/{*path}', function resourcePage(req, res, next) {
    const graph = graphRef.current();
    const target = resolvePath(req.path, graph, graphFragments.get(graph));
    if (!target?.described || target.format) return next();
    const lang = pickLanguage(req.query.lang, req.get('accept-language'));
    const view = toResourceView(graph, target.iri, target.path, lang);
    res.vary('Accept').vary('Accept-Language').set('Content-Language', lang).type('html');
    res.send(views.render('resource', { lang, path: req.path, title: view.title.text, resource: view }));
  });
  return router;
}
