// A load in a worker thread must give the server exactly what a load in process gives: same quads, same files
// (with real n3 terms), a working source map, the git history, and the same refusal of broken data.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import { GraphLoadError, loadGraph, type Graph } from '../../src/graph/load-graph.js';
import { loadGraphInWorker, loadHeapMb } from '../../src/graph/load-in-worker.js';
import { BASE, DATA, FIXTURES, ONTOLOGY, ROOT, VALID } from '../helpers.js';

const quads = (graph: Graph) => graph.store.getQuads(null, null, null, null).map((q) => `${q.subject.id} ${q.predicate.id} ${q.object.id} ${q.graph.id}`).sort();

describe('loading the graph in a worker thread', () => {
  it('gives the same graph as a load in process, with its files, source map and history', async () => {
    const options = { ontologyDir: ONTOLOGY, dataDir: DATA, baseIri: BASE, strict: true, cwd: ROOT };
    const [here, there] = await Promise.all([loadGraph(options), loadGraphInWorker(options)]);
    expect(quads(there)).toEqual(quads(here));
    expect(there.union.size).toBe(here.union.size);
    expect(there.sources.map((s) => s.display)).toEqual(here.sources.map((s) => s.display));
    // Files get their n3 terms back: equals() and the store's patterns work with them.
    const decidim = there.sources.find((s) => s.relative === 'commons/decidim.ttl')!;
    expect(decidim.graph.equals(DataFactory.namedNode(decidim.graph.value))).toBe(true);
    expect(there.store.countQuads(null, null, null, decidim.graph)).toBe(here.store.countQuads(null, null, null, here.sources.find((s) => s.relative === 'commons/decidim.ttl')!.graph));
    // The source map answers as before, and points at the same file objects as `sources`.
    const iri = `${BASE}id/commons/decidim`;
    expect(there.sourceMap.fileOf(iri)).toBe(decidim);
    // The texts cross in shared memory, not as copied strings, and read back the same, accents included.
    expect(decidim.utf8?.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(there.sources.map((s) => s.text)).toEqual(here.sources.map((s) => s.text));
    expect(there.sources.some((s) => /[^\x00-\x7f]/.test(s.text))).toBe(true);
    expect(there.history?.files.size).toBe(here.history?.files.size);
    expect(there.warnings).toEqual(here.warnings);
  });

  it('refuses broken data with the same findings', async () => {
    const options = { ontologyDir: ONTOLOGY, dataDir: path.join(FIXTURES, 'invalid', 'dangling-link'), baseIri: BASE, strict: true, cwd: ROOT };
    const inProcess = await loadGraph(options).catch((error: unknown) => error);
    const inWorker = await loadGraphInWorker(options).catch((error: unknown) => error);
    expect(inWorker).toBeInstanceOf(GraphLoadError);
    expect((inWorker as GraphLoadError).findings).toEqual((inProcess as GraphLoadError).findings);
    expect((inWorker as GraphLoadError).findings.length).toBeGreaterThan(0);
  });

  it('says what went wrong when the loading thread fails for another reason', async () => {
    const error = await loadGraphInWorker({ ontologyDir: ONTOLOGY, dataDir: path.join(VALID, 'no-such-folder'), baseIri: BASE, strict: true, cwd: ROOT }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/no-such-folder/);
  });

  describe('the loading thread\'s heap limit', () => {
    const saved = process.env.LOAD_HEAP_MB;
    afterEach(() => {
      if (saved === undefined) delete process.env.LOAD_HEAP_MB;
      else process.env.LOAD_HEAP_MB = saved;
    });

    it('grows with the Turtle to read, unless LOAD_HEAP_MB says', async () => {
      delete process.env.LOAD_HEAP_MB;
      const small = await loadHeapMb({ ontologyDir: ONTOLOGY, dataDir: VALID, baseIri: BASE, strict: true, cwd: ROOT });
      const larger = await loadHeapMb({ ontologyDir: ONTOLOGY, dataDir: DATA, baseIri: BASE, strict: true, cwd: ROOT });
      expect(small).toBeGreaterThanOrEqual(384);
      expect(larger).toBeGreaterThan(small);
      process.env.LOAD_HEAP_MB = '5000';
      expect(await loadHeapMb({ ontologyDir: ONTOLOGY, dataDir: DATA, baseIri: BASE, strict: true, cwd: ROOT })).toBe(5000);
    });

    it('says how to give a load more memory when it runs out', async () => {
      process.env.LOAD_HEAP_MB = '4';
      const error = await loadGraphInWorker({ ontologyDir: ONTOLOGY, dataDir: VALID, baseIri: BASE, strict: true, cwd: ROOT }).catch((e: Error) => e);
      expect((error as Error).message).toBe('loading the data needs more than 4 MB of memory: set LOAD_HEAP_MB higher');
    });
  });
});
