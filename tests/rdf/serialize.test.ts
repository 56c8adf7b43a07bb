// Every syntax is parsed back by an independent parser and must give the same triples.
import { describe, expect, it } from 'vitest';
import { DataFactory, Parser, type Quad } from 'n3';
import jsonld from 'jsonld';
import * as rdflib from 'rdflib';
import { RDF_FORMATS, serializeQuads } from '../../src/rdf/serialize.js';
import { PREFIXES } from '../../src/rdf/namespaces.js';

const { namedNode, literal, blankNode, quad } = DataFactory;
const S = namedNode('https://w3id.org/usages-communs/id/commons/decidim');
const g1 = namedNode('https://w3id.org/usages-communs/source/data/commons/decidim.ttl');
const quads: Quad[] = [
  quad(S, namedNode(`${PREFIXES.schema}name`), literal('Decidim'), g1),
  quad(S, namedNode(`${PREFIXES.schema}description`), literal('Démocratie participative, « libre » & <ouverte>', 'fr'), g1),
  quad(S, namedNode(`${PREFIXES.schema}dateCreated`), literal('2016', namedNode(`${PREFIXES.xsd}gYear`)), g1),
  quad(S, namedNode(`${PREFIXES.schema}funder`), blankNode('b1'), g1),
  quad(blankNode('b1'), namedNode(`${PREFIXES.schema}name`), literal('Ajuntament'), g1),
];

/** A canonical string per triple, blank nodes renamed, so that documents can be compared as sets. */
function canon(triples: Array<{ subject: { termType: string; value: string }; predicate: { value: string }; object: { termType: string; value: string; language?: string; datatype?: { value: string } } }>): string[] {
  const term = (t: { termType: string; value: string; language?: string; datatype?: { value: string } }) =>
    t.termType === 'BlankNode' ? '_:b' : t.termType === 'Literal' ? `"${t.value}"@${t.language ?? ''}^^${t.language ? '' : t.datatype?.value}` : `<${t.value}>`;
  return triples.map((t) => `${term(t.subject)} <${t.predicate.value}> ${term(t.object)}`).sort();
}

const expected = canon(quads);

describe('serializeQuads', () => {
  it.each(['text/turtle', 'application/n-triples'])('%s parses back with n3', async (type) => {
    const text = await serializeQuads(quads, type, { prefixes: { schema: PREFIXES.schema } });
    expect(canon(new Parser({ format: type }).parse(text))).toEqual(expected);
  });

  it('declares in Turtle the prefixes its IRIs and datatypes use, and only those', async () => {
    const prefixes = { schema: PREFIXES.schema, xsd: PREFIXES.xsd, foaf: PREFIXES.foaf, commons: 'https://w3id.org/usages-communs/id/commons/', odd: 'https://w3id.org/usages-communs/id/comm' };
    const text = await serializeQuads(quads, 'text/turtle', { prefixes });
    const declared = [...text.matchAll(/@prefix (\w+):/g)].map((m) => m[1]).sort();
    expect(declared).toEqual(['commons', 'odd', 'schema', 'xsd']);
  });

  it.each(['application/n-quads', 'application/trig'])('%s keeps the named graphs', async (type) => {
    const parsed = new Parser({ format: type }).parse(await serializeQuads(quads, type));
    expect(canon(parsed)).toEqual(expected);
    expect(parsed.every((q) => q.graph.value === g1.value)).toBe(true);
  });

  it('application/ld+json parses back with jsonld', async () => {
    const text = await serializeQuads(quads, 'application/ld+json', { prefixes: { schema: PREFIXES.schema } });
    expect(JSON.parse(text)['@context']).toMatchObject({ schema: PREFIXES.schema });
    const nquads = (await jsonld.toRDF(JSON.parse(text), { format: 'application/n-quads' })) as unknown as string;
    expect(canon(new Parser({ format: 'N-Quads' }).parse(nquads))).toEqual(expected);
  });

  it('application/rdf+xml parses back with rdflib', async () => {
    const text = await serializeQuads(quads, 'application/rdf+xml', { prefixes: { schema: PREFIXES.schema } });
    const store = rdflib.graph();
    rdflib.parse(text, store, 'https://w3id.org/usages-communs/', 'application/rdf+xml');
    const triples = store.statements.map((st) => ({
      subject: st.subject, predicate: st.predicate,
      object: { termType: st.object.termType, value: st.object.value, language: (st.object as rdflib.Literal).language || undefined, datatype: (st.object as rdflib.Literal).datatype },
    }));
    expect(canon(triples as never)).toEqual(expected);
  });

  it('offers the same list of formats everywhere', () => {
    expect(RDF_FORMATS.map((f) => f.extension)).toEqual(['ttl', 'jsonld', 'nt', 'rdf', 'nq', 'trig']);
  });
});
