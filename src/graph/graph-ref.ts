// **graph-ref** holds the graph being served. A reload builds a whole new graph and swaps the reference
// only if it loaded: a broken edit never takes down what is already served.
import { GraphLoadError, type Graph, type LoadOptions } from './load-graph.js';
import { loadGraphInWorker } from './load-in-worker.js';
import type { Finding } from '../validate/finding.js';

export type ReloadResult = { ok: true; graph: Graph } | { ok: false; findings: Finding[]; error?: Error };

/** The first problem of a failed reload, where it is: what `/health` and the watch-mode banner show. */
export interface ReloadProblem {
  file?: string;
  line?: number;
  column?: number;
  message: string;
  /** How many problems the failed load had in all. */
  count: number;
}

/** The last reload attempt: when it ended, and, when it failed, its first problem. */
export interface ReloadAttempt {
  at: Date;
  ok: boolean;
  problem?: ReloadProblem;
}

export function firstProblem(result: ReloadResult): ReloadProblem | undefined {
  if (result.ok) return undefined;
  const [first] = result.findings;
  if (first) return { file: first.location.file, line: first.location.line, column: first.location.column, message: first.hint ? `${first.message} — ${first.hint}` : first.message, count: result.findings.length };
  return { message: result.error?.message ?? 'the data did not load', count: 1 };
}

/** Told how long each phase of a load took: `event` is 'start' or 'reload'. */
export type PhaseReporter = (event: 'start' | 'reload', phase: string, ms: number, detail?: string) => void;

export interface GraphRef {
  current(): Graph;
  reload(): Promise<ReloadResult>;
  /** The last reload attempt, undefined before the first one (the start-up load is not a reload). */
  lastReload(): ReloadAttempt | undefined;
  /**
   * Called after each successful swap, so that views computed from the graph can be rebuilt. A listener
   * given a `phase` name is timed (until its promise settles, if it returns one) and reported as that phase.
   */
  onSwap(listener: (graph: Graph) => unknown, phase?: string): void;
  /**
   * Awaited before the swap, for what must be ready the moment the new graph is served (the SPARQL workers):
   * pages and queries then switch together. A preparation that fails fails the reload; the old graph stays,
   * and the preparations that did succeed are abandoned: each may resolve to the function that undoes it.
   */
  beforeSwap(listener: (graph: Graph) => Promise<void | Abandon>, phase?: string): void;
}

/** Undoes a preparation for a graph that will not be served (its workers stopped, its union graph dropped). */
export type Abandon = () => Promise<void>;

/** The load's own phases, as every start and reload reports them. */
export function reportLoad(report: PhaseReporter, event: 'start' | 'reload', graph: Graph, strict: boolean): void {
  report(event, 'read and parse', graph.timings.readParse, `${graph.sources.length} files, ${graph.union.size} triples`);
  const shapes = !graph.shapes ? '' : `; shapes: ${graph.shapes.checked} batches${event === 'reload' ? `, ${graph.shapes.known} unchanged` : ''}`;
  report(event, 'validation', graph.timings.validation, `${strict ? 'strict' : 'not strict'}${shapes}`);
}

/**
 * Loads happen in a worker thread (load-in-worker.ts): pages keep being answered while a reload reads and
 * validates the files, and the load's transient memory is not left in the main thread's heap.
 */
export async function createGraphRef(options: LoadOptions, report: PhaseReporter = () => {}, duringReload: (reload: Promise<unknown>) => void = () => {}): Promise<GraphRef> {
  let graph = await loadGraphInWorker(options);
  reportLoad(report, 'start', graph, options.strict);
  const listeners: Array<{ listener: (graph: Graph) => unknown; phase?: string }> = [];
  const preparations: Array<{ listener: (graph: Graph) => Promise<void | Abandon>; phase?: string }> = [];
  let pending: Promise<ReloadResult> | undefined;
  let last: ReloadAttempt | undefined;
  const record = (result: ReloadResult): ReloadResult => {
    last = { at: new Date(), ok: result.ok, problem: firstProblem(result) };
    return result;
  };
  const notify = (next: Graph) => {
    for (const { listener, phase } of listeners) {
      const started = performance.now();
      const done = listener(next);
      if (!phase) continue;
      const reportDone = () => report('reload', phase, performance.now() - started);
      if (done instanceof Promise) done.then(reportDone, () => {});
      else reportDone();
    }
  };
  return {
    current: () => graph,
    lastReload: () => last,
    onSwap: (listener, phase) => void listeners.push({ listener, phase }),
    beforeSwap: (listener, phase) => void preparations.push({ listener, phase }),
    reload() {
      // Reloads requested while one runs share it: they would read the same files.
      pending ??= (async (): Promise<ReloadResult> => {
        try {
          // Batches of the shapes that come out as they were are not checked again.
          const next = await loadGraphInWorker({ ...options, shapes: { ...options.shapes, cache: graph.shapes?.cache } });
          reportLoad(report, 'reload', next, options.strict);
          // All settled before anything is decided: a preparation still under way when another fails would
          // otherwise be left running, its workers or its engine held for a graph that is never served.
          const prepared = await Promise.allSettled(preparations.map(async ({ listener, phase }) => {
            const started = performance.now();
            const abandon = await listener(next);
            if (phase) report('reload', phase, performance.now() - started);
            return abandon;
          }));
          const failed = prepared.find((p): p is PromiseRejectedResult => p.status === 'rejected');
          if (failed) {
            // Each abandon logs its own trouble; the reload's error is the preparation's.
            await Promise.all(prepared.map((p) => (p.status === 'fulfilled' && p.value ? p.value().catch(() => {}) : undefined)));
            throw failed.reason;
          }
          notify(next);
          graph = next;
          return record({ ok: true, graph: next });
        } catch (error) {
          if (error instanceof GraphLoadError) return record({ ok: false, findings: error.findings });
          return record({ ok: false, findings: [], error: error as Error });
        } finally {
          pending = undefined;
        }
      })();
      duringReload(pending);
      return pending;
    },
  };
}
