// The executor the workers run, in-process on real data: every form in every format, parsed back.
import { describe, expect, it } from 'vitest';
import { Parser } from 'n3';
import jsonld from 'jsonld';
import * as rdflib from 'rdflib';
import { loadGraph } from '../../src/graph/load-graph.js';
import { describe as describeIri } from '../../src/graph/describe.js';
import { decodeSource, encodeGraph } from '../../src/sparql/quad-source.js';
import { createExecutor } from '../../src/sparql/execute.js';
import { MEDIA_TYPES } from '../../src/sparql/results.js';
import { PREFIXES, entityPrefixes } from '../../src/rdf/namespaces.js';
import { BASE, ONTOLOGY, ROOT, VALID } from '../helpers.js';
import { parseCsv, parseJsonBoolean, parseJsonResults, parseXmlBoolean, parseXmlResults } from './parse-results.js';

const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: VALID, baseIri: BASE, strict: true, cwd: ROOT });
const source = await decodeSource(encodeGraph(graph.store));
const executor = createExecutor(source, { baseIri: BASE, prefixes: { ...PREFIXES, ...entityPrefixes(BASE) } });
const run = (query: string, mediaType: string, maxResults = 1000, dataset?: { defaultGraphs: string[]; namedGraphs: string[] }) =>
  executor.run({ query, mediaType, maxResults, dataset });

const SELECT = `PREFIX schema: <http://schema.org/> SELECT ?s ?name WHERE { ?s a <https://w3id.org/usages-communs/ns#DigitalCommons> ; schema:name ?name } ORDER BY ?name`;
const DECIDIM = `${BASE}id/commons/decidim`;

/** Parses an RDF answer with an independent parser and returns N-Triples-like keys. */
async function triplesOf(body: string, mediaType: string): Promise<string[]> {
  const key = (s: { value: string }, p: { value: string }, o: { value: string }) => `${s.value} ${p.value} ${o.value}`;
  if (mediaType === 'application/ld+json') {
    const nquads = (await jsonld.toRDF(JSON.parse(body), { format: 'application/n-quads' })) as unknown as string;
    return new Parser({ format: 'N-Quads' }).parse(nquads).map((q) => key(q.subject, q.predicate, q.object));
  }
  if (mediaType === 'application/rdf+xml') {
    const store = rdflib.graph();
    rdflib.parse(body, store, BASE, 'application/rdf+xml');
    return store.statements.map((st) => key(st.subject, st.predicate, st.object));
  }
  return new Parser({ format: mediaType }).parse(body).map((q) => key(q.subject, q.predicate, q.object));
}

describe('executor', () => {
  it.each(MEDIA_TYPES.select)('SELECT as %s parses back with both commons', async (type) => {
    const answer = await run(SELECT, type);
    expect(answer.contentType.startsWith(type)).toBe(true);
    const names = type === 'application/sparql-results+json' ? parseJsonResults(answer.body).map((r) => r.name.value)
      : type === 'application/sparql-results+xml' ? (await parseXmlResults(answer.body)).map((r) => r.name.value)
      : type === 'text/csv' ? parseCsv(answer.body).slice(1).map((r) => r[1])
      : answer.body.trimEnd().split('\n').slice(1).map((l) => new Parser({ format: 'N-Triples' }).parse(`<http://a> <http://b> ${l.split('\t')[1]} .`)[0].object.value);
    expect(names).toEqual(['Decidim', 'SemApps']);
  });

  it.each(MEDIA_TYPES.ask)('ASK as %s', async (type) => {
    const yes = await run('ASK { ?s <http://schema.org/name> "Decidim" }', type);
    const no = await run('ASK { ?s <http://schema.org/name> "Nothing" }', type);
    const read = (body: string) => (type.endsWith('json') ? Promise.resolve(parseJsonBoolean(body)) : parseXmlBoolean(body));
    expect([await read(yes.body), await read(no.body)]).toEqual([true, false]);
  });

  it.each(MEDIA_TYPES.construct)('CONSTRUCT as %s parses back, relative template IRIs resolved', async (type) => {
    const answer = await run('CONSTRUCT { ?s <ns#label> ?n } WHERE { ?s <http://schema.org/name> ?n ; a <https://w3id.org/usages-communs/ns#DigitalCommons> }', type);
    const triples = await triplesOf(answer.body, type);
    expect(triples).toContain(`${DECIDIM} ${BASE}ns#label Decidim`);
    expect(triples).toHaveLength(2);
  });

  it.each(MEDIA_TYPES.describe)('DESCRIBE as %s gives what dereferencing gives', async (type) => {
    const answer = await run(`DESCRIBE <${DECIDIM}>`, type);
    const expected = describeIri(graph.union, DECIDIM).map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`);
    expect((await triplesOf(answer.body, type)).sort()).toEqual(expected.sort());
  });

  it('binds DESCRIBE variables with the WHERE pattern', async () => {
    const answer = await run('DESCRIBE ?s WHERE { ?s <http://schema.org/name> "SemApps" }', 'application/n-triples');
    expect(answer.body).toContain('<https://w3id.org/usages-communs/id/commons/semapps> <http://schema.org/maintainer>');
  });

  it('queries the union as default graph and each file as a named graph', async () => {
    const all = parseJsonResults((await run('SELECT (COUNT(*) AS ?c) WHERE { ?s a <https://w3id.org/usages-communs/ns#DigitalCommons> }', 'application/sparql-results+json')).body);
    expect(all[0].c.value).toBe('2');
    const files = parseJsonResults((await run('SELECT ?g WHERE { GRAPH ?g { ?s a <https://w3id.org/usages-communs/ns#DigitalCommons> } } ORDER BY ?g', 'application/sparql-results+json')).body);
    expect(files.map((r) => r.g.value)).toEqual([`${BASE}source/data/commons/decidim.ttl`, `${BASE}source/data/commons/semapps.ttl`]);
  });

  it('applies the protocol dataset: default-graph-uri and named-graph-uri', async () => {
    const only = `${BASE}source/data/commons/semapps.ttl`;
    const inDefault = parseJsonResults((await run(SELECT, 'application/sparql-results+json', 100, { defaultGraphs: [only], namedGraphs: [] })).body);
    expect(inDefault.map((r) => r.name.value)).toEqual(['SemApps']);
    const named = parseJsonResults((await run('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }', 'application/sparql-results+json', 100, { defaultGraphs: [], namedGraphs: [only] })).body);
    expect(named.map((r) => r.g.value)).toEqual([only]);
  });

  it('cuts an answer at the result limit and says so', async () => {
    const answer = await run('SELECT * WHERE { ?s ?p ?o }', 'application/sparql-results+json', 5);
    expect(answer.truncated).toBe(true);
    expect(parseJsonResults(answer.body)).toHaveLength(5);
    expect((await run(SELECT, 'application/sparql-results+json', 5)).truncated).toBe(false);
  });

  it('answers with accents and full-text filters', async () => {
    const rows = parseJsonResults((await run(`SELECT ?s WHERE { ?s <http://schema.org/description> ?d FILTER(CONTAINS(LCASE(?d), "démocratie")) }`, 'application/sparql-results+json')).body);
    expect(rows.map((r) => r.s.value)).toContain(DECIDIM);
  });
});
