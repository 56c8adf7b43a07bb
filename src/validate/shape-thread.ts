// **shape-thread** checks batches of the data against the shapes in a thread of its own (shape-worker.ts), one
// after the other, in the order they are sent: see ShapeOptions.thread for why.
import { Worker } from 'node:worker_threads';
import { termToId, type Quad } from 'n3';
import type { EncodedBatch } from './shape-batches.js';
import type { EncodedResult } from './shape-engine.js';
import { workerScript } from '../worker-script.js';

const SCRIPT = workerScript(import.meta.url, 'shape-worker');

export type ShapeReply = { results: EncodedResult[] } | { error: string };

export interface ShapeThread {
  check(batch: EncodedBatch): Promise<EncodedResult[]>;
  close(): Promise<void>;
}

export function startShapeThread(shapeQuads: Quad[]): ShapeThread {
  const shapes = shapeQuads.map((q) => [termToId(q.subject), termToId(q.predicate), termToId(q.object)]);
  const worker = new Worker(SCRIPT.script, { eval: SCRIPT.eval, workerData: { shapes } });
  const waiting: Array<{ resolve: (results: EncodedResult[]) => void; reject: (error: Error) => void }> = [];
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const { reject } of waiting.splice(0)) reject(failure);
  };
  worker.on('message', (reply: ShapeReply) => {
    const { resolve, reject } = waiting.shift()!;
    if ('error' in reply) reject(new Error(`checking the shapes: ${reply.error}`));
    else resolve(reply.results);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the shapes' thread stopped (exit code ${code}) before it answered`)));
  return {
    check(batch) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage(batch, [batch.quads.buffer as ArrayBuffer, batch.described.buffer as ArrayBuffer]);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
