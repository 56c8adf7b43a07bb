// **load-in-worker** runs loadGraph in a worker thread and revives its result here. A load is seconds of
// synchronous parsing and SHACL at 100k triples, minutes at 1M: on the main thread, a reload would stop every
// page for that long. The graph itself crosses for free (its encoding lives in SharedArrayBuffers); the rest
// (names of the files, source map, history, findings) is copied by structured clone, and gets its classes back here;
// the files' texts cross in shared memory too (sources.ts, shareTexts).
import { Worker } from 'node:worker_threads';
import { DataFactory } from 'n3';
import { compactStores } from './compact-store.js';
import { GraphLoadError, type Graph, type LoadOptions } from './load-graph.js';
import { SourceMap } from './source-map.js';
import { textFromShared, turtleBytes } from './sources.js';
import type { Finding } from '../validate/finding.js';
import { workerScript } from '../worker-script.js';

export type LoadReply =
  | { ok: true; graph: Omit<Graph, 'store' | 'union'> }
  | { ok: false; findings: Finding[] }
  | { ok: false; error: { message: string; stack?: string } };

const LOADER = workerScript(import.meta.url, 'load-worker');
/**
 * The loading thread's heap limit, in MB: LOAD_HEAP_MB if set, else 384 MB and 8 times the Turtle read. A load
 * needs several times the memory of the text it reads (parsed quads, the encoding, SHACL's working set), all of it
 * gone with the thread. The limit is also how much garbage V8 lets pile up before collecting: a generous fixed one
 * (6 GB) let a 1M-triple load reach 3.3 GB of RSS with 0.8 GB live. Measured at 1M triples (113 MB of Turtle),
 * since lines and columns are found only for findings: at most about 700 MB live, so the default, 1.3 GB, leaves
 * nearly twice that (16 times, before, let a reload's RSS climb 400 MB higher). Not set with node's
 * --max-old-space-size, which would also lift the query workers' own limit (Node lets that flag override every
 * worker's resourceLimits).
 */
export async function loadHeapMb(options: LoadOptions): Promise<number> {
  const fixed = Number(process.env.LOAD_HEAP_MB);
  if (fixed > 0) return fixed;
  const bytes = options.sources
    ? options.sources.reduce((n, s) => n + Buffer.byteLength(s.text), 0)
    : await turtleBytes([options.ontologyDir, options.dataDir], options.cwd);
  return Math.ceil(384 + (8 * bytes) / 2 ** 20);
}

/** loadGraph, off the main thread: the same graph, or the same GraphLoadError. */
export async function loadGraphInWorker(options: LoadOptions): Promise<Graph> {
  const heapMb = await loadHeapMb(options);
  const reply = await new Promise<LoadReply>((resolve, reject) => {
    const worker = new Worker(LOADER.script, { eval: LOADER.eval, workerData: options, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    let answer: LoadReply | undefined;
    worker.once('message', (message: LoadReply) => {
      answer = message;
      // The thread and its heap (up to the limit above, mostly garbage by now) are gone before the graph is
      // revived here: measured under page traffic at 1M, a reload's memory peaked at this handover, with the
      // loading thread still alive while this thread decoded the next graph.
      void worker.terminate();
    });
    worker.once('error', (error: Error & { code?: string }) =>
      reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error(`loading the data needs more than ${heapMb} MB of memory: set LOAD_HEAP_MB higher`) : error));
    worker.once('exit', (code) => (answer ? resolve(answer) : reject(new Error(`the loading thread stopped (exit code ${code}) before it answered`))));
  });
  if (!reply.ok) {
    if ('findings' in reply) throw new GraphLoadError(reply.findings);
    throw Object.assign(new Error(reply.error.message), { stack: reply.error.stack });
  }
  return revive(reply.graph);
}

function revive(plain: Omit<Graph, 'store' | 'union'>): Graph {
  // Structured clone keeps the fields of the files and of the source map, and which file objects they share,
  // but not their classes: the named graph of each file is an n3 term again, the source map a SourceMap.
  // An n3 term keeps its IRI in `id` (`value` is a getter of its class, which the copy lost).
  for (const file of plain.sources) {
    file.graph = DataFactory.namedNode((file.graph as { id?: string }).id ?? file.graph.value);
    textFromShared(file);
  }
  const { named, union } = compactStores(plain.encoded);
  return Object.freeze({
    ...plain,
    store: named,
    union,
    sourceMap: SourceMap.revive(plain.sourceMap),
    sources: Object.freeze(plain.sources),
    warnings: Object.freeze(plain.warnings),
    timings: Object.freeze(plain.timings),
  });
}
