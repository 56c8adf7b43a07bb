// /sparql through an external engine, a real Virtuoso 7.2 started by the test (issue 13): the example
// queries give the same answers as in process; a reload sends only changed files and the new answer comes at
// once; two replicas behind a real nginx answer alike, with per-client limits from X-Forwarded-For.
import http from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Parser } from 'n3';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { loadExamples } from '../../src/sparql/examples.js';
import { parseQuery } from '../../src/sparql/query.js';
import { authFetch } from '../../src/sparql/external.js';
import { copyDataset, mergeDatasets, DATA, ONTOLOGY, BASE } from '../helpers.js';
import { parseJsonResults } from '../sparql/parse-results.js';
import { freePort, startVirtuoso, type RunningVirtuoso } from '../engines/virtuoso.js';
import { startNginx, type RunningNginx } from '../helpers/nginx.js';

let virtuoso: RunningVirtuoso;
let dir: string;
let cleanup: () => Promise<void>;
let inProcess: RunningServer;
let external: RunningServer;
/** Graph Store requests that reached Virtuoso through the counting proxy: "PUT <graph>". */
const storeRequests: string[] = [];
let proxy: http.Server;

/** A pass-through HTTP proxy in front of Virtuoso's graph store that records each request's method and graph. */
async function countingProxy(target: string): Promise<string> {
  const to = new URL(target);
  proxy = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'GET' && req.headers.authorization) storeRequests.push(`${req.method} ${url.searchParams.get('graph')}`);
    const forward = http.request({ host: to.hostname, port: to.port, path: `${to.pathname}${url.search}`, method: req.method, headers: { ...req.headers, host: to.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    // Virtuoso may answer a request without credentials (401) before reading its body, and close.
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
    });
    forward.end(Buffer.concat(chunks));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as { port: number }).port}${to.pathname}`;
}

function externalConfig(data: string, storeUrl: string, extra: Record<string, string> = {}) {
  return createConfig({ port: '0', host: '127.0.0.1', data, sparqlEngine: virtuoso.queryUrl, graphStore: storeUrl, ...extra }, { SPARQL_ENGINE_USER: virtuoso.user, SPARQL_ENGINE_PASSWORD: virtuoso.password });
}

beforeAll(async () => {
  virtuoso = await startVirtuoso();
  ({ dir, cleanup } = await copyDataset(DATA));
  const storeUrl = await countingProxy(virtuoso.storeUrl);
  [inProcess, external] = await Promise.all([
    startServer(createConfig({ port: '0', host: '127.0.0.1', data: dir, sparqlWorkers: '2', sparqlTimeout: '60' }, {}), () => {}),
    startServer(externalConfig(dir, storeUrl, { sparqlTimeout: '60' }), () => {}),
  ]);
}, 600_000);

afterAll(async () => {
  await inProcess?.close();
  await external?.close();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await virtuoso?.stop();
  await cleanup?.();
}, 60_000);

/** An answer as a sorted list of rows or triples, blank nodes anonymised: comparable across engines. */
/** Asks Virtuoso itself (all its graphs), as an operator would. */
async function askVirtuoso(query: string): Promise<Array<Record<string, { value: string }>>> {
  const r = await fetch(virtuoso.queryUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' }, body: new URLSearchParams({ query }) });
  return ((await r.json()) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;
}
const contentGraphsOf = async (fileGraph: string) =>
  (await askVirtuoso(`SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${fileGraph}#sha256-")) }`)).map((row) => row.g.value);
const inVirtuoso = async (graph: string) => (await askVirtuoso(`SELECT ?s WHERE { GRAPH <${graph}> { ?s ?p ?o } } LIMIT 1`)).length > 0;
/** Writes a graph into Virtuoso directly, with the credentials the server uses. */
async function put(graph: string, ntriples: string): Promise<void> {
  const r = await authFetch(`${virtuoso.storeUrl}?graph=${encodeURIComponent(graph)}`, { method: 'PUT', body: ntriples, headers: { 'content-type': 'application/n-triples' } }, virtuoso.user, virtuoso.password);
  expect(r.ok, await r.text()).toBe(true);
}

