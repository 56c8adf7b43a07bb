// **graph-ref** holds the graph being served. A reload builds a whole new graph and swaps the reference
// only if it loaded: a broken edit never takes down what is already served.
import { GraphLoadError, loadGraph, type Graph, type LoadOptions } from './load-graph.js';
import type { Finding } from '../validate/finding.js';

export type ReloadResult = { ok: true; graph: Graph } | { ok: false; findings: Finding[]; error?: Error };

/** Told how long each phase of a load took: `event` is 'start' or 'reload'. */
export type PhaseReporter = (event: 'start' | 'reload', phase: string, ms: number, detail?: string) => void;

export interface GraphRef {
  current(): Graph;
  reload(): Promise<ReloadResult>;
  /**
   * Called after each successful swap, so that views computed from the graph can be rebuilt. A listener
   * given a `phase` name is timed (until its promise settles, if it returns one) and reported as that phase.
   */
  onSwap(listener: (graph: Graph) => unknown, phase?: string): void;
  /**
   * Awaited before the swap, for what must be ready the moment the new graph is served (the SPARQL workers):
   * pages and queries then switch together. A preparation that fails fails the reload; the old graph stays.
   */
  beforeSwap(listener: (graph: Graph) => Promise<void>, phase?: string): void;
}

/** The load's own phases, as every start and reload reports them. */
export function reportLoad(report: PhaseReporter, event: 'start' | 'reload', graph: Graph, strict: boolean): void {
  report(event, 'read and parse', graph.timings.readParse, `${graph.sources.length} files, ${graph.union.size} triples`);
  report(event, 'validation', graph.timings.validation, strict ? 'strict' : 'not strict');
}

export async function createGraphRef(options: LoadOptions, report: PhaseReporter = () => {}): Promise<GraphRef> {
  let graph = await loadGraph(options);
  reportLoad(report, 'start', graph, options.strict);
  const listeners: Array<{ listener: (graph: Graph) => unknown; phase?: string }> = [];
  const preparations: Array<{ listener: (graph: Graph) => Promise<void>; phase?: string }> = [];
  let pending: Promise<ReloadResult> | undefined;
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
    onSwap: (listener, phase) => void listeners.push({ listener, phase }),
    beforeSwap: (listener, phase) => void preparations.push({ listener, phase }),
    reload() {
      // Reloads requested while one runs share it: they would read the same files.
      pending ??= (async (): Promise<ReloadResult> => {
        try {
          const next = await loadGraph(options);
          reportLoad(report, 'reload', next, options.strict);
          await Promise.all(preparations.map(async ({ listener, phase }) => {
            const started = performance.now();
            await listener(next);
            if (phase) report('reload', phase, performance.now() - started);
          }));
          notify(next);
          graph = next;
          return { ok: true, graph: next };
        } catch (error) {
          if (error instanceof GraphLoadError) return { ok: false, findings: error.findings };
          return { ok: false, findings: [], error: error as Error };
        } finally {
          pending = undefined;
        }
      })();
      return pending;
    },
  };
}
