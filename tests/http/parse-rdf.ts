// Parses what the server sends with parsers independent of its writers: n3 for Turtle and N-Triples,
// the jsonld package (to N-Quads, then n3) for JSON-LD, rdflib for RDF/XML.
import { Parser } from 'n3';
import jsonld from 'jsonld';
import * as rdflib from 'rdflib';

export interface ParsedTriple {
  subject: string;
  predicate: string;
  object: string;
}

const plain = (t: { subject: { value: string }; predicate: { value: string }; object: { value: string } }): ParsedTriple => ({
  subject: t.subject.value,
  predicate: t.predicate.value,
  object: t.object.value,
});

export async function parseRdf(text: string, mediaType: string, base: string): Promise<ParsedTriple[]> {
  switch (mediaType.split(';')[0].trim()) {
    case 'text/turtle':
    case 'application/n-triples':
    case 'application/n-quads':
      return new Parser({ format: mediaType.split(';')[0], baseIRI: base }).parse(text).map(plain);
    case 'application/ld+json': {
      const nquads = (await jsonld.toRDF(JSON.parse(text), { format: 'application/n-quads' })) as unknown as string;
      return new Parser({ format: 'N-Quads' }).parse(nquads).map(plain);
    }
    case 'application/rdf+xml': {
      const store = rdflib.graph();
      rdflib.parse(text, store, base, 'application/rdf+xml');
      return store.statements.map(plain);
    }
    default:
      throw new Error(`no test parser for ${mediaType}`);
  }
}

/** Whether `triples` hold s p o (`o` undefined: any object). */
export function hasTriple(triples: readonly ParsedTriple[], s: string, p: string, o?: string): boolean {
  return triples.some((t) => t.subject === s && t.predicate === p && (o === undefined || t.object === o));
}
