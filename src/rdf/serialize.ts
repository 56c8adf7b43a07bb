// **serialize** writes quads in every RDF syntax the server offers. n3 writes the Turtle family,
// jsonld writes JSON-LD (compacted with our prefixes), and a small flat writer here writes RDF/XML.
import { DataFactory, Writer, type Quad, type Term } from 'n3';
import jsonld from 'jsonld';
import { termKey } from './term-key.js';

export interface RdfFormat {
  mediaType: string;
  extension: string;
  /** Whether the syntax carries named graphs. */
  quads: boolean;
}

export const RDF_FORMATS: readonly RdfFormat[] = Object.freeze([
  { mediaType: 'text/turtle', extension: 'ttl', quads: false },
  { mediaType: 'application/ld+json', extension: 'jsonld', quads: false },
  { mediaType: 'application/n-triples', extension: 'nt', quads: false },
  { mediaType: 'application/rdf+xml', extension: 'rdf', quads: false },
  { mediaType: 'application/n-quads', extension: 'nq', quads: true },
  { mediaType: 'application/trig', extension: 'trig', quads: true },
]);

export const TRIPLE_MEDIA_TYPES = RDF_FORMATS.filter((f) => !f.quads).map((f) => f.mediaType);
export const QUAD_MEDIA_TYPES = RDF_FORMATS.map((f) => f.mediaType);

export function formatByExtension(extension: string): RdfFormat | undefined {
  return RDF_FORMATS.find((f) => f.extension === extension);
}

export interface SerializeOptions {
  prefixes?: Record<string, string>;
  baseIri?: string;
}

/**
 * Only the prefixes a document uses (a description of one entity should not open with twenty declarations):
 * those whose namespace starts some IRI of the quads. Namespaces end in / # or : almost always, so each IRI is
 * looked up at its separators; only other namespaces are compared with every IRI.
 */
function usedPrefixes(quads: Quad[], prefixes: Record<string, string>): Record<string, string> {
  const bySeparator = new Map<string, string>();
  const others: Array<[string, string]> = [];
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (/[/#:]$/.test(ns)) bySeparator.set(ns, prefix);
    else others.push([prefix, ns]);
  }
  const used: Record<string, string> = {};
  const seen = new Set<string>();
  const see = (term: Term) => {
    const iri = term.termType === 'Literal' ? term.datatype.value : term.termType === 'NamedNode' ? term.value : undefined;
    if (!iri || seen.has(iri)) return;
    seen.add(iri);
    for (let i = iri.length - 1; i >= 0; i--) {
      const c = iri[i];
      if (c !== '/' && c !== '#' && c !== ':') continue;
      const prefix = bySeparator.get(iri.slice(0, i + 1));
      if (prefix !== undefined) used[prefix] = prefixes[prefix];
    }
    for (const [prefix, ns] of others) if (iri.startsWith(ns)) used[prefix] = ns;
  };
  for (const q of quads) {
    see(q.subject);
    see(q.predicate);
    see(q.object);
    see(q.graph);
  }
  return used;
}

function writeWithN3(quads: Quad[], format: string, prefixes: Record<string, string>): Promise<string> {
  const writer = new Writer({ format, prefixes: format === 'N-Triples' || format === 'N-Quads' ? undefined : usedPrefixes(quads, prefixes) });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((error, result) => (error ? reject(error) : resolve(result))));
}

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Flat RDF/XML: one rdf:Description per subject. rdflib 2.4's writer nests an rdf:Description inside
 * rdf:parseType="Resource" for a blank node used once, which is not RDF/XML (its own parser misreads it).
 */