async function answerOf(server: RunningServer, query: string): Promise<string[]> {
  const form = parseQuery(query, BASE).form;
  const accept = form === 'select' || form === 'ask' ? 'application/sparql-results+json' : 'application/n-triples';
  const r = await fetch(`${server.url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept }, body: query });
  const body = await r.text();
  expect(r.status, body).toBe(200);
  const show = (t: { termType: string; value: string; language?: string; datatype?: { value: string } }) =>
    t.termType === 'BlankNode' ? '_:' : t.termType === 'Literal' ? `"${t.value}"@${t.language ?? ''}^^${t.datatype?.value ?? ''}` : `<${t.value}>`;
  if (form === 'ask') return [String(JSON.parse(body).boolean)];
  if (form === 'select') {
    const vars = (JSON.parse(body) as { head: { vars: string[] } }).head.vars;
    return [vars.join(' '), ...parseJsonResults(body).map((row) => vars.map((v) => (row[v] ? show(row[v] as never) : '-')).join(' ')).sort()];
  }
  return new Parser({ format: 'N-Triples' }).parse(body).map((q) => `${show(q.subject as never)} ${show(q.predicate as never)} ${show(q.object as never)}`).sort();
}

describe('the example queries on Virtuoso and in process', async () => {
  const examples = await loadExamples(path.join(ONTOLOGY, 'queries'));
  it.each(examples.map((e) => [e.slug, e.query]))('%s: the same answer', async (_, query) => {
    const [ours, theirs] = await Promise.all([answerOf(inProcess, query), answerOf(external, query)]);
    expect(theirs).toEqual(ours);
    expect(ours.length).toBeGreaterThan(0);
  }, 120_000);

  it('counts the same triples in the default graph, and the same named graphs: none of Virtuoso\'s own', async () => {
    for (const query of ['SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }']) {
      expect(await answerOf(external, query)).toEqual(await answerOf(inProcess, query));
    }
  });

  it('names, sorts and compares the files\' graphs as in process, whatever the engine calls them', async () => {
    const file = `${BASE}source/data/commons/decidim.ttl`;
    const rows = async (server: RunningServer, query: string) => {
      const r = await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'text/csv, application/sparql-results+json;q=0.5' } });
      expect(r.status).toBe(200);
      return r.text();
    };
    for (const query of [
      // In order, not sorted afterwards: the engine must have sorted by the files' names.
      'SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY DESC(?g) LIMIT 5',
      `SELECT ?s WHERE { GRAPH ?g { ?s a ?type } FILTER(?g = <${file}>) } ORDER BY ?s`,
      `SELECT ?g WHERE { VALUES ?g { <${file}> } GRAPH ?g { ?s a ?type } } LIMIT 1`,
      // A GRAPH that names its graphs gets only those; one that names no file, nothing (not the engine's own).
      `SELECT ?s WHERE { GRAPH <${file}> { ?s a ?type } } ORDER BY ?s`,
      'ASK { GRAPH <http://www.openlinksw.com/schemas/virtrdf#> { ?s ?p ?o } }',
      // Nor the triples of a graph a query's own VALUES or BIND name (docs/virtuoso-faults.md §4).
      'SELECT ?s ?p ?o WHERE { VALUES ?g { <http://www.openlinksw.com/schemas/virtrdf#> } GRAPH ?g { ?s ?p ?o } }',
      `SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { <${file}> <http://www.openlinksw.com/schemas/virtrdf#> } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g`,
      `SELECT ?g ?s WHERE { VALUES ?g { <${file}> <http://www.openlinksw.com/schemas/virtrdf#> } GRAPH ?g { ?s ?p ?o } } LIMIT 2`,
      'SELECT ?s WHERE { BIND(<http://www.openlinksw.com/schemas/virtrdf#> AS ?g) GRAPH ?g { ?s ?p ?o } } LIMIT 1',
      'SELECT ?g ?s WHERE { VALUES ?g { <http://www.openlinksw.com/schemas/virtrdf#> } OPTIONAL { GRAPH ?g { ?s ?p ?o } } }',
      // ASK and CONSTRUCT right above a GRAPH: the text generator used to drop the block.
      `ASK { GRAPH ?g { <${BASE}id/commons/decidim> ?p ?o } FILTER(?g = <${file}>) }`,
      `SELECT (COUNT(*) AS ?n) FROM NAMED <${file}> WHERE { GRAPH ?g { ?s ?p ?o } }`,
      `SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${BASE}source/data/commons/")) }`,
    ]) {
      expect(await rows(external, query), query).toBe(await rows(inProcess, query));
    }
    const construct = `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${file}> { ?s ?p ?o } }`;
    expect(await answerOf(external, construct)).toEqual(await answerOf(inProcess, construct));
  });

  it('keeps GRAPH ?g to the files through the members graph, with no phantom solution and no graph lost', async () => {
    const file = `${BASE}source/data/commons/decidim.ttl`;
    const virtrdf = 'http://www.openlinksw.com/schemas/virtrdf#';
    for (const query of [
      'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }',
      'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a ?t } } GROUP BY ?g',
      `ASK { GRAPH ?g { <${BASE}id/commons/decidim> ?p ?o } FILTER(?g = <${file}>) }`,
      `SELECT ?g ?name WHERE { ?s <http://schema.org/name> ?name . GRAPH ?g { ?s a ?t } }`,
      // docs/virtuoso-faults.md §4, and the three values that lost the file's row (§5).
      'ASK { VALUES ?g { <http://absent.example/> } GRAPH ?g { ?s <http://nothing> ?o } }',
      `SELECT (COUNT(*) AS ?n) WHERE { VALUES ?g { <${virtrdf}> } GRAPH ?g { ?s ?p ?o } }`,
      `SELECT (1 AS ?x) WHERE { BIND(<${virtrdf}> AS ?g) GRAPH ?g { ?s ?p ?o } }`,
      `SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { <${file}> <${virtrdf}> <${BASE}graph/union/any-1> } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g`,
      `SELECT (COUNT(*) AS ?n) FROM NAMED <${file}> WHERE { GRAPH ?g { ?s ?p ?o } }`,
      `SELECT (COUNT(*) AS ?n) FROM <${file}> WHERE { GRAPH ?g { ?s ?p ?o } }`,
      `SELECT ?s ?g WHERE { ?s a <https://w3id.org/usages-communs/ns#DigitalCommons> OPTIONAL { GRAPH ?g { ?s <http://schema.org/name> ?n } } } ORDER BY ?s LIMIT 5`,
      'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }',
    ]) {
      expect(await answerOf(external, query), query).toEqual(await answerOf(inProcess, query));
    }
  });

  it('describes as dereferencing does', async () => {
    const query = `DESCRIBE <${BASE}id/commons/decidim>`;
    expect(await answerOf(external, query)).toEqual(await answerOf(inProcess, query));
  });

  it('refuses on the parsed query before forwarding: SERVICE, remote FROM, updates', async () => {
    for (const query of ['SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }', 'SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }', 'INSERT DATA { <http://a> <http://b> <http://c> }']) {
      const r = await fetch(`${external.url}/sparql?query=${encodeURIComponent(query)}`);
      expect(r.status).toBe(400);
    }
  });

  it('cuts at the result limit with X-SPARQL-Truncated', async () => {
    const capped = await startServer(externalConfig(dir, virtuoso.storeUrl, { sparqlMaxResults: '5' }), () => {});
    try {
      const r = await fetch(`${capped.url}/sparql?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o }')}`, { headers: { accept: 'text/csv, application/sparql-results+json;q=0.5' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-sparql-truncated')).toBe('true; limit=5');
      expect((await r.text()).trimEnd().split('\r\n')).toHaveLength(6);
    } finally {
      await capped.close();
    }
  }, 180_000);
});

describe('reloads through the graph store', () => {
  const NAME = `SELECT ?name WHERE { <${BASE}id/commons/decidim> <http://schema.org/name> ?name }`;
  it('sends only the changed file (and the union), answers anew at once, and then removes what it no longer uses', async () => {
    expect(await answerOf(external, NAME)).toEqual(['name', '"Decidim"@^^http://www.w3.org/2001/XMLSchema#string']);
    const file = path.join(dir, 'commons', 'decidim.ttl');
    const fileGraph = external.graphRef.current().sources.find((s) => s.absolute === file)!.graph.value;
    const [before] = await contentGraphsOf(fileGraph);
    await writeFile(file, (await readFile(file, 'utf8')).replace('schema:name "Decidim"', 'schema:name "Decidim renamed"'));
    storeRequests.length = 0;
    expect((await external.graphRef.reload()).ok).toBe(true);
    expect(await answerOf(external, NAME)).toEqual(['name', '"Decidim renamed"@^^http://www.w3.org/2001/XMLSchema#string']);
    // The changed file under its new content graph, and a new union graph of this server's own; once unused,
    // the previous union goes, and the file's previous content, which no server holds any more.
    await vi.waitFor(async () => expect(await contentGraphsOf(fileGraph)).toHaveLength(1), { timeout: 60_000 });
    const [after] = await contentGraphsOf(fileGraph);
    expect(after).not.toBe(before);
    const ours = [...new Set(storeRequests.filter((r) => !r.includes('/graph/replica/')))];
    const union = ours.find((r) => r.startsWith(`PUT ${BASE}graph/union/`))!;
    expect(union).toMatch(new RegExp(`^PUT ${BASE}graph/union/[0-9a-f]+-2$`));
    // With each union, the list of its files (graph-members.ts), which goes with it.
    const previous = union.replace('PUT', 'DELETE').replace(/-2$/, '-1');
    expect(ours.sort()).toEqual([`PUT ${after}`, union, `${union}/members`, previous, `${previous}/members`, `DELETE ${before}`].sort());
    // Its lease names what it uses, in a graph of its own.
    const lease = union.slice('PUT '.length).replace(/graph\/union\/([0-9a-f]+)-2$/, 'graph/replica/$1');
    expect(storeRequests.filter((r) => r.startsWith(`PUT ${lease}/held-`))).not.toHaveLength(0);
  }, 180_000);

  it('leaves the served graph untouched when another part of a reload fails, and reuses what it sent', async () => {
    let failViews = true;
    external.graphRef.beforeSwap(async () => {
      if (failViews) throw new Error('the views could not be built');
    });
    const file = path.join(dir, 'commons', 'decidim.ttl');
    const fileGraph = external.graphRef.current().sources.find((s) => s.absolute === file)!.graph.value;
    const IN_FILE = `SELECT ?g ?name WHERE { GRAPH ?g { <${BASE}id/commons/decidim> <http://schema.org/name> ?name } }`;
    const inFile = (name: string) => ['g name', `<${fileGraph}> "${name}"@^^http://www.w3.org/2001/XMLSchema#string`];
    expect(await answerOf(external, IN_FILE)).toEqual(inFile('Decidim renamed'));
    await writeFile(file, (await readFile(file, 'utf8')).replace('schema:name "Decidim renamed"', 'schema:name "Decidim abandoned"'));
    storeRequests.length = 0;
    const failed = await external.graphRef.reload();
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error?.message).toBe('the views could not be built');
    // Still the served graph, in the default graph and in the file's graph, which answers under the file's name.
    expect(await answerOf(external, `${NAME} # after the failed reload`)).toEqual(['name', '"Decidim renamed"@^^http://www.w3.org/2001/XMLSchema#string']);
    expect(await answerOf(external, `${IN_FILE} # after the failed reload`)).toEqual(inFile('Decidim renamed'));
    expect(await answerOf(external, `ASK { GRAPH <${fileGraph}> { <${BASE}id/commons/decidim> <http://schema.org/name> "Decidim renamed" } }`)).toEqual(['true']);
    // The new content went in beside the old; the union sent for the abandoned graph is dropped.
    const union = storeRequests.find((r) => r.startsWith(`PUT ${BASE}graph/union/`))!;
    await vi.waitFor(() => expect(storeRequests).toContain(union.replace('PUT', 'DELETE')), { timeout: 60_000 });
    expect(storeRequests.filter((r) => r.startsWith(`PUT ${fileGraph}#sha256-`))).toHaveLength(1);

    // The same files again: their content is in the engine already, only a union is sent.
    failViews = false;
    storeRequests.length = 0;
    expect((await external.graphRef.reload()).ok).toBe(true);
    expect(await answerOf(external, IN_FILE)).toEqual(inFile('Decidim abandoned'));
    expect(storeRequests.filter((r) => r.startsWith('PUT') && !r.includes('/graph/replica/')).map((r) => r.replace(/union\/[^/]*/, 'union/…'))).toEqual([`PUT ${BASE}graph/union/…`, `PUT ${BASE}graph/union/…/members`]);
  }, 180_000);

  it('removes what a server that stopped without cleaning up left, once its lease has expired', async () => {
    // A crashed replica's traces, as it would have left them: its union, a file content only it used, and its
    // lease naming both, last renewed an hour ago.
    const dead = `${BASE}graph/replica/0000dead`;
    const traces = [`${BASE}graph/union/0000dead-1`, `${BASE}graph/union/0000dead-1/members`, `${BASE}source/data/commons/gone.ttl#sha256-${'A'.repeat(43)}`];
    const triple = `<${BASE}id/commons/gone> <http://schema.org/name> "Gone" .`;
    for (const g of traces) await put(g, triple);
    await put(`${dead}/held-1`, traces.map((g) => `<${dead}> <http://purl.org/dc/terms/requires> <${g}> .`).join('\n'));
    await put(`${dead}/seen`, `<${dead}> <http://purl.org/dc/terms/modified> "${new Date(Date.now() - 3_600_000).toISOString()}"^^<http://www.w3.org/2001/XMLSchema#dateTime> .`);
    for (const g of [...traces, `${dead}/held-1`]) expect(await inVirtuoso(g), g).toBe(true);
    const file = path.join(dir, 'commons', 'decidim.ttl');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/schema:name "[^"]*"/, 'schema:name "Decidim swept"'));
    expect((await external.graphRef.reload()).ok).toBe(true);
    await vi.waitFor(async () => {
      for (const g of [...traces, `${dead}/held-1`, `${dead}/seen`]) expect(await inVirtuoso(g), g).toBe(false);
    }, { timeout: 60_000 });
    // The live server's own graphs stay.
    expect(await answerOf(external, `${NAME} # after the sweep`)).toEqual(['name', '"Decidim swept"@^^http://www.w3.org/2001/XMLSchema#string']);
  }, 180_000);
});

