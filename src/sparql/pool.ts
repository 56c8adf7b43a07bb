// **pool** keeps a few query workers busy, at most one per core (plus one), started as queries need them.
// Every query has a deadline counted from the request's arrival, queue time included: a query still
// waiting at its deadline leaves the queue, one still running has its worker terminated and replaced,
// and either way the caller gets an error that says the limit.
// Workers belong to a generation of the graph. A reload prepares the next generation's workers while the
// current ones answer, then switches at once: no query asked after the switch runs on the old graph, and
// every answer says which generation computed it, so that the cache never files an old answer as new.
import { Worker } from 'node:worker_threads';
import { workerScript } from '../worker-script.js';
import type { QueryAnswer, QueryJob } from './execute.js';
import type { WorkerInit, WorkerReply } from './worker.js';

export class QueryTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`the query ran longer than the ${limitMs / 1000} s limit of this endpoint (counted from its arrival, waiting included) and was stopped; simplify it or add a LIMIT`);
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

/** The server is stopping: queries waiting or running are answered with this instead of a cut connection. */
export class PoolClosedError extends Error {
  constructor() {
    super('the server is restarting or stopping; try again in a moment');
    this.name = 'PoolClosedError';
  }
}

export interface PoolOptions {
  size: number;
  /** The time limit of a query, from its arrival (see run). */
  timeoutMs: number;
  /** Queries waiting for a worker at most; more are refused at once. */
  maxQueue: number;
  /** Heap limit of each worker, so that a query building huge intermediate results cannot take the server's memory. */
  maxWorkerHeapMb: number;
  /** Start every worker at once instead of on demand (tests that need each worker ready before they load it). */
  prestart?: boolean;
}

/** An answer, with the generation of the graph it was computed on. */
export type PoolAnswer = QueryAnswer & { generation: number };

