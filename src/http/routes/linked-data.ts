// **linked-data** serves every IRI under the base that the graph describes, at its path on this origin:
// ask (is it described?), then describe, then negotiate, as trifid does. RDF clients get the syntax they
// ask for; HTML clients are handed on to the pages. `/id/commons/decidim.ttl` (.jsonld, .nt, .rdf) names
// a syntax for links typed by hand, and wins over Accept.
import { Router } from 'express';
import { describe, fragmentIndex, type FragmentIndex } from '../../graph/describe.js';
import type { Graph } from '../../graph/load-graph.js';
import type { GraphRef } from '../../graph/graph-ref.js';
import { formatByExtension, type RdfFormat } from '../../rdf/serialize.js';
import { pathToIri } from '../../rdf/iri-paths.js';
import {
  DESCRIPTION_FORMATS, HTML, chooseRepresentation, notFoundBody, perGraph, sendBody, sendIfFresh, writeRdf,
} from '../rdf-response.js';

/** What a request path names: the IRI, its path without extension, and the syntax an extension asks for. */
export interface LinkedDataTarget {
  iri: string;
  path: string;
  format?: RdfFormat;
  described: boolean;
}

/** Paths where the directory mints IRIs: an unknown one there is a 404 in the client's format; elsewhere other routes may answer. */
const MINTED = /^\/(id|ns)(\/|$)/;
const EXTENSION = /\.([a-z]+)$/;

/** Whether the graph says something about `iri` itself (as a subject, or through the #fragments of its document). */
export function isDescribed(graph: Graph, fragments: FragmentIndex, iri: string): boolean {
  return fragments.has(iri) || graph.union.countQuads(iri, null, null, null) > 0;
}

function decoded(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** Resolves a request path: described as it is, or through a syntax extension, or in the minted space (unknown), or not ours. */
export function resolvePath(path: string, graph: Graph, fragments: FragmentIndex): LinkedDataTarget | undefined {
  // An IRI with non-ASCII characters arrives percent-encoded; the data may write it either way.
  const described = (p: string) => [p, decoded(p)].map((c) => pathToIri(c, graph.baseIri)).find((iri) => isDescribed(graph, fragments, iri));
  const whole = described(path);
  if (whole) return { iri: whole, path, described: true };
  const extension = EXTENSION.exec(path);
  const format = extension ? DESCRIPTION_FORMATS.find((f) => f === formatByExtension(extension[1])) : undefined;
  const stem = format ? path.slice(0, -extension![0].length) : path;
  const iri = format && described(stem);
  if (iri) return { iri, path: stem, format, described: true };
  return MINTED.test(path) ? { iri: pathToIri(stem, graph.baseIri), path: stem, format, described: false } : undefined;
}

/**
 * Link header for a described IRI: each syntax at its own URL (rel="alternate"; type=…, as HTML's
 * <link rel="alternate"> and RFC 8288 do), and the canonical IRI (rel="canonical", RFC 6596) because
 * this origin (localhost, a staging host) may not be the one that names the resource.
 */
export function alternateLinks(target: LinkedDataTarget): string {
  return [
    `<${target.path}>; rel="alternate"; type="${HTML}"`,
    ...DESCRIPTION_FORMATS.map((f) => `<${target.path}.${f.extension}>; rel="alternate"; type="${f.mediaType}"`),
    `<${target.iri}>; rel="canonical"`,
  ].join(', ');
}

/** Document IRI → #fragments, once per loaded graph; shared by the RDF answers and the HTML fallback page. */
export const graphFragments = perGraph((graph) => fragmentIndex(graph.union));

/** GET and HEAD of every described IRI in RDF; HTML requests and paths that are not IRIs go on to the next routes. */
export function linkedDataRoutes(graphRef: GraphRef): Router {
  const fragments = graphFragments;
  fragments.warm(graphRef);
  const router = Router();
  router.use(async function linkedDataMiddleware(req, res, next) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const graph = graphRef.current();
    const target = resolvePath(req.path, graph, fragments.get(graph));
    if (!target) return next();
    if (!target.format) res.vary('Accept');
    if (target.described) res.append('Link', alternateLinks(target));
    const mediaType = target.format?.mediaType ?? chooseRepresentation(req.get('accept'));
    // HTML clients get the page (or, for an unknown IRI, the 404 page) from the routes after this one.
    if (mediaType === HTML || (!mediaType && !target.described)) return next();
    if (!mediaType) {
      const types = [HTML, ...DESCRIPTION_FORMATS.map((f) => f.mediaType)];
      return sendBody(res, 406, 'text/plain', `Not acceptable. ${target.iri} is available as:\n${types.map((t) => `  ${t}\n`).join('')}`);
    }
    if (!target.described) return sendBody(res, 404, mediaType, notFoundBody(mediaType, target.iri));
    const format = DESCRIPTION_FORMATS.find((f) => f.mediaType === mediaType)!;
    if (!target.format) res.set('Content-Location', `${target.path}.${format.extension}`);
    if (sendIfFresh(req, res, graph, format.extension)) return;
    const quads = describe(graph.union, target.iri, fragments.get(graph));
    sendBody(res, 200, mediaType, await writeRdf(quads, mediaType, graph));
  });
  return router;
}