describe('loading many files at once', () => {
  it('loads files that bring the same new language tags and datatypes at once, which Virtuoso adds in a race', async () => {
    // Files sent at the same time (four at once) that name the same tags and datatypes, new to the engine: two
    // writes adding one may clash on Virtuoso's dictionary (SR197; a quarter of such writes failed in a trial).
    const run = Date.now().toString(36);
    const { dir: fresh, cleanup: remove } = await mergeDatasets();
    await mkdir(path.join(fresh, 'notes'));
    for (let i = 0; i < 40; i++) {
      const group = Math.floor(i / 4);
      const lines = Array.from({ length: 20 }, (_, k) => `<https://example.org/n${i}> <https://example.org/label> "n"@x-${run}-g${group}-t${k} ; <https://example.org/size> "${k}"^^<https://example.org/${run}/g${group}/d${k}> .`);
      await writeFile(path.join(fresh, 'notes', `n${i}.ttl`), `${lines.join('\n')}\n`);
    }
    // Not entries of the directory: loaded without the shapes' verdict (--no-strict).
    const server = await startServer({ ...externalConfig(fresh, virtuoso.storeUrl), strict: false }, () => {});
    try {
      const COUNT = 'SELECT (COUNT(DISTINCT ?label) AS ?labels) (COUNT(DISTINCT ?size) AS ?sizes) (COUNT(*) AS ?triples) WHERE { { ?s <https://example.org/label> ?label } UNION { ?s <https://example.org/size> ?size } }';
      const count = (n: number) => `"${n}"@^^http://www.w3.org/2001/XMLSchema#integer`;
      expect(await answerOf(server, COUNT)).toEqual(['labels sizes triples', `${count(200)} ${count(200)} ${count(1600)}`]);
    } finally {
      await server.close();
      await remove();
    }
  }, 300_000);
});

