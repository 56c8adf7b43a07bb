// **http** measures throughput on loopback with autocannon: our real server, and a minimal node:http
// server around Oxigraph's store.query as the reference.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { Parser } from 'n3';
import type oxigraph from 'oxigraph';
import { BASE_IRI } from './engines.js';
import { mediaTypeFor, QUERY_MIX, type BenchQuery } from './queries.js';
import { round } from './stats.js';

export interface Throughput {
  /**
   * Answered (2xx) requests per second over the run. A 429 or 503 comes back in a fraction of a millisecond:
   * counted, it made a refused run look faster than an answered one.
   */
  rps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** Non-2xx answers, errors and timeouts: a run with many of these measured something else. */
  failed: number;
  /** Answers by status code, to tell a 429 or a 503 from a network error. */
  statusCodes: Record<string, number>;
  connections: number;
  seconds: number;
}

/**
 * GET requests cycling over `paths`. With `fresh`, each request's query gets a distinct comment,
 * so that no answer cache can serve it.
 */
export async function hammer(url: string, paths: readonly string[], opts: { seconds: number; connections: number; fresh?: (n: number) => string }): Promise<Throughput> {
  let n = 0;
  const requests = [{
    method: 'GET',
    setupRequest: (request: { path?: string }) => {
      const i = n++;
      request.path = opts.fresh ? opts.fresh(i) : paths[i % paths.length];
      return request;
    },
  }];
  const result = await autocannon({ url, connections: opts.connections, duration: opts.seconds, pipelining: 1, requests });
  return {
    rps: round(result['2xx'] / opts.seconds, 1),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, v.count])),
    connections: opts.connections,
    seconds: opts.seconds,
  };
}

export const sparqlPath = (query: string) => `/sparql?query=${encodeURIComponent(query)}&format=${encodeURIComponent(mediaTypeFor(query))}`;

/** Each request a query text never seen before: the mix in turn, with a numbered comment. */
export const freshSparqlPath = (mix: readonly BenchQuery[]) => (n: number) => sparqlPath(`${mix[n % mix.length].query}# request ${n}\n`);

/**
 * Waits until the endpoint answers again. autocannon stops on time with its last requests still running on the
 * server, and they hold their client's places (at most SPARQL_MAX_PER_CLIENT) until they end: seconds, when
 * workers are still starting. The next run, from the same address, would only measure 429s.
 */
export async function drain(url: string, places: number, limitMs = 120_000): Promise<void> {
  const until = Date.now() + limitMs;
  for (let i = 0; ; i++) {
    // Every place free: `places` probes at once, all answered.
    const statuses = await Promise.all(Array.from({ length: places }, async (_, k) => {
      const response = await fetch(`${url}${sparqlPath(`ASK {} # drain ${Date.now()} ${i} ${k}`)}`);
      await response.arrayBuffer();
      return response.status;
    }));
    if (statuses.every((s) => s === 200)) return;
    if (Date.now() > until) throw new Error(`the endpoint still answered ${statuses.join(', ')} after ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Workers start on demand, and each compiles the engine and gathers its statistics on its first queries: warm
 * them up first, as a server that has been running would be, so that a run measures answering, not starting.
 * At 1M triples the first queries take seconds, and a fixed warm-up measured 1 answer/s where a warm server
 * gives 12: 3-second rounds of the fresh mix (texts never used again) until two in a row agree within a
 * quarter, with nothing refused (15 rounds at most), each followed by drain().
 */
export async function warmUp(url: string, connections: number, offset: number, log: (message: string) => void): Promise<void> {
  let previous = 0;
  for (let round = 1; ; round++) {
    log(`  SPARQL warm-up, round ${round}…`);
    const warm = await hammer(url, [], { seconds: 3, connections, fresh: (n) => freshSparqlPath(QUERY_MIX)(n + offset + round * 1_000_000) });
    await drain(url, connections);
    if (!warm.failed && previous > 0 && Math.abs(warm.rps - previous) <= previous / 4) return;
    if (round === 15) return log(`  still not steady after ${round} warm-up rounds (last ${warm.rps} answers/s): measuring anyway`);
    previous = warm.failed ? 0 : warm.rps;
  }
}

/** Rows of a SELECT, triples of a CONSTRUCT/DESCRIBE, 1 for a true ASK: to check that two engines answered alike. */
export function countAnswer(body: string): number {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{')) {
    const json = JSON.parse(trimmed) as { boolean?: boolean; results?: { bindings: unknown[] } };
    return json.results ? json.results.bindings.length : json.boolean ? 1 : 0;
  }
  return new Parser({ format: 'text/turtle' }).parse(body).length;
}

/** The smallest fair SPARQL endpoint around Oxigraph: GET /sparql?query=&format=, the answer serialised by Oxigraph. */
export async function startOxigraphServer(store: oxigraph.Store): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = url.searchParams.get('query');
    if (url.pathname !== '/sparql' || !query) {
      res.writeHead(400).end('missing query\n');
      return;
    }
    const type = url.searchParams.get('format') ?? 'application/sparql-results+json';
    try {
      const body = String(store.query(query, { base_iri: BASE_IRI, results_format: type }));
      res.writeHead(200, { 'Content-Type': type }).end(body);
    } catch (error) {
      res.writeHead(400).end(`${(error as Error).message}\n`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
