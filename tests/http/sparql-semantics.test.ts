// Exact SPARQL semantics and protocol edges of /sparql, against written answers (issue 13): code-point
// string order whatever the engine does, DESCRIBE *, SELECT * in order of appearance, parse errors with a
// position, queries nested too deeply, and the protocol's corner cases.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser } from 'n3';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { copyDataset, VALID } from '../helpers.js';
import { startVirtuoso, type RunningVirtuoso } from '../engines/virtuoso.js';
import { parseJsonResults } from '../sparql/parse-results.js';

// Written by hand in code-point order: ASCII, a combining accent (U+0301) after plain "e", Latin-1, Latin
// Extended (œ U+0153), Greek, CJK, a full-width letter (U+FF21), then a character beyond U+FFFF (U+1D518),
// which UTF-16 code units would put before U+FF21.
const ORDERED = ['Z', 'a produit', 'b', 'e\u0301t\u00e9', '\u00e0 venir', '\u00e9t\u00e9', '\u0153uvre', '\u0394\u03ad\u03bb\u03c4\u03b1', '\u65e5\u672c', '\uff21', '\u{1d518}'];
const LABEL = 'urn:uc-test:label';
const TAGGED = ['\u00e9cole', 'eau', 'zinc', '\u0153il'];

// The same written answers on the in-process engine and on a real Virtuoso started by the test.
describe.each(['in-process', 'Virtuoso'])('on the %s engine', (engine) => {
  let running: RunningServer;
  let virtuoso: RunningVirtuoso | undefined;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (engine === 'Virtuoso') virtuoso = await startVirtuoso();
    const copy = await copyDataset(VALID);
    cleanup = copy.cleanup;
    const shuffled = [...ORDERED].reverse();
    const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    const lines = shuffled.map((s, i) => `<urn:uc-test:s${i}> <${LABEL}> "${escape(s)}" .`);
    lines.push(...TAGGED.map((s, i) => `<urn:uc-test:t${i}> <urn:uc-test:tagged> "${s}"@fr .`));
    await writeFile(path.join(copy.dir, 'strings.ttl'), `${lines.join('\n')}\n`);
    const engineOptions = virtuoso ? { sparqlEngine: virtuoso.queryUrl, graphStore: virtuoso.storeUrl } : {};
    const env = virtuoso ? { SPARQL_ENGINE_USER: virtuoso.user, SPARQL_ENGINE_PASSWORD: virtuoso.password } : {};
    running = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: copy.dir, strict: false, sparqlWorkers: '1', ...engineOptions }, env), () => {});
  }, 400_000);
  afterAll(async () => {
    await running?.close();
    await virtuoso?.stop();
    await cleanup?.();
  }, 60_000);

  async function select(query: string): Promise<string[][]> {
    const r = await fetch(`${running.url}/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
    const body = await r.text();
    expect(r.status, body).toBe(200);
    const vars = (JSON.parse(body) as { head: { vars: string[] } }).head.vars;
    return parseJsonResults(body).map((row) => vars.map((v) => row[v]?.value ?? ''));
  }

  const column = async (query: string) => (await select(query)).map((row) => row[0]);

  describe('strings compare by code point (fn:compare), not by locale', () => {
    it('ORDER BY ascending and descending', async () => {
      expect(await column(`SELECT ?l WHERE { ?s <${LABEL}> ?l } ORDER BY ?l`)).toEqual(ORDERED);
      expect(await column(`SELECT ?l WHERE { ?s <${LABEL}> ?l } ORDER BY DESC(?l)`)).toEqual([...ORDERED].reverse());
    });

    // Virtuoso 7.2 leaves MIN unbound and gives MAX 0 over plain strings (docs/virtuoso-faults.md): an engine
    // fault the server does not rewrite.
    it.skipIf(engine === 'Virtuoso')('MIN and MAX', async () => {
      expect(await select(`SELECT (MIN(?l) AS ?min) (MAX(?l) AS ?max) WHERE { ?s <${LABEL}> ?l }`)).toEqual([['Z', '\u{1d518}']]);
    });

    it('< > <= >= in FILTER', async () => {
      const filtered = (condition: string) => column(`SELECT ?l WHERE { ?s <${LABEL}> ?l FILTER(${condition}) } ORDER BY ?l`);
      expect(await filtered('?l < "b"')).toEqual(['Z', 'a produit']);
      expect(await filtered('?l > "\u00e9t\u00e9"')).toEqual(ORDERED.slice(6));
      expect(await filtered('?l >= "\u00e0 venir" && ?l <= "\u0153uvre"')).toEqual(['\u00e0 venir', '\u00e9t\u00e9', '\u0153uvre']);
      expect(await filtered('?l > "\uff21"')).toEqual(['\u{1d518}']);
    });

    it('= compares code points: a decomposed accent is another string', async () => {
      expect(await column(`SELECT ?l WHERE { ?s <${LABEL}> ?l FILTER(?l = "\u00e9t\u00e9") }`)).toEqual(['\u00e9t\u00e9']);
      expect(await column(`SELECT ?l WHERE { ?s <${LABEL}> ?l FILTER(?l != "\u00e9t\u00e9" && STRSTARTS(?l, "e")) }`)).toEqual(['e\u0301t\u00e9']);
    });

    it('language-tagged strings order by their text, by code point', async () => {
      expect(await column('SELECT ?l WHERE { ?s <urn:uc-test:tagged> ?l } ORDER BY ?l')).toEqual(['eau', 'zinc', '\u00e9cole', '\u0153il']);
    });
  });

  describe('query forms', () => {
    it('DESCRIBE * WHERE { … } LIMIT 1 describes the bound resources', async () => {
      const r = await fetch(`${running.url}/sparql?query=${encodeURIComponent(`DESCRIBE * WHERE { ?s <${LABEL}> "b" } LIMIT 1`)}`, { headers: { accept: 'application/n-triples' } });
      const body = await r.text();
      expect(r.status, body).toBe(200);
      const triples = new Parser({ format: 'N-Triples' }).parse(body);
      expect(triples.map((t) => `${t.subject.value} ${t.object.value}`)).toEqual([`urn:uc-test:s${[...ORDERED].reverse().indexOf('b')} b`]);
    });

    it('SELECT * lists the variables in the order they appear', async () => {
      const r = await fetch(`${running.url}/sparql?query=${encodeURIComponent(`SELECT * WHERE { ?zeta <${LABEL}> ?alpha OPTIONAL { ?zeta ?mid ?alpha } BIND(1 AS ?b) } LIMIT 1`)}`, { headers: { accept: 'application/sparql-results+json' } });
      expect((await r.json()).head.vars).toEqual(['zeta', 'alpha', 'mid', 'b']);
      const csv = await fetch(`${running.url}/sparql?query=${encodeURIComponent(`SELECT * WHERE { ?y <${LABEL}> ?x } LIMIT 1`)}&format=csv`);
      expect((await csv.text()).split('\r\n')[0]).toBe('y,x');
    });
  });

  describe('errors say what and where', () => {
    const status = async (query: string) => {
      const r = await fetch(`${running.url}/sparql?query=${encodeURIComponent(query)}`);
      return { status: r.status, body: await r.text() };
    };

    it('an unclosed brace: line and column of the end, and what was expected', async () => {
      const r = await status('SELECT * WHERE {\n  ?s ?p ?o .\n');
      expect(r.status).toBe(400);
      expect(r.body).toMatch(/line 3, column 1/);
      expect(r.body).toContain('expected }');
    });

    it('a wrong token: its line and column', async () => {
      const r = await status('SELECT * WHERE {\n ?s ?p ?o FILTER(?o > ) }');
      expect(r.status).toBe(400);
      expect(r.body).toMatch(/line 2, column \d+/);
    });

    it('an unknown prefix: where it is used and how to declare it', async () => {
      const r = await status('SELECT * WHERE {\n  ?s ex:p ?o }');
      expect(r.status).toBe(400);
      expect(r.body).toContain('unknown prefix "ex:" at line 2, column 6');
      expect(r.body).toContain('PREFIX ex:');
    });

    it('a query nested too deeply: a clear 400, not a stack overflow', async () => {
      for (const query of [`SELECT * WHERE ${'{'.repeat(5000)} ?s ?p ?o ${'}'.repeat(5000)}`, `SELECT * WHERE { ?s ?p ?o FILTER(${'('.repeat(3000)}1${')'.repeat(3000)}) }`]) {
        const r = await fetch(`${running.url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: query });
        const body = await r.text();
        expect(r.status, body).toBe(400);
        expect(body).toContain('levels deep');
        expect(body).not.toContain('Maximum call stack');
      }
      // Within the limit, deep nesting is answered.
      expect((await status(`SELECT * WHERE ${'{'.repeat(40)} ?s <${LABEL}> "b" ${'}'.repeat(40)}`)).status).toBe(200);
    });
  });

  describe('protocol edges', () => {
    it('GET /sparql without a query: 400 for result types, the service description for RDF, the editor for browsers', async () => {
      // On /sparql, application/json means SPARQL JSON results (issue 11), so without a query it is a result type too.
      for (const accept of ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'application/json', 'image/png']) {
        const r = await fetch(`${running.url}/sparql`, { headers: { accept } });
        const body = await r.text();
        expect(r.status, accept).toBe(400);
        expect(body).toContain('missing query');
      }
      const rdf = await fetch(`${running.url}/sparql`, { headers: { accept: 'application/n-triples' } });
      expect(rdf.status).toBe(200);
      expect(await rdf.text()).toContain('<http://www.w3.org/ns/sparql-service-description#Service>');
      expect((await fetch(`${running.url}/sparql`, { headers: { accept: 'text/html' } })).status).toBe(200);
      const jsonLd = await fetch(`${running.url}/sparql`, { headers: { accept: 'application/ld+json' } });
      expect(jsonLd.status).toBe(200);
      expect(JSON.stringify(await jsonLd.json())).toContain('sparql-service-description#');
    });

    it('a direct POST with ?query= also in the URL is ambiguous: 400', async () => {
      const r = await fetch(`${running.url}/sparql?query=${encodeURIComponent('ASK {}')}`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: 'SELECT * WHERE { ?s ?p ?o } LIMIT 1' });
      expect(r.status).toBe(400);
      expect(await r.text()).toContain('in the URL and another in the body');
    });

    it('Accept: application/json gets SPARQL JSON results, and JSON-LD for graphs', async () => {
      const rows = await fetch(`${running.url}/sparql?query=${encodeURIComponent(`SELECT ?l WHERE { ?s <${LABEL}> ?l } ORDER BY ?l LIMIT 1`)}`, { headers: { accept: 'application/json' } });
      expect(rows.status).toBe(200);
      expect(rows.headers.get('content-type')).toContain('application/sparql-results+json');
      expect((await rows.json()).results.bindings[0].l.value).toBe('Z');
      const graph = await fetch(`${running.url}/sparql?query=${encodeURIComponent(`CONSTRUCT WHERE { ?s <${LABEL}> "b" }`)}`, { headers: { accept: 'application/json' } });
      expect(graph.status).toBe(200);
      expect(graph.headers.get('content-type')).toContain('application/ld+json');
      expect(JSON.stringify(await graph.json())).toContain(LABEL);
    });

    it('a query over the limit gets 413 with its size and what to do, by GET as by POST', async () => {
      const long = `SELECT * WHERE { ?s ?p ?o } # ${'x'.repeat(110 * 1024)}`;
      const byGet = await fetch(`${running.url}/sparql?query=${encodeURIComponent(long)}`);
      expect(byGet.status).toBe(413);
      expect(await byGet.text()).toMatch(/the query is 1\d\d KB, longer than the 100 KB/);
      const byPost = await fetch(`${running.url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: long });
      expect(byPost.status).toBe(413);
    });

    it('claims sd:BasicFederatedQuery only when SERVICE endpoints are allow-listed', async () => {
      const description = await (await fetch(`${running.url}/sparql`, { headers: { accept: 'application/n-triples' } })).text();
      expect(description).toContain('UnionDefaultGraph');
      expect(description).not.toContain('BasicFederatedQuery');
    });
  });
});
