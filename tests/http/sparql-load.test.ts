// The endpoint under reloads, load and stops (issue 8, issue 13): answers follow a reload exactly, the time
// limit counts from a request's arrival even while every worker is busy, per-client limits believe
// X-Forwarded-For only when told to, and a stop answers the queries under way instead of cutting them.
// Heavy queries are heavy by construction (a cartesian product of the whole graph), and every time bound is
// derived from the limit the test sets, never from how fast the machine is.
import http from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { copyDataset, VALID } from '../helpers.js';
import { parseJsonResults } from '../sparql/parse-results.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds from sending the request to the end of the answer. */
  elapsed: number;
}

function request(base: string, pathAndQuery: string, headers: Record<string, string> = {}, from?: string): Promise<Reply> {
  const url = new URL(pathAndQuery, base);
  const sent = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers, localAddress: from, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, elapsed: performance.now() - sent }));
    });
    req.on('error', reject);
    req.end();
  });
}

const q = (query: string) => `/sparql?query=${encodeURIComponent(query)}`;
const HEAVY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
const NAME = 'SELECT ?name WHERE { <https://w3id.org/usages-communs/id/commons/decidim> <http://schema.org/name> ?name }';

describe('answers follow a reload exactly', () => {
  let running: RunningServer;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await copyDataset(VALID));
    running = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: dir, sparqlWorkers: '2', sparqlTimeout: '30' }, {}), () => {});
  }, 180_000);
  afterAll(async () => {
    await running?.close();
    await cleanup?.();
  });

  const name = async (accept = 'application/sparql-results+json') => {
    const r = await request(running.url, q(NAME), { accept });
    expect(r.status, r.body).toBe(200);
    return accept === 'text/csv' ? r.body.split('\r\n')[1] : parseJsonResults(r.body)[0].name.value;
  };

  it('gives the new answer at once after the reload and later, never an old one cached as new', async () => {
    expect(await name()).toBe('Decidim');
    const file = path.join(dir, 'commons', 'decidim.ttl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('schema:name "Decidim"', 'schema:name "Decidim renamed"'));
    // Ask again and again while the reload runs: these may see either graph, but must not poison the cache.
    // One at a time, as one client allowed one query at once: overlapping them would test the per-client
    // limit (429) whenever a busy machine makes a query outlast the pause between two.
    const reload = running.graphRef.reload();
    let reloaded = false;
    void reload.then(() => (reloaded = true));
    const during: string[] = [];
    while (!reloaded) {
      during.push(await name());
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await reload).ok).toBe(true);
    expect(await name()).toBe('Decidim renamed');
    expect(await name('text/csv')).toBe('Decidim renamed');
    for (const answer of during) expect(['Decidim', 'Decidim renamed']).toContain(answer);
    // Later, from the cache or not, still the new answer.
    await new Promise((r) => setTimeout(r, 300));
    expect(await name()).toBe('Decidim renamed');
    expect(await name('text/csv')).toBe('Decidim renamed');
  }, 180_000);
});

describe('time limits count from arrival, queue included, and per-client limits behind a proxy', () => {
  const LIMIT_S = 2;
  let running: RunningServer;
  beforeAll(async () => {
    running = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: VALID, sparqlWorkers: '2', sparqlTimeout: String(LIMIT_S), trustProxy: 'loopback' }, {}), () => {});
  }, 180_000);
  afterAll(() => running?.close());

  it('answers 503 within the limit plus a margin to queries that waited behind busy workers', async () => {
    // Two queries take both workers for the whole limit; four more wait behind them. Timed from pickup, the
    // waiting ones would end after twice the limit or more; timed from arrival, all end near the limit.
    const clients = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'];
    const replies = await Promise.all(clients.map((client, i) => request(running.url, q(`${HEAVY} # ${i}`), { 'x-forwarded-for': client })));
    for (const r of replies) {
      expect(r.status, r.body).toBe(503);
      expect(r.body).toContain(`${LIMIT_S} s limit`);
      expect(r.headers['retry-after']).toBeDefined();
      expect(r.elapsed).toBeGreaterThanOrEqual(LIMIT_S * 1000 - 50);
      // The margin is the limit itself: waiting behind two queries that run the whole limit, a queue-blind
      // timer would take at least twice the limit.
      expect(r.elapsed).toBeLessThan(2 * LIMIT_S * 1000);
    }
  }, 180_000);

  it('keys per-client limits on X-Forwarded-For from a trusted proxy', async () => {
    // maxPerClient is 1 with two workers: the same forwarded client twice gets 429, two clients do not.
    const first = request(running.url, q(`${HEAVY} # a`), { 'x-forwarded-for': '203.0.113.7' });
    await new Promise((r) => setTimeout(r, 100));
    const same = await request(running.url, q(`${HEAVY} # b`), { 'x-forwarded-for': '203.0.113.7' });
    expect(same.status).toBe(429);
    const other = await request(running.url, q(`${HEAVY} # c`), { 'x-forwarded-for': '203.0.113.8' });
    expect(other.status).toBe(503);
    expect(other.body).toContain('limit');
    expect((await first).status).toBe(503);
  }, 180_000);

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const untrusting = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: VALID, sparqlWorkers: '2', sparqlTimeout: String(LIMIT_S) }, {}), () => {});
    try {
      const first = request(untrusting.url, q(`${HEAVY} # d`), { 'x-forwarded-for': '203.0.113.9' });
      await new Promise((r) => setTimeout(r, 100));
      // Another forwarded address, but the same socket address: the same client.
      const second = await request(untrusting.url, q(`${HEAVY} # e`), { 'x-forwarded-for': '203.0.113.10' });
      expect(second.status).toBe(429);
      await first;
    } finally {
      await untrusting.close();
    }
  }, 180_000);
});

describe('a stop answers the queries under way', () => {
  it('answers a running and a waiting query 503 with Retry-After, then closes', async () => {
    const stopping = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: VALID, sparqlWorkers: '1', sparqlTimeout: '600' }, {}), () => {});
    const running = request(stopping.url, q(`${HEAVY} # running`), {}, '127.0.0.21');
    const waiting = request(stopping.url, q(`${HEAVY} # waiting`), {}, '127.0.0.22');
    await new Promise((r) => setTimeout(r, 300));
    await stopping.close();
    for (const r of await Promise.all([running, waiting])) {
      expect(r.status, r.body).toBe(503);
      expect(r.headers['retry-after']).toBeDefined();
      expect(r.body).toContain('stopping');
    }
    // Closed: nothing listens any more.
    await expect(request(stopping.url, '/health')).rejects.toThrow();
  }, 180_000);
});
