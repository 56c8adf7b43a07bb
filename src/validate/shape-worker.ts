// **shape-worker** is the shapes' thread (see shape-thread.ts): it compiles the shapes it is given, then checks
// each batch it receives and answers with the results, in the order the batches came.
import { parentPort, workerData } from 'node:worker_threads';
import { DataFactory, termFromId, type Quad } from 'n3';
import type { EncodedBatch } from './shape-batches.js';
import { checkBatch, compileShapes, encodeResult } from './shape-engine.js';
import type { ShapeReply } from './shape-thread.js';

const { shapes } = workerData as { shapes: string[][] };
const { validator } = compileShapes(shapes.map(([s, p, o]) => DataFactory.quad(termFromId(s) as Quad['subject'], termFromId(p) as Quad['predicate'], termFromId(o) as Quad['object'])));

let previous = Promise.resolve();
parentPort!.on('message', (batch: EncodedBatch) => {
  previous = previous.then(async () => {
    let reply: ShapeReply;
    try {
      reply = { results: (await checkBatch(validator, batch)).map(encodeResult) };
    } catch (error) {
      reply = { error: (error as Error).message };
    }
    parentPort!.postMessage(reply);
  });
});
