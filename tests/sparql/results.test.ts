import { describe, expect, it } from 'vitest';
import { DataFactory, Parser, type Term } from 'n3';
import { writeBindings, writeBoolean, mediaTypeForFormat, SPARQL_JSON, SPARQL_XML, CSV, TSV, type Row } from '../../src/sparql/results.js';
import { parseCsv, parseJsonBoolean, parseJsonResults, parseXmlBoolean, parseXmlResults } from './parse-results.js';

const { namedNode, literal, blankNode } = DataFactory;
const tricky: Row[] = [
  new Map<string, Term>([['s', namedNode('https://w3id.org/usages-communs/id/commons/decidim')], ['label', literal('Démocratie, « participative » & "libre"\nsur deux lignes', 'fr')]]),
  new Map<string, Term>([['s', blankNode('b1')], ['label', literal('2016', namedNode('http://www.w3.org/2001/XMLSchema#gYear'))]]),
  new Map<string, Term>([['s', namedNode('http://example.org/<weird>')]]),
];

describe('result writers', () => {
  it('SPARQL JSON parses back with the same terms, unbound values left out', () => {
    const rows = parseJsonResults(writeBindings(['s', 'label'], tricky, SPARQL_JSON));
    expect(rows).toHaveLength(3);
    expect(rows[0].label.equals(tricky[0].get('label')!)).toBe(true);
    expect(rows[1].label.equals(tricky[1].get('label')!)).toBe(true);
    expect(rows[1].s.termType).toBe('BlankNode');
    expect(rows[2].label).toBeUndefined();
  });

  it('SPARQL XML parses back with the same terms, escaping included', async () => {
    const rows = await parseXmlResults(writeBindings(['s', 'label'], tricky, SPARQL_XML));
    expect(rows).toHaveLength(3);
    expect(rows[0].label.equals(tricky[0].get('label')!)).toBe(true);
    expect(rows[2].s.value).toBe('http://example.org/<weird>');
  });

  it('CSV quotes what needs quoting and has CRLF rows', () => {
    const text = writeBindings(['s', 'label'], tricky, CSV);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([
      ['s', 'label'],
      ['https://w3id.org/usages-communs/id/commons/decidim', 'Démocratie, « participative » & "libre"\nsur deux lignes'],
      ['_:b1', '2016'],
      ['http://example.org/<weird>', ''],
    ]);
  });

  it('TSV holds terms in N-Triples syntax, one row per line', () => {
    const lines = writeBindings(['s', 'label'], tricky, TSV).trimEnd().split('\n');
    expect(lines[0]).toBe('?s\t?label');
    expect(lines).toHaveLength(4);
    const [s, label] = lines[1].split('\t');
    const triple = new Parser({ format: 'N-Triples' }).parse(`${s} <http://p> ${label} .`)[0];
    expect(triple.object.equals(tricky[0].get('label')!)).toBe(true);
  });

  it('ASK in JSON and XML', async () => {
    expect(parseJsonBoolean(writeBoolean(true, SPARQL_JSON))).toBe(true);
    expect(await parseXmlBoolean(writeBoolean(false, SPARQL_XML))).toBe(false);
  });

  it('maps format names typed by hand to media types', () => {
    expect(mediaTypeForFormat('json')).toBe(SPARQL_JSON);
    expect(mediaTypeForFormat('TTL')).toBe('text/turtle');
    expect(mediaTypeForFormat('rdf')).toBe('application/rdf+xml');
    expect(mediaTypeForFormat('text/csv')).toBe('text/csv');
    expect(mediaTypeForFormat('nonsense')).toBeUndefined();
  });
});
