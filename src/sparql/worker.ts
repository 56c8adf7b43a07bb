// **worker** is a query thread: it holds its own indexes of the graph and runs one query at a time.
// It builds them from the compact encoding the main thread makes once per load (see quad-source.ts).
// A query that runs too long is stopped by terminating the whole thread (see pool.ts): a catastrophic
// REGEX or a cartesian product cannot be interrupted any other way in JavaScript.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeSource, type EncodedGraph } from './quad-source.js';
import { createExecutor, type Executor, type QueryJob } from './execute.js';
import { QueryError, tooDeep } from './query.js';

export interface WorkerInit {
  graph: EncodedGraph;
  baseIri: string;
  prefixes: Record<string, string>;
  allowedServices: string[];
}

export type WorkerRequest = { id: number; job: QueryJob };
export type WorkerReply =
  | { id: number; ok: true; contentType: string; body: string; truncated: boolean; count: number }
  | { id: number; ok: false; status: number; message: string }
  | { ready: true };

const init = workerData as WorkerInit;
const port = parentPort!;

const executor: Executor = createExecutor(decodeSource(init.graph), {
  baseIri: init.baseIri,
  prefixes: init.prefixes,
  allowedServices: new Set(init.allowedServices),
});
// One small query before taking real ones: the engine's first query pays for its compilation, which on a busy
// machine would otherwise eat into a client's time limit.
await executor.run({ query: 'SELECT ?s WHERE { ?s ?p ?o FILTER(STR(?o) < "m") } ORDER BY ?s LIMIT 1', mediaType: 'application/sparql-results+json', maxResults: 1 }).catch(() => {});
port.postMessage({ ready: true } satisfies WorkerReply);

port.on('message', async ({ id, job }: WorkerRequest) => {
  try {
    port.postMessage({ id, ok: true, ...(await executor.run(job)) } satisfies WorkerReply);
  } catch (caught) {
    // The engine recursing past the stack on a long chain of operators: the query's shape, said plainly.
    const error = caught instanceof RangeError ? tooDeep() : caught;
    const status = error instanceof QueryError ? error.status : 400;
    // Evaluation errors (a bad function argument, an unsupported feature) are the query's fault, not the server's.
    port.postMessage({ id, ok: false, status, message: (error as Error).message } satisfies WorkerReply);
  }
});
