// **rdf-response** holds what every RDF answer of the server shares: which syntaxes a description is
// offered in, how a mixed Accept header picks one (or HTML), the headers, and writing the body.
import type { Request, Response } from 'express';
import type { Quad } from 'n3';
import type { Graph } from '../graph/load-graph.js';
import type { GraphRef } from '../graph/graph-ref.js';
import { PREFIXES, entityPrefixes } from '../rdf/namespaces.js';
import { RDF_FORMATS, serializeQuads, type RdfFormat } from '../rdf/serialize.js';
import { negotiate, parseAccept, type MediaRange } from '../rdf/negotiate.js';

/** The syntaxes a description is served in: those without named graphs, Turtle first. */
export const DESCRIPTION_FORMATS: readonly RdfFormat[] = RDF_FORMATS.filter((f) => !f.quads);
const DESCRIPTION_TYPES = DESCRIPTION_FORMATS.map((f) => f.mediaType);
export const HTML = 'text/html';

/**
 * HTML or one of `offered` RDF types for this Accept header, or undefined when nothing fits (406).
 * q-values decide, with one guard: a client that names one of our RDF types is an RDF client, and gets
 * HTML only if it names text/html itself with a strictly higher q. So rapper, rdflib and Jena (which add
 * `*∕*;q=0.1` or `text/html;q=0.9` at the same q as RDF/XML) get RDF, while a bare `*∕*` (curl) and
 * browsers get HTML, which is offered first.
 */
export function chooseRepresentation(accept: string | undefined, offered: readonly string[] = DESCRIPTION_TYPES, { jsonIsJsonLd = true } = {}): string | undefined {
  const parsed = parseAccept(accept);
  const ranges = jsonIsJsonLd ? jsonAsJsonLd(parsed, offered) : parsed;
  const named = (type: string) => ranges.filter((r) => `${r.type}/${r.subtype}` === type && r.q > 0).reduce((q, r) => Math.max(q, r.q), 0);
  const rdfNamed = offered.filter((t) => named(t) > 0);
  if (rdfNamed.length) {
    const best = negotiate(formatAccept(ranges), rdfNamed)!;
    return named(HTML) > named(best) ? HTML : best;
  }
  return negotiate(formatAccept(ranges), [HTML, ...offered]);
}

/**
 * Generic clients (fetch wrappers, API tools) ask for `application/json`: JSON-LD is JSON, so they get it
 * wherever JSON-LD is offered, with the q-value they gave JSON, unless they also name JSON-LD themselves
 * (or the URL is the SPARQL endpoint, where application/json means SPARQL JSON results).
 */
function jsonAsJsonLd(ranges: MediaRange[], offered: readonly string[]): MediaRange[] {
  const jsonLd = 'application/ld+json';
  if (!offered.includes(jsonLd) || ranges.some((r) => r.type === 'application' && r.subtype === 'ld+json')) return ranges;
  return ranges.map((r) => (r.type === 'application' && r.subtype === 'json' ? { ...r, subtype: 'ld+json' } : r));
}

const formatAccept = (ranges: MediaRange[]) => ranges.map((r) => `${r.type}/${r.subtype};q=${r.q}`).join(', ');

/** The Content-Type to send: the textual syntaxes say they are UTF-8; JSON is UTF-8 by definition (RFC 8259). */
export function contentType(mediaType: string): string {
  return mediaType === 'application/ld+json' ? mediaType : `${mediaType}; charset=utf-8`;
}

/** Prefixes for everything the server writes: the vocabularies and the directory's own IRIs under the base. */
export function outputPrefixes(baseIri: string): Record<string, string> {
  return { ...PREFIXES, ...entityPrefixes(baseIri) };
}

export async function writeRdf(quads: Quad[], mediaType: string, graph: Graph): Promise<Buffer> {
  return Buffer.from(await serializeQuads(quads, mediaType, { prefixes: outputPrefixes(graph.baseIri), baseIri: graph.baseIri }));
}

/**
 * Validators and caching for data that only changes when the graph reloads: the load time seeds a weak
 * ETag (one per representation, since the same URL varies by Accept and encoding). Five minutes of
 * freshness is harmless for a directory edited by pull request. Returns whether the client's copy is
 * still fresh, in which case a 304 has been sent.
 */
export function sendIfFresh(req: Request, res: Response, graph: Graph, representation: string): boolean {
  res.set({
    ETag: `W/"${graph.loadedAt.getTime().toString(36)}-${representation}"`,
    'Last-Modified': graph.loadedAt.toUTCString(),
    'Cache-Control': 'public, max-age=300',
    // Open data: scripts on other sites (a query editor, rdflib.js) may read it.
    'Access-Control-Allow-Origin': '*',
  });
  if (!req.fresh) return false;
  res.status(304).end();
  return true;
}

/** Sends an RDF (or any) body as bytes, so that Express adds no charset of its own and sets Content-Length. */
export function sendBody(res: Response, status: number, mediaType: string, body: Buffer | string): void {
  res.status(status).set('Content-Type', contentType(mediaType)).send(typeof body === 'string' ? Buffer.from(body) : body);
}

/**
 * A body for "not found" that the client's own parser reads as an empty graph with a comment,
 * so that an RDF client gets a parseable answer and a person reading it an explanation.
 */
export function notFoundBody(mediaType: string, iri: string): string {
  const message = `Not found: the directory does not describe ${iri}`;
  switch (mediaType) {
    case 'application/ld+json':
      // Without a @context these keys expand to nothing: JSON-LD processors see an empty graph.
      return `${JSON.stringify({ error: 'not found', iri, message }, null, 2)}\n`;
    case 'application/rdf+xml':
      return `<?xml version="1.0" encoding="utf-8"?>\n<!-- ${message.replace(/--/g, '- -')} -->\n<rdf:RDF xmlns:rdf="${PREFIXES.rdf}"/>\n`;
    default:
      // Turtle and N-Triples both read "#" lines as comments; an IRI holds no line break.
      return `# ${message}\n`;
  }
}

/**
 * Something computed from the graph once per load: built on first use (or eagerly with `warm`), and
 * forgotten with the graph it came from, since a reload builds a new Graph object.
 */
export function perGraph<T>(build: (graph: Graph) => T): { get(graph: Graph): T; warm(graphRef: GraphRef): void } {
  const cache = new WeakMap<Graph, T>();
  const get = (graph: Graph): T => {
    if (!cache.has(graph)) cache.set(graph, build(graph));
    return cache.get(graph)!;
  };
  return {
    get,
    warm(graphRef) {
      get(graphRef.current());
      graphRef.onSwap((graph) => void get(graph));
    },
  };
}
