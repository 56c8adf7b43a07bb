// **service** is the endpoint behind /sparql: it parses and checks a query on the main thread (cheap,
// and a bad query is refused at once), negotiates the result type, answers repeated queries from a cache,
// and hands the rest to the worker pool.
import { historyGraphIri, type Graph } from '../graph/load-graph.js';
import type { GraphRef } from '../graph/graph-ref.js';
import type { SparqlConfig } from '../config.js';
import { PREFIXES, entityPrefixes } from '../rdf/namespaces.js';
import { negotiate } from '../http/negotiate.js';
import { AnswerCache } from './cache.js';
import { checkAccess, checkGraphs, parseQuery, QueryError, type AccessRules, type Dataset } from './query.js';
import { MEDIA_TYPES, mediaTypeForFormat } from './results.js';
import { createQueryPool, PoolBusyError, QueryRejectedError, QueryTimeoutError, type QueryPool } from './pool.js';
import type { WorkerInit } from './worker.js';
import { encodeGraph } from './quad-source.js';

export interface SparqlRequest {
  query: string;
  accept?: string;
  /** The `format` parameter: a short name (json, csv, ttl…) or a media type; it wins over Accept. */
  format?: string;
  dataset?: Dataset;
}

export interface SparqlResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface SparqlService {
  answer(request: SparqlRequest): Promise<SparqlResponse>;
  close(): Promise<void>;
}

function workerInit(graph: Graph, config: SparqlConfig): WorkerInit {
  return {
    graph: encodeGraph(graph.store),
    baseIri: graph.baseIri,
    prefixes: { ...PREFIXES, ...entityPrefixes(graph.baseIri) },
    allowedServices: [...config.allowedServices],
  };
}

function error(status: number, message: string, headers: Record<string, string> = {}): SparqlResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body: `${message}\n` };
}

export async function createSparqlService(graphRef: GraphRef, config: SparqlConfig): Promise<SparqlService> {
  const pool: QueryPool = await createQueryPool(workerInit(graphRef.current(), config), {
    size: config.workers,
    timeoutMs: config.timeoutMs,
    maxQueue: 64,
    maxWorkerHeapMb: 1024,
  });
  const cache = new AnswerCache<SparqlResponse>(64 * 1024 * 1024);
  let version = 0;
  let rules = accessRules(graphRef.current(), config);
  graphRef.onSwap((graph) => {
    // Answers are cached per graph version; the workers get the new graph before the old ones retire.
    version++;
    cache.clear();
    rules = accessRules(graph, config);
    return pool.load(workerInit(graph, config));
  }, 'SPARQL workers');

  return {
    async answer(request) {
      // A repeated request is answered before parsing: the same text, Accept and dataset give the same answer.
      const rawKey = `raw\n${version}\n${request.accept ?? ''}\n${request.format ?? ''}\n${JSON.stringify(request.dataset ?? null)}\n${request.query}`;
      const repeated = cache.get(rawKey);
      if (repeated) return repeated;
      let parsed;
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
      const offered = MEDIA_TYPES[parsed.form];
      const wanted = request.format ? mediaTypeForFormat(request.format) : undefined;
      if (request.format && (!wanted || !offered.includes(wanted))) {
        return error(400, `format "${request.format}" is not available for a ${parsed.form.toUpperCase()} query; use one of: ${offered.join(', ')}`);
      }
      const mediaType = wanted ?? negotiate(request.accept, offered);
      if (!mediaType) return error(406, `none of the accepted types is available for a ${parsed.form.toUpperCase()} query; available: ${offered.join(', ')}`);

      const key = `${version}\n${mediaType}\n${JSON.stringify(request.dataset ?? null)}\n${request.query}`;
      const cached = cache.get(key);
      if (cached) {
        cache.set(rawKey, cached);
        return cached;
      }
      try {
        const answer = await pool.run({ query: request.query, mediaType, dataset: request.dataset, maxResults: config.maxResults });
        const headers: Record<string, string> = { 'Content-Type': answer.contentType };
        if (answer.truncated) {
          // The answer is complete JSON/XML/RDF, but not every result: say so where clients can see it.
          headers['X-SPARQL-Truncated'] = `true; limit=${config.maxResults}`;
        }
        const response = { status: 200, headers, body: answer.body };
        cache.set(key, response);
        cache.set(rawKey, response);
        return response;
      } catch (e) {
        if (e instanceof QueryTimeoutError) return error(503, e.message, { 'Retry-After': '30' });
        if (e instanceof PoolBusyError) return error(503, e.message, { 'Retry-After': '2' });
        if (e instanceof QueryRejectedError) return error(e.status, e.message);
        throw e;
      }
    },
    close: () => pool.close(),
  };
}

function accessRules(graph: Graph, config: SparqlConfig): AccessRules {
  return {
    // The history's dates are a named graph of their own (see load-graph.ts).
    localGraphs: new Set([...graph.sources.map((s) => s.graph.value), ...(graph.history ? [historyGraphIri(graph.baseIri)] : [])]),
    allowedServices: new Set(config.allowedServices),
  };
}
