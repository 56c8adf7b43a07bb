// **results** writes SELECT and ASK results in the W3C formats: SPARQL JSON, SPARQL XML, CSV and TSV.
// Written here rather than by Comunica, whose XML writer fails on ASK and whose streams cannot be cut
// at a row limit before the status line is sent.
import type { Term } from 'n3';
import type { QueryForm } from './query.js';
import { QUAD_MEDIA_TYPES, RDF_FORMATS } from '../rdf/serialize.js';

export const SPARQL_JSON = 'application/sparql-results+json';
export const SPARQL_XML = 'application/sparql-results+xml';
export const CSV = 'text/csv';
export const TSV = 'text/tab-separated-values';

/** What each query form can be answered in, the preferred type first. */
export const MEDIA_TYPES: Readonly<Record<QueryForm, readonly string[]>> = Object.freeze({
  select: [SPARQL_JSON, SPARQL_XML, CSV, TSV],
  ask: [SPARQL_JSON, SPARQL_XML],
  construct: QUAD_MEDIA_TYPES,
  describe: QUAD_MEDIA_TYPES,
});

/** Short names for the `format` parameter, for links typed by hand. */
const FORMAT_NAMES: Record<string, string> = {
  json: SPARQL_JSON, srj: SPARQL_JSON, xml: SPARQL_XML, srx: SPARQL_XML, csv: CSV, tsv: TSV,
  turtle: 'text/turtle', jsonld: 'application/ld+json', 'json-ld': 'application/ld+json', ntriples: 'application/n-triples',
  'n-triples': 'application/n-triples', rdfxml: 'application/rdf+xml', 'rdf+xml': 'application/rdf+xml', nquads: 'application/n-quads',
  'n-quads': 'application/n-quads',
  ...Object.fromEntries(RDF_FORMATS.map((f) => [f.extension, f.mediaType])),
};

/** The Content-Type of an answer: text and XML types say their charset. */
export function contentTypeOf(type: string): string {
  return type.startsWith('text/') || type === 'application/sparql-results+xml' || type === 'application/rdf+xml' ? `${type}; charset=utf-8` : type;
}

export function mediaTypeForFormat(format: string): string | undefined {
  const lower = format.trim().toLowerCase();
  return FORMAT_NAMES[lower] ?? (lower.includes('/') ? lower : undefined);
}

export type Row = Map<string, Term>;

function jsonTerm(term: Term): Record<string, string> {
  if (term.termType === 'NamedNode') return { type: 'uri', value: term.value };
  if (term.termType === 'BlankNode') return { type: 'bnode', value: term.value };
  if (term.termType === 'Literal') {
    if (term.language) return { type: 'literal', value: term.value, 'xml:lang': term.language };
    if (term.datatype.value !== 'http://www.w3.org/2001/XMLSchema#string') return { type: 'literal', value: term.value, datatype: term.datatype.value };
    return { type: 'literal', value: term.value };
  }
  // RDF 1.2 triple terms have no standard JSON form yet; give their N-Triples text.
  return { type: 'literal', value: ntriples(term) };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmlTerm(term: Term): string {
  if (term.termType === 'NamedNode') return `<uri>${escapeXml(term.value)}</uri>`;
  if (term.termType === 'BlankNode') return `<bnode>${escapeXml(term.value)}</bnode>`;
  if (term.termType === 'Literal') {
    const attribute = term.language
      ? ` xml:lang="${escapeXml(term.language)}"`
      : term.datatype.value === 'http://www.w3.org/2001/XMLSchema#string' ? '' : ` datatype="${escapeXml(term.datatype.value)}"`;
    return `<literal${attribute}>${escapeXml(term.value)}</literal>`;
  }
  return `<literal>${escapeXml(ntriples(term))}</literal>`;
}

function escapeNt(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/** A term in N-Triples syntax, as TSV results require. */
export function ntriples(term: Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return `<${term.value}>`;
    case 'BlankNode':
      return `_:${term.value}`;
    case 'Literal':
      if (term.language) return `"${escapeNt(term.value)}"@${term.language}`;
      if (term.datatype.value === 'http://www.w3.org/2001/XMLSchema#string') return `"${escapeNt(term.value)}"`;
      return `"${escapeNt(term.value)}"^^<${term.datatype.value}>`;
    default:
      return `"${escapeNt(term.value)}"`;
  }
}

function csvField(term: Term | undefined): string {
  if (!term) return '';
  const text = term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function writeBindings(variables: string[], rows: Row[], mediaType: string): string {
  switch (mediaType) {
    case SPARQL_JSON:
      return JSON.stringify({
        head: { vars: variables },
        results: { bindings: rows.map((row) => Object.fromEntries([...row].map(([name, term]) => [name, jsonTerm(term)]))) },
      });
    case SPARQL_XML: {
      const head = variables.map((v) => `<variable name="${escapeXml(v)}"/>`).join('');
      const results = rows
        .map((row) => `<result>${[...row].map(([name, term]) => `<binding name="${escapeXml(name)}">${xmlTerm(term)}</binding>`).join('')}</result>`)
        .join('\n');
      return `<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>${head}</head>\n<results>\n${results}\n</results>\n</sparql>\n`;
    }
    case CSV:
      return [variables.join(','), ...rows.map((row) => variables.map((v) => csvField(row.get(v))).join(','))].join('\r\n') + '\r\n';
    case TSV:
      return [variables.map((v) => `?${v}`).join('\t'), ...rows.map((row) => variables.map((v) => (row.get(v) ? ntriples(row.get(v)!) : '')).join('\t'))].join('\n') + '\n';
    default:
      throw new Error(`no bindings writer for ${mediaType}`);
  }
}

export function writeBoolean(value: boolean, mediaType: string): string {
  if (mediaType === SPARQL_XML) {
    return `<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head/>\n<boolean>${value}</boolean>\n</sparql>\n`;
  }
  return JSON.stringify({ head: {}, boolean: value });
}
