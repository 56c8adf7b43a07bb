// **service** is the endpoint behind /sparql: it parses and checks a query on the main thread (cheap,
// and a bad query is refused at once), negotiates the result type, answers repeated queries from a cache,
// and hands the rest to a backend: the worker pool, or an external engine.
//
// Answers are cached under the generation of the graph that computed them, never under the generation
// current when they come back: a query under way during a reload cannot leave an old answer behind.
import { historyGraphIri, type Graph } from '../graph/load-graph.js';
import type { GraphRef } from '../graph/graph-ref.js';
import type { SparqlConfig } from '../config.js';
import { PREFIXES, entityPrefixes } from '../rdf/namespaces.js';
import { negotiate } from '../rdf/negotiate.js';
import { AnswerCache } from './cache.js';
import { checkAccess, checkGraphs, parseQuery, QueryError, type AccessRules, type Dataset, type ParsedQuery } from './query.js';
import { MEDIA_TYPES, mediaTypeForFormat, SPARQL_JSON } from './results.js';
import { createQueryPool, PoolBusyError, PoolClosedError, QueryRejectedError, QueryTimeoutError, type PoolAnswer, type PreparedSwitch } from './pool.js';
import type { QueryJob } from './execute.js';
import type { WorkerInit } from './worker.js';
import { externalBackend } from './external.js';

export interface SparqlRequest {
  query: string;
  accept?: string;
  /** The `format` parameter: a short name (json, csv, ttl…) or a media type; it wins over Accept. */
  format?: string;
  dataset?: Dataset;
  /** performance.now() when the request arrived: the time limit counts from there. */
  arrival?: number;
}

export interface SparqlResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface SparqlService {
  answer(request: SparqlRequest): Promise<SparqlResponse>;
  /** Answers every query waiting or under way with 503 and Retry-After, then releases the backend. */
  close(): Promise<void>;
}

/** Where queries run: the in-process worker pool, or an external engine (external.ts). */
export interface QueryBackend {
  run(job: QueryJob & { parsed: ParsedQuery }, arrival: number): Promise<PoolAnswer>;
  /** Gets the next graph ready while the current one answers. */
  prepare(graph: Graph): Promise<PreparedSwitch>;
  /** The generation new queries run on. */
  readonly generation: number;
  close(): Promise<void>;
}

export function workerInit(graph: Graph, config: SparqlConfig): WorkerInit {
  return {
    graph: graph.encoded,
    baseIri: graph.baseIri,
    prefixes: { ...PREFIXES, ...entityPrefixes(graph.baseIri) },
    allowedServices: [...config.allowedServices],
  };
}

export async function poolBackend(graph: Graph, config: SparqlConfig): Promise<QueryBackend> {
  const pool = await createQueryPool(workerInit(graph, config), {
    size: config.workers,
    timeoutMs: config.timeoutMs,
    maxQueue: 64,
    maxWorkerHeapMb: 1024,
    prestart: config.prestartWorkers,
  });
  return {
    run: ({ parsed: _, ...job }, arrival) => pool.run(job, arrival),
    prepare: (next) => pool.prepare(workerInit(next, config)),
    get generation() {
      return pool.generation;
    },
    close: () => pool.close(),
  };
}

function error(status: number, message: string, headers: Record<string, string> = {}): SparqlResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body: `${message}\n` };
}

/**
 * The media type to answer in: the format parameter, else Accept. Generic clients that only say
 * application/json get SPARQL JSON results, or JSON-LD for graphs.
 */
function chooseType(request: SparqlRequest, parsed: ParsedQuery): string | SparqlResponse {
  const offered = MEDIA_TYPES[parsed.form];
  const form = parsed.form.toUpperCase();
  if (request.format) {
    const wanted = mediaTypeForFormat(request.format);
    if (wanted && offered.includes(wanted)) return wanted;
    return error(400, `format "${request.format}" is not available for a ${form} query; use one of: ${offered.join(', ')}`);
  }
  const json = parsed.form === 'select' || parsed.form === 'ask' ? SPARQL_JSON : 'application/ld+json';
  const chosen = negotiate(request.accept, [...offered, 'application/json']);
  if (chosen === 'application/json') return json;
  return chosen ?? error(406, `none of the accepted types is available for a ${form} query; available: ${offered.join(', ')} (or application/json)`);
}