describe('two replicas behind nginx', () => {
  let nginx: RunningNginx | undefined;
  let replicas: RunningServer[] = [];
  let origin: string;
  beforeAll(async () => {
    replicas = await Promise.all([0, 1].map(() => startServer(externalConfig(dir, virtuoso.storeUrl, { trustProxy: 'loopback', sparqlWorkers: '2', sparqlTimeout: '3' }), () => {})));
    const port = await freePort();
    nginx = await startNginx(port, [
      `upstream directory { ${replicas.map((r) => `server ${new URL(r.url).host};`).join(' ')} }`,
      `server { listen 127.0.0.1:${port};`,
      '  location / { proxy_pass http://directory; proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      '    add_header X-Upstream $upstream_addr always; }',
      '}',
    ]);
    origin = nginx.origin;
  }, 300_000);
  afterAll(async () => {
    await nginx?.stop();
    for (const r of replicas) await r.close();
  }, 60_000);

  it('answer alike, from both replicas', async () => {
    const query = 'SELECT ?s ?name WHERE { ?s <http://schema.org/name> ?name } ORDER BY ?name';
    const upstreams = new Set<string>();
    const bodies = new Set<string>();
    for (let i = 0; i < 8; i++) {
      // A distinct text each time, so that no cache answers.
      const r = await fetch(`${origin}/sparql?query=${encodeURIComponent(`${query} # ${i}`)}`, { headers: { accept: 'text/csv, application/sparql-results+json;q=0.5' } });
      expect(r.status).toBe(200);
      upstreams.add(r.headers.get('x-upstream') ?? '');
      bodies.add(await r.text());
    }
    expect(upstreams.size).toBe(2);
    expect(bodies.size).toBe(1);
  }, 120_000);

  it('each answers from its own data until it reloads: one replica\'s reload never changes another\'s answers', async () => {
    const NAME = `SELECT ?name WHERE { <${BASE}id/commons/decidim> <http://schema.org/name> ?name }`;
    const file = path.join(dir, 'commons', 'decidim.ttl');
    const name = (text: string) => ['name', `"${text}"@^^http://www.w3.org/2001/XMLSchema#string`];
    const [before] = (await answerOf(replicas[1], NAME)).slice(1);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/schema:name "[^"]*"/, 'schema:name "Decidim, replica test"'));
    // In the file's own graph too: the files' graphs are shared by the replicas, named by their content.
    const IN_FILE = `SELECT ?name WHERE { GRAPH <${replicas[1].graphRef.current().sources.find((s) => s.absolute === file)!.graph.value}> { <${BASE}id/commons/decidim> <http://schema.org/name> ?name } }`;
    expect((await answerOf(replicas[1], IN_FILE))[1]).toBe(before);
    expect((await replicas[0].graphRef.reload()).ok).toBe(true);
    expect(await answerOf(replicas[0], `${NAME} # 1`)).toEqual(name('Decidim, replica test'));
    expect(await answerOf(replicas[0], `${IN_FILE} # 1`)).toEqual(name('Decidim, replica test'));
    expect((await answerOf(replicas[1], `${NAME} # 1`))[1]).toBe(before);
    expect((await answerOf(replicas[1], `${IN_FILE} # 1`))[1]).toBe(before);
    expect((await replicas[1].graphRef.reload()).ok).toBe(true);
    expect(await answerOf(replicas[1], `${NAME} # 2`)).toEqual(name('Decidim, replica test'));
    expect(await answerOf(replicas[1], `${IN_FILE} # 2`)).toEqual(name('Decidim, replica test'));
  }, 180_000);

  it('keys per-client limits on X-Forwarded-For from the trusted proxy', async () => {
    // One replica, one client address in X-Forwarded-For: the replica sees two clients, not nginx twice.
    const heavy = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';
    const target = replicas[0].url;
    const first = fetch(`${target}/sparql?query=${encodeURIComponent(heavy)}`, { headers: { 'x-forwarded-for': '198.51.100.1' } });
    await new Promise((r) => setTimeout(r, 200));
    const same = await fetch(`${target}/sparql?query=${encodeURIComponent(`${heavy} # 2`)}`, { headers: { 'x-forwarded-for': '198.51.100.1' } });
    expect(same.status).toBe(429);
    const other = await fetch(`${target}/sparql?query=${encodeURIComponent(`${heavy} # 3`)}`, { headers: { 'x-forwarded-for': '198.51.100.2' } });
    expect(other.status).not.toBe(429);
    expect((await first).status).toBe(503);
  }, 120_000);
});
