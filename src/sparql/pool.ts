// **pool** keeps a few query workers busy, at most one per core (plus one), started as queries need them,
// with a hard time limit per query:
// past it the worker is terminated and replaced, and the caller gets an error that says the limit.
// Queries wait in a bounded queue when every worker is busy.
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { QueryAnswer, QueryJob } from './execute.js';
import type { WorkerInit, WorkerReply } from './worker.js';

export class QueryTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`the query ran longer than the ${limitMs / 1000} s limit of this endpoint and was stopped; simplify it or add a LIMIT`);
    this.name = 'QueryTimeoutError';
  }
}

export class QueryRejectedError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'QueryRejectedError';
  }
}

export class PoolBusyError extends Error {
  constructor() {
    super('the endpoint is busy: too many queries are waiting; try again in a moment');
    this.name = 'PoolBusyError';
  }
}

export interface PoolOptions {
  size: number;
  timeoutMs: number;
  /** Queries waiting for a worker at most; more are refused at once. */
  maxQueue: number;
  /** Heap limit of each worker, so that a query building huge intermediate results cannot take the server's memory. */
  maxWorkerHeapMb: number;
}

interface Task {
  job: QueryJob;
  resolve: (answer: QueryAnswer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** Set once the worker has built its graph. */
  loaded: boolean;
  busy?: { id: number; task: Task; timer: NodeJS.Timeout };
}

// The compiled server runs worker.js. From the TypeScript sources (tests, tsx), the worker first registers
// tsx's loader in its own thread, then imports worker.ts: --import in a worker's execArgv is not applied on Node 20.
const here = fileURLToPath(import.meta.url);
const FROM_SOURCES = here.endsWith('.ts');
const WORKER_FILE = path.join(path.dirname(here), FROM_SOURCES ? 'worker.ts' : 'worker.js');
const WORKER_SCRIPT: string | URL = FROM_SOURCES
  ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(WORKER_FILE).href)}); })`
  : WORKER_FILE;

export interface QueryPool {
  run(job: QueryJob): Promise<QueryAnswer>;
  /** Replaces the graph of every worker; queries under way finish on the old one. */
  load(init: WorkerInit): Promise<void>;
  /** Workers that are up. */
  readonly size: number;
  close(): Promise<void>;
}

export async function createQueryPool(init: WorkerInit, options: PoolOptions): Promise<QueryPool> {
  let current = init;
  let nextId = 1;
  let closed = false;
  const queue: Task[] = [];
  const slots: Slot[] = [];

  function spawn(): Slot {
    const worker = new Worker(WORKER_SCRIPT, {
      eval: FROM_SOURCES,
      workerData: current,
      resourceLimits: { maxOldGenerationSizeMb: options.maxWorkerHeapMb },
    });
    const slot: Slot = {
      worker,
      loaded: false,
      ready: new Promise<void>((resolve, reject) => {
        const onMessage = (message: WorkerReply) => {
          if ('ready' in message) {
            worker.off('message', onMessage);
            resolve();
          }
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
      }),
    };
    worker.on('message', (message: WorkerReply) => {
      if ('ready' in message || !slot.busy || message.id !== slot.busy.id) return;
      const { task, timer } = slot.busy;
      clearTimeout(timer);
      slot.busy = undefined;
      if (message.ok) task.resolve({ contentType: message.contentType, body: message.body, truncated: message.truncated, count: message.count });
      else task.reject(new QueryRejectedError(message.status, message.message));
      dispatch();
    });
    // A worker that dies (out of its heap, a crash) fails its query and is replaced; the server stays up.
    let failure: Error | undefined;
    worker.on('error', (error) => (failure = error));
    worker.on('exit', () => {
      if (slots.indexOf(slot) < 0) return;
      if (slot.busy) {
        clearTimeout(slot.busy.timer);
        const outOfMemory = (failure as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        slot.busy.task.reject(new QueryRejectedError(503, outOfMemory
          ? 'the query needed more memory than this endpoint gives one query, and was stopped; add a LIMIT or narrow the pattern'
          : 'the query worker stopped unexpectedly; try again'));
        slot.busy = undefined;
      }
      replace(slot);
    });
    slot.ready.then(() => {
      slot.loaded = true;
      dispatch();
    }, () => {});
    return slot;
  }

  /** Takes a worker out of rotation at once and starts its replacement. */
  function replace(old: Slot): void {
    const index = slots.indexOf(old);
    if (index < 0) return;
    if (closed) slots.splice(index, 1);
    else slots[index] = spawn();
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (!queue.length) return;
      if (slot.loaded && !slot.busy) start(slot, queue.shift()!);
    }
    // Grow on demand, up to the pool size: an idle server keeps one worker, not one per core.
    const starting = slots.filter((s) => !s.loaded).length;
    if (!closed && queue.length > starting && slots.length < options.size) slots.push(spawn());
  }

  function start(slot: Slot, task: Task): void {
    const id = nextId++;
    const timer = setTimeout(() => {
      slot.busy = undefined;
      task.reject(new QueryTimeoutError(options.timeoutMs));
      // Out of rotation before anything else can be sent to it, then stopped: terminate() interrupts
      // even a thread stuck in a regular expression.
      replace(slot);
      void slot.worker.terminate();
    }, options.timeoutMs);
    slot.busy = { id, task, timer };
    slot.worker.postMessage({ id, job: task.job });
  }

  slots.push(spawn());
  await slots[0].ready;

  return {
    run(job) {
      if (closed) return Promise.reject(new Error('the query pool is closed'));
      if (queue.length >= options.maxQueue) return Promise.reject(new PoolBusyError());
      return new Promise<QueryAnswer>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        dispatch();
      });
    },
    async load(next) {
      current = next;
      // One new worker loads the new graph before the old ones go, so the pool never has nothing to offer;
      // the pool then grows again on demand. Starting as many new workers as old ones would hold twice the
      // workers' memory during every reload (each worker keeps its own indexes of the whole graph).
      const fresh = [spawn()];
      await Promise.all(fresh.map((s) => s.ready));
      const old = slots.splice(0, slots.length, ...fresh);
      for (const slot of old) {
        if (!slot.busy) void slot.worker.terminate();
        // A busy old worker finishes its query, then leaves.
        else slot.worker.once('message', () => void slot.worker.terminate());
      }
      dispatch();
    },
    get size() {
      return slots.length;
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new Error('the server is stopping'));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}