export async function createSparqlService(graphRef: GraphRef, config: SparqlConfig, backend?: QueryBackend): Promise<SparqlService> {
  const engine = backend ?? (config.engine
    ? await externalBackend(graphRef.current(), { engine: config.engine, timeoutMs: config.timeoutMs, concurrency: config.workers, maxQueue: 64 })
    : await poolBackend(graphRef.current(), config));
  const cache = new AnswerCache<SparqlResponse>(64 * 1024 * 1024);
  let rules = accessRules(graphRef.current(), config);
  let closing = false;
  const switches = new WeakMap<Graph, PreparedSwitch>();
  graphRef.beforeSwap(async (graph) => {
    const prepared = await engine.prepare(graph);
    switches.set(graph, prepared);
    return async () => {
      switches.delete(graph);
      await prepared.abandon();
    };
  }, config.engine ? 'SPARQL engine load' : 'SPARQL workers');
  graphRef.onSwap((graph) => {
    // Queries and pages switch together: the next generation's workers are already loaded.
    switches.get(graph)?.commit();
    switches.delete(graph);
    rules = accessRules(graph, config);
    cache.clear();
  });

  return {
    async answer(request) {
      const arrival = request.arrival ?? performance.now();
      const version = engine.generation;
      // A repeated request is answered before parsing: the same text, Accept and dataset give the same answer.
      const rawKey = `raw\n${version}\n${request.accept ?? ''}\n${request.format ?? ''}\n${JSON.stringify(request.dataset ?? null)}\n${request.query}`;
      const repeated = cache.get(rawKey);
      if (repeated) return repeated;
      let parsed: ParsedQuery;
      try {
        parsed = parseQuery(request.query, graphRef.current().baseIri);
        checkAccess(parsed, rules);
        if (request.dataset) {
          checkGraphs(request.dataset.defaultGraphs, rules, 'default-graph-uri');
          checkGraphs(request.dataset.namedGraphs, rules, 'named-graph-uri');
        }
      } catch (e) {
        if (e instanceof QueryError) return error(e.status, e.message);
        throw e;
      }
      const mediaType = chooseType(request, parsed);
      if (typeof mediaType !== 'string') return mediaType;

      const keyFor = (generation: number) => `${generation}\n${mediaType}\n${JSON.stringify(request.dataset ?? null)}\n${request.query}`;
      const cached = cache.get(keyFor(version));
      if (cached) {
        cache.set(rawKey, cached);
        return cached;
      }
      try {
        if (closing) throw new PoolClosedError();
        const answer = await engine.run({ query: request.query, parsed, mediaType, dataset: request.dataset, maxResults: config.maxResults }, arrival);
        const headers: Record<string, string> = { 'Content-Type': answer.contentType };
        if (answer.truncated) {
          // The answer is complete JSON/XML/RDF, but not every result: say so where clients can see it.
          headers['X-SPARQL-Truncated'] = `true; limit=${config.maxResults}`;
        }
        const response = { status: 200, headers, body: answer.body };
        // Filed under the generation that computed it, and only while that generation is still served.
        if (answer.generation === engine.generation) {
          cache.set(keyFor(answer.generation), response);
          if (answer.generation === version) cache.set(rawKey, response);
        }
        return response;
      } catch (e) {
        if (e instanceof QueryTimeoutError) return error(503, e.message, { 'Retry-After': '30' });
        if (e instanceof PoolBusyError) return error(503, e.message, { 'Retry-After': '2' });
        if (e instanceof PoolClosedError) return error(503, e.message, { 'Retry-After': '5' });
        if (e instanceof QueryRejectedError) return error(e.status, e.message, e.status === 503 ? { 'Retry-After': '5' } : {});
        throw e;
      }
    },
    async close() {
      closing = true;
      await engine.close();
    },
  };
}

function accessRules(graph: Graph, config: SparqlConfig): AccessRules {
  return {
    // The history's dates are a named graph of their own (see load-graph.ts).
    localGraphs: new Set([...graph.sources.map((s) => s.graph.value), ...(graph.history ? [historyGraphIri(graph.baseIri)] : [])]),
    allowedServices: new Set(config.allowedServices),
  };
}