interface Task {
  job: QueryJob;
  timer: NodeJS.Timeout;
  /** The slot running it, once started. */
  slot?: Slot;
  id?: number;
  resolve: (answer: PoolAnswer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  generation: number;
  ready: Promise<void>;
  /** Set once the worker has built its graph. */
  loaded: boolean;
  /** Out of rotation: finishes its query, if any, then stops. */
  retired: boolean;
  busy?: Task;
}

const WORKER = workerScript(import.meta.url, 'worker');

/** A next graph made ready beside the current one: switched to, or abandoned if the reload fails after all. */
export interface PreparedSwitch {
  /** Serves the next graph from now on. */
  commit(): void;
  /** Lets go of what was made ready; the current graph goes on as if nothing had been prepared. */
  abandon(): Promise<void>;
}

export interface QueryPool {
  /**
   * Runs a query; `arrival` (performance.now() of the request's arrival, by default now) starts its time limit.
   * Queued queries wait for a worker of the current generation.
   */
  run(job: QueryJob, arrival?: number): Promise<PoolAnswer>;
  /**
   * Starts the workers of the next graph while the current ones keep answering; resolves once they are
   * ready: commit takes them into rotation at once (queries under way finish on the old ones), abandon stops them.
   */
  prepare(init: WorkerInit): Promise<PreparedSwitch>;
  /** prepare, then switch. */
  load(init: WorkerInit): Promise<void>;
  /** The generation new queries run on: 0 at start, one more at each switch. */
  readonly generation: number;
  /** Workers that are up. */
  readonly size: number;
  /** Worker threads alive: in rotation, finishing a query on a retired graph, or prepared for the next one. */
  readonly threads: number;
  /** Answers every waiting and running query with PoolClosedError, then stops the workers. */
  close(): Promise<void>;
}

export async function createQueryPool(init: WorkerInit, options: PoolOptions): Promise<QueryPool> {
  let current = init;
  let generation = 0;
  let nextId = 1;
  let closed = false;
  const queue: Task[] = [];
  const slots: Slot[] = [];
  /** Workers out of rotation or not yet in it: retired ones finishing a query, the next generation loading. */
  const others = new Set<Slot>();

  function spawn(workerInit: WorkerInit, slotGeneration: number): Slot {
    const worker = new Worker(WORKER.script, {
      eval: WORKER.eval,
      workerData: workerInit,
      resourceLimits: { maxOldGenerationSizeMb: options.maxWorkerHeapMb },
    });
    let failure: Error | undefined;
    const slot: Slot = {
      worker,
      generation: slotGeneration,
      loaded: false,
      retired: false,
      ready: new Promise<void>((resolve, reject) => {
        const onMessage = (message: WorkerReply) => {
          if ('ready' in message) {
            worker.off('message', onMessage);
            resolve();
          }
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
        worker.once('exit', () => reject(failure ?? new Error('a query worker stopped while loading the graph')));
      }),
    };
    worker.on('message', (message: WorkerReply) => {
      const task = slot.busy;
      if ('ready' in message || !task || message.id !== task.id) return;
      finish(task);
      if (message.ok) task.resolve({ contentType: message.contentType, body: message.body, truncated: message.truncated, count: message.count, generation: slot.generation });
      else task.reject(new QueryRejectedError(message.status, message.message));
      if (slot.retired) void worker.terminate();
      dispatch();
    });
    // A worker that dies (out of its heap, a crash) fails its query and is replaced; the server stays up.
    worker.on('error', (error) => (failure = error));
    worker.on('exit', () => {
      const task = slot.busy;
      if (task) {
        finish(task);
        const outOfMemory = (failure as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        task.reject(new QueryRejectedError(503, outOfMemory
          ? 'the query needed more memory than this endpoint gives one query, and was stopped; add a LIMIT or narrow the pattern'
          : 'the query worker stopped unexpectedly; try again'));
      }
      others.delete(slot);
      replace(slot);
    });
    slot.ready.then(() => {
      slot.loaded = true;
      dispatch();
    }, () => {});
    return slot;
  }

  /** Detaches a task from its timer and its worker. */
  function finish(task: Task): void {
    clearTimeout(task.timer);
    if (task.slot) task.slot.busy = undefined;
  }

  /** Takes a worker of the rotation out of it at once and starts its replacement. */
  function replace(old: Slot): void {
    const index = slots.indexOf(old);
    if (index < 0) return;
    if (closed) slots.splice(index, 1);
    else slots[index] = spawn(current, generation);
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (!queue.length) return;
      if (slot.loaded && !slot.busy) start(slot, queue.shift()!);
    }
    // Grow on demand, up to the pool size: an idle server keeps one worker, not one per core.
    const starting = slots.filter((s) => !s.loaded).length;
    if (!closed && queue.length > starting && slots.length < options.size) slots.push(spawn(current, generation));
  }

  function start(slot: Slot, task: Task): void {
    task.id = nextId++;
    task.slot = slot;
    slot.busy = task;
    slot.worker.postMessage({ id: task.id, job: task.job });
  }

  /** The deadline passed: a waiting query leaves the queue; a running one takes its worker down with it. */
  function expire(task: Task): void {
    const slot = task.slot;
    if (slot) {
      slot.busy = undefined;
      // Out of rotation before anything else can be sent to it, then stopped: terminate() interrupts
      // even a thread stuck in a regular expression.
      replace(slot);
      void slot.worker.terminate();
    } else {
      const index = queue.indexOf(task);
      if (index >= 0) queue.splice(index, 1);
    }
    task.reject(new QueryTimeoutError(options.timeoutMs));
  }

  slots.push(spawn(current, generation));
  if (options.prestart) while (slots.length < options.size) slots.push(spawn(current, generation));
  await Promise.all(slots.map((s) => s.ready));

  async function prepare(next: WorkerInit): Promise<PreparedSwitch> {
    // One worker only, however many are up: until the switch both graphs' workers are alive, and each holds its
    // graph's decoded terms (about 200 MB at 1M triples), so preparing them all made a reload's memory peak grow
    // with the worker count. The others are started at the switch, once the current graph's have gone.
    // The current graph's workers beyond the first stop now unless busy, for the same reason: until the switch,
    // the first and the busy ones answer, and the pool grows back on demand as usual.
    const wanted = slots.length;
    for (const slot of slots.slice(1)) {
      if (slot.busy) continue;
      slots.splice(slots.indexOf(slot), 1);
      void slot.worker.terminate();
    }
    const fresh = [spawn(next, generation + 1)];
    for (const slot of fresh) others.add(slot);
    const drop = async () => {
      for (const slot of fresh) others.delete(slot);
      await Promise.all(fresh.map((slot) => slot.worker.terminate()));
    };
    try {
      await Promise.all(fresh.map((s) => s.ready));
    } catch (error) {
      void drop();
      throw error;
    }
    return {
      commit() {
        current = next;
        generation++;
        for (const slot of fresh) {
          others.delete(slot);
          slot.generation = generation;
        }
        const old = slots.splice(0, slots.length, ...fresh);
        for (const slot of old) {
          slot.retired = true;
          if (slot.busy) others.add(slot);
          else void slot.worker.terminate();
        }
        while (!closed && slots.length < wanted) slots.push(spawn(current, generation));
        dispatch();
      },
      abandon: drop,
    };
  }

  return {
    run(job, arrival = performance.now()) {
      if (closed) return Promise.reject(new PoolClosedError());
      if (queue.length >= options.maxQueue) return Promise.reject(new PoolBusyError());
      return new Promise<PoolAnswer>((resolve, reject) => {
        const task: Task = { job, resolve, reject, timer: undefined as unknown as NodeJS.Timeout };
        task.timer = setTimeout(() => expire(task), Math.max(0, arrival + options.timeoutMs - performance.now()));
        queue.push(task);
        dispatch();
      });
    },
    prepare,
    async load(next) {
      (await prepare(next)).commit();
    },
    get generation() {
      return generation;
    },
    get size() {
      return slots.length;
    },
    get threads() {
      return slots.length + others.size;
    },
    async close() {
      closed = true;
      const all = [...slots.splice(0), ...others];
      others.clear();
      for (const task of queue.splice(0)) {
        clearTimeout(task.timer);
        task.reject(new PoolClosedError());
      }
      for (const slot of all) {
        if (!slot.busy) continue;
        const task = slot.busy;
        finish(task);
        task.reject(new PoolClosedError());
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
