// **load-worker** is the thread where a graph is read, parsed and validated (see load-in-worker.ts): its
// transient memory (parsed quads, location maps, SHACL's working set) goes away with the thread, and the
// server's main thread keeps answering pages meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { GraphLoadError, loadGraph, type LoadOptions } from './load-graph.js';
import { shareTexts, type SourceFile } from './sources.js';
import type { LoadReply } from './load-in-worker.js';

async function main(): Promise<LoadReply> {
  try {
    const graph = await loadGraph(workerData as LoadOptions);
    // The stores are rebuilt over `encoded` on the other side: they are views, not data.
    const { store: _store, union: _union, ...rest } = graph;
    // Only the bytes cross (shared, not copied); the other side decodes them again when asked.
    shareTexts(rest.sources as SourceFile[]);
    for (const file of rest.sources) delete (file as Partial<SourceFile>).text;
    return { ok: true, graph: rest };
  } catch (error) {
    if (error instanceof GraphLoadError) return { ok: false, findings: error.findings };
    return { ok: false, error: { message: (error as Error).message, stack: (error as Error).stack } };
  }
}

parentPort!.postMessage(await main());
