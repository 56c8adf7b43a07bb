// **heap-guard** keeps the garbage of the server's main thread within a fixed margin while a load runs.
// V8 schedules its next full collection at the live heap times a growth factor it picks from its own speed
// (up to 4× under Node's default limit). At 1M triples the main thread holds about 600 MB live during a
// reload, and page traffic let another 1.2 GB of garbage pile up beside the loading thread's heap: the process
// went over its 3 GB budget with less than half of that in use. `--max-old-space-size` would cap it, but it is
// process-wide and overrides the worker threads' own `resourceLimits` (the loading thread's among them).
// So while a load runs, the guard samples the heap and, past the margin, asks V8 for a full collection itself.
// Only then: a forced collection stops the thread (about 0.6 s at 600 MB live), which is worth it while two
// graphs share the process, not in the steady state, where V8's mostly concurrent collections serve pages better.
import v8 from 'node:v8';
import vm from 'node:vm';

export interface HeapGuardOptions {
  /** Garbage allowed above the smallest heap seen since the last collection (MB, default 256). */
  marginMb?: number;
  /** How often the heap is sampled while a load runs (ms, default 1000). */
  everyMs?: number;
}

export interface HeapGuard {
  /** Samples the heap until `load` settles (loads may overlap). */
  during(load: Promise<unknown>): void;
  /** Samples the heap now; collects when it is past the margin. True when it collected. */
  check(): boolean;
  /** Whether a load is being watched. */
  readonly sampling: boolean;
  /** How many collections the guard has asked for. */
  readonly collections: number;
}

/**
 * `gc` of a context made after `--expose-gc` is set: the flag cannot be passed to every way the server is
 * started (npm start, node dist/…, a supervisor). Undefined where V8 refuses it, and the guard then does nothing.
 */
function exposeGc(): (() => void) | undefined {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

const used = () => v8.getHeapStatistics().used_heap_size;

export function guardHeap(options: HeapGuardOptions = {}): HeapGuard {
  const margin = (options.marginMb ?? 256) * 1024 * 1024;
  const gc = exposeGc();
  // The smallest heap seen since the last forced collection: V8's own collections lower it too.
  let floor = used();
  let loads = 0;
  let timer: NodeJS.Timeout | undefined;
  let collections = 0;
  const check = () => {
    const now = used();
    floor = Math.min(floor, now);
    if (!gc || now <= floor + margin) return false;
    gc();
    collections++;
    floor = used();
    return true;
  };
  const ended = () => {
    if (--loads) return;
    clearInterval(timer);
    timer = undefined;
  };
  return {
    check,
    during(load) {
      if (!gc) return;
      if (!loads++) {
        // From what is live: garbage already there would otherwise count as the floor.
        gc();
        collections++;
        floor = used();
        timer = setInterval(check, options.everyMs ?? 1000).unref();
      }
      load.then(ended, ended);
    },
    get sampling() {
      return timer !== undefined;
    },
    get collections() {
      return collections;
    },
  };
}
