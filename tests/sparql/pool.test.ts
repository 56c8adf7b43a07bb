// The query pool across reloads: the next graph's workers are prepared beside the current ones, then either
// switched to or, when another part of the reload fails, stopped without the current graph noticing.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadGraph, type Graph } from '../../src/graph/load-graph.js';
import { createQueryPool, type QueryPool } from '../../src/sparql/pool.js';
import { workerInit } from '../../src/sparql/service.js';
import { BASE, copyDataset, ONTOLOGY, VALID } from '../helpers.js';

const NAME = `SELECT ?name WHERE { <${BASE}id/commons/decidim> <http://schema.org/name> ?name }`;
const init = (graph: Graph) => workerInit(graph, { allowedServices: [] } as never);

describe('query pool', () => {
  let pool: QueryPool;
  let before: Graph;
  let after: Graph;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const copy = await copyDataset(VALID);
    cleanup = copy.cleanup;
    const load = () => loadGraph({ ontologyDir: ONTOLOGY, dataDir: copy.dir, baseIri: BASE, strict: true });
    before = await load();
    const file = path.join(copy.dir, 'commons', 'decidim.ttl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('schema:name "Decidim"', 'schema:name "Decidim 2"'));
    after = await load();
    pool = await createQueryPool(init(before), { size: 2, timeoutMs: 60_000, maxQueue: 8, maxWorkerHeapMb: 256 });
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
    await cleanup?.();
  });

  const name = async () => JSON.parse((await pool.run({ query: NAME, mediaType: 'application/sparql-results+json', maxResults: 10 })).body).results.bindings[0].name.value;

  it('stops the prepared workers when the reload is abandoned, and keeps answering from the current graph', async () => {
    expect(await name()).toBe('Decidim');
    const threads = pool.threads;
    const prepared = await pool.prepare(init(after));
    expect(pool.threads).toBeGreaterThan(threads);
    await prepared.abandon();
    expect(pool.threads).toBe(threads);
    expect(pool.generation).toBe(0);
    expect(await name()).toBe('Decidim');
  }, 120_000);

  it('switches to the prepared workers on commit', async () => {
    (await pool.prepare(init(after))).commit();
    expect(pool.generation).toBe(1);
    expect(await name()).toBe('Decidim 2');
  }, 120_000);

  it('prepares one worker for the next graph however many are up, stops the idle others, and starts them again at the switch', async () => {
    // Two queries at once bring up the pool's second worker.
    await Promise.all([name(), name()]);
    expect(pool.threads).toBe(2);
    const prepared = await pool.prepare(init(before));
    // Until the switch, one worker of each graph: the idle second one stopped, one prepared (not one per worker up).
    expect(pool.threads).toBe(2);
    expect(await name()).toBe('Decidim 2');
    prepared.commit();
    await vi.waitFor(() => expect(pool.threads).toBe(2), { timeout: 60_000, interval: 50 });
    expect(await Promise.all([name(), name()])).toEqual(['Decidim', 'Decidim']);
  }, 120_000);
});