function writeRdfXml(quads: Quad[], options: SerializeOptions): string {
  const namespaces = new Map<string, string>(Object.entries(options.prefixes ?? {}).map(([p, ns]) => [ns, p]));
  namespaces.set(RDF_NS, 'rdf');
  const used = new Set<string>(['rdf']);
  const blankIds = new Map<string, string>();
  const nodeId = (value: string) => blankIds.get(value) ?? blankIds.set(value, `b${blankIds.size}`).get(value)!;
  const qname = (iri: string): string => {
    const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1;
    const [ns, local] = [iri.slice(0, cut), iri.slice(cut)];
    if (!local || !NCNAME.test(local)) throw new Error(`cannot write the predicate <${iri}> in RDF/XML`);
    let prefix = namespaces.get(ns);
    if (!prefix || !NCNAME.test(prefix) || prefix.toLowerCase().startsWith('xml')) {
      prefix = `ns${namespaces.size}`;
      namespaces.set(ns, prefix);
    }
    used.add(prefix);
    return `${prefix}:${local}`;
  };
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = `${q.subject.termType}:${q.subject.value}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), q]);
  }
  const body: string[] = [];
  for (const triples of bySubject.values()) {
    const subject = triples[0].subject;
    const about = subject.termType === 'BlankNode' ? `rdf:nodeID="${nodeId(subject.value)}"` : `rdf:about="${escapeXml(subject.value)}"`;
    body.push(`  <rdf:Description ${about}>`);
    for (const { predicate, object } of triples) {
      const name = qname(predicate.value);
      if (object.termType === 'NamedNode') body.push(`    <${name} rdf:resource="${escapeXml(object.value)}"/>`);
      else if (object.termType === 'BlankNode') body.push(`    <${name} rdf:nodeID="${nodeId(object.value)}"/>`);
      else if (object.termType === 'Literal') {
        const attribute = object.language
          ? ` xml:lang="${escapeXml(object.language)}"`
          : object.datatype.value === XSD_STRING ? '' : ` rdf:datatype="${escapeXml(object.datatype.value)}"`;
        body.push(`    <${name}${attribute}>${escapeXml(object.value)}</${name}>`);
      }
    }
    body.push('  </rdf:Description>');
  }
  const declarations = [...namespaces].filter(([, p]) => used.has(p)).map(([ns, p]) => `\n    xmlns:${p}="${escapeXml(ns)}"`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${declarations}>\n${body.join('\n')}\n</rdf:RDF>\n`;
}

async function writeJsonLd(quads: Quad[], options: SerializeOptions): Promise<string> {
  const nquads = await writeWithN3(quads, 'N-Quads', {});
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads', useNativeTypes: false });
  const context = { ...(options.prefixes ?? {}) };
  const compacted = await jsonld.compact(expanded, context, { compactArrays: true });
  return `${JSON.stringify(compacted, null, 2)}\n`;
}

/** Writes `quads` as `mediaType`. Triple syntaxes get the union of the graphs (graph names dropped). */
export async function serializeQuads(quads: Quad[], mediaType: string, options: SerializeOptions = {}): Promise<string> {
  const prefixes = options.prefixes ?? {};
  const format = RDF_FORMATS.find((f) => f.mediaType === mediaType);
  if (!format) throw new Error(`no RDF writer for ${mediaType}`);
  if (format.quads) return writeWithN3(quads, mediaType === 'application/trig' ? 'TriG' : 'N-Quads', prefixes);
  const triples = dropGraphs(quads);
  switch (mediaType) {
    case 'text/turtle':
      return writeWithN3(triples, 'Turtle', prefixes);
    case 'application/n-triples':
      return writeWithN3(triples, 'N-Triples', prefixes);
    case 'application/ld+json':
      return writeJsonLd(triples, options);
    default:
      return writeRdfXml(triples, options);
  }
}

/** The union of the graphs: each triple once, whatever the files that state it. */
export function dropGraphs(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  const triples: Quad[] = [];
  for (const q of quads) {
    const key = `${termKey(q.subject)}\u0000${q.predicate.value}\u0000${termKey(q.object)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    triples.push(q.graph.termType === 'DefaultGraph' ? q : DataFactory.quad(q.subject, q.predicate, q.object));
  }
  return triples;
}
