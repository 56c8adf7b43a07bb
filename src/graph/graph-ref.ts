// **graph-ref** holds the graph being served. A reload builds a whole new graph and swaps the reference
// only if it loaded: a broken edit never takes down what is already served.
import { GraphLoadError, loadGraph, type Graph, type LoadOptions } from './load-graph.js';
import type { Finding } from '../validate/finding.js';

export type ReloadResult = { ok: true; graph: Graph } | { ok: false; findings: Finding[]; error?: Error };

export interface GraphRef {
  current(): Graph;
  reload(): Promise<ReloadResult>;
  /** Called after each successful swap, so that views computed from the graph can be rebuilt. */
  onSwap(listener: (graph: Graph) => void): void;
  /**
   * Awaited before the swap, for what must be ready the moment the new graph is served (the SPARQL workers):
   * pages and queries then switch together. A preparation that fails fails the reload; the old graph stays.
   */
  beforeSwap(listener: (graph: Graph) => Promise<void>): void;
}

export async function createGraphRef(options: LoadOptions): Promise<GraphRef> {
  let graph = await loadGraph(options);
  const listeners: Array<(graph: Graph) => void> = [];
  const preparations: Array<(graph: Graph) => Promise<void>> = [];
  let pending: Promise<ReloadResult> | undefined;
  return {
    current: () => graph,
    onSwap: (listener) => void listeners.push(listener),
    beforeSwap: (listener) => void preparations.push(listener),
    reload() {
      // Reloads requested while one runs share it: they would read the same files.
      pending ??= (async (): Promise<ReloadResult> => {
        try {
          const next = await loadGraph(options);
          await Promise.all(preparations.map((prepare) => prepare(next)));
          for (const listener of listeners) listener(next);
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
