import { describe, expect, it } from 'vitest';
import { checkAccess, checkGraphs, parseQuery, QueryError, withDataset } from '../../src/sparql/query.js';

const BASE = 'https://w3id.org/usages-communs/';
const rules = (services: string[] = []) => ({
  localGraphs: new Set([`${BASE}source/data/commons/decidim.ttl`]),
  allowedServices: new Set(services),
});
const refused = (query: string, services: string[] = []) => {
  try {
    checkAccess(parseQuery(query, BASE), rules(services));
    return undefined;
  } catch (e) {
    return e as QueryError;
  }
};

describe('parseQuery', () => {
  it('tells the query form', () => {
    expect(parseQuery('SELECT * WHERE { ?s ?p ?o }', BASE).form).toBe('select');
    expect(parseQuery('ASK { ?s ?p ?o }', BASE).form).toBe('ask');
    expect(parseQuery('CONSTRUCT WHERE { ?s ?p ?o }', BASE).form).toBe('construct');
    expect(parseQuery('DESCRIBE <x>', BASE).form).toBe('describe');
  });

  it('resolves relative IRIs against the endpoint base', () => {
    const q = parseQuery('DESCRIBE <id/commons/decidim>', BASE);
    expect(JSON.stringify(q.algebra)).toContain(`${BASE}id/commons/decidim`);
  });

  it('refuses updates as read-only', () => {
    expect(() => parseQuery('PREFIX : <http://x/> INSERT DATA { :a :b :c }', BASE)).toThrow(/read-only/);
  });

  it('says where a syntax error is, without the parser token dump', () => {
    const error = (() => { try { parseQuery('SELECT * WHERE {\n  ?s ?p \n}', BASE); } catch (e) { return e as Error; } })()!;
    expect(error).toBeInstanceOf(QueryError);
    expect(error.message).toMatch(/^syntax error on line 3/);
    expect(error.message).not.toMatch(/Expecting/);
    expect(() => parseQuery('SELEC * WHERE {}', BASE)).toThrow(/line 1, column 1/);
    expect(() => parseQuery('SELECT * WHERE { ?s a foaf:Person }', BASE)).toThrow('unknown prefix "foaf:" at line 1, column 23');
  });
});

describe('checkAccess', () => {
  it('refuses SERVICE everywhere a query can hide it, SILENT or optional', () => {
    expect(refused('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')?.message).toMatch(/SERVICE <http:\/\/example.org\/sparql> is not allowed/);
    expect(refused('SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }')).toBeInstanceOf(QueryError);
    expect(refused('SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <http://example.org/sparql> { ?s ?p ?o } } }')).toBeInstanceOf(QueryError);
    expect(refused('SELECT * WHERE { { ?a ?b ?c } UNION { SERVICE <http://e/s> { ?s ?p ?o } } }')).toBeInstanceOf(QueryError);
    expect(refused('SELECT * WHERE { ?a ?b ?c MINUS { SERVICE <http://e/s> { ?s ?p ?o } } }')).toBeInstanceOf(QueryError);
    expect(refused('SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <http://e/s> { ?s ?p ?o } } }')).toBeInstanceOf(QueryError);
    expect(refused('SELECT * WHERE { BIND(<http://e/s> AS ?e) SERVICE ?e { ?s ?p ?o } }')?.message).toMatch(/SERVICE \?e is not allowed/);
  });

  it('lets allow-listed services through', () => {
    expect(refused('SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }', ['https://query.wikidata.org/sparql'])).toBeUndefined();
  });

  it('accepts FROM on the endpoint own graphs only', () => {
    expect(refused(`SELECT * FROM <${BASE}source/data/commons/decidim.ttl> WHERE { ?s ?p ?o }`)).toBeUndefined();
    expect(refused('SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }')?.message).toMatch(/FROM <http:\/\/example.org\/data.ttl> is not a graph of this endpoint/);
    expect(refused('SELECT * FROM NAMED <http://example.org/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }')).toBeInstanceOf(QueryError);
    expect(() => checkGraphs(['http://example.org/g'], rules(), 'default-graph-uri')).toThrow(/default-graph-uri <http:\/\/example.org\/g>/);
  });
});

describe('withDataset', () => {
  it('replaces the query FROM with the protocol dataset', () => {
    const q = parseQuery('SELECT * FROM <http://a> WHERE { ?s ?p ?o }', BASE);
    const algebra = withDataset(q, { defaultGraphs: ['http://b'], namedGraphs: [] }) as { type: string; default: { value: string }[]; input: { type: string } };
    expect(algebra.type).toBe('from');
    expect(algebra.default.map((g) => g.value)).toEqual(['http://b']);
    expect(algebra.input.type).toBe('project');
    expect(withDataset(q, undefined)).toBe(q.algebra);
  });
});
