import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGraphRef } from '../../src/graph/graph-ref.js';
import { BASE, copyDataset, ONTOLOGY, VALID } from '../helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function refOnCopy() {
  const { dir, cleanup } = await copyDataset(VALID);
  cleanups.push(cleanup);
  return { dir, ref: await createGraphRef({ ontologyDir: ONTOLOGY, dataDir: dir, baseIri: BASE, strict: true }) };
}

const name = (ref: Awaited<ReturnType<typeof refOnCopy>>['ref']) =>
  ref.current().store.getQuads(`${BASE}id/commons/semapps`, 'http://schema.org/name', null, null)[0].object.value;

describe('graph reference', () => {
  it('swaps in a new graph when a reload succeeds, and tells its listeners first', async () => {
    const { dir, ref } = await refOnCopy();
    const before = ref.current();
    const seen: string[] = [];
    ref.onSwap((graph) => seen.push(graph.store.getQuads(`${BASE}id/commons/semapps`, 'http://schema.org/name', null, null)[0].object.value));
    const file = path.join(dir, 'commons', 'semapps.ttl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"SemApps"', '"SemApps 2"'));
    const result = await ref.reload();
    expect(result.ok).toBe(true);
    expect(ref.current()).not.toBe(before);
    expect(name(ref)).toBe('SemApps 2');
    expect(seen).toEqual(['SemApps 2']);
    // The old graph is untouched: requests that hold it keep a consistent view.
    expect(before.store.getQuads(`${BASE}id/commons/semapps`, 'http://schema.org/name', null, null)[0].object.value).toBe('SemApps');
  });

  it('tells whoever watches loads of each reload, with a promise that settles once the new graph is served', async () => {
    const { dir, cleanup } = await copyDataset(VALID);
    cleanups.push(cleanup);
    const watched: Array<Promise<unknown>> = [];
    const ref = await createGraphRef({ ontologyDir: ONTOLOGY, dataDir: dir, baseIri: BASE, strict: true }, () => {}, (load) => watched.push(load));
    expect(watched).toHaveLength(0);
    const file = path.join(dir, 'commons', 'semapps.ttl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"SemApps"', '"SemApps 3"'));
    const reloading = ref.reload();
    expect(watched).toEqual([reloading]);
    await watched[0];
    expect(name(ref)).toBe('SemApps 3');
  });

  it('keeps serving the last good graph when a reload fails', async () => {
    const { dir, ref } = await refOnCopy();
    const before = ref.current();
    await writeFile(path.join(dir, 'commons', 'semapps.ttl'), 'this is not turtle');
    const result = await ref.reload();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.findings[0]).toMatchObject({ code: 'syntax' });
    expect(ref.current()).toBe(before);
    expect(name(ref)).toBe('SemApps');
  });

  it('shares one reload between concurrent requests', async () => {
    const { ref } = await refOnCopy();
    const [a, b] = await Promise.all([ref.reload(), ref.reload()]);
    expect(a).toBe(b);
  });

  it('abandons the preparations that succeeded when another fails, even one that finishes later', async () => {
    const { dir, ref } = await refOnCopy();
    const before = ref.current();
    const abandoned: string[] = [];
    ref.beforeSwap(async () => async () => void abandoned.push('quick'));
    ref.beforeSwap(async () => {
      throw new Error('the views could not be built');
    });
    ref.beforeSwap(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return async () => void abandoned.push('slow');
    });
    ref.beforeSwap(async () => undefined);
    const file = path.join(dir, 'commons', 'semapps.ttl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"SemApps"', '"SemApps 2"'));
    const result = await ref.reload();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error?.message).toBe('the views could not be built');
    expect(abandoned.sort()).toEqual(['quick', 'slow']);
    expect(ref.current()).toBe(before);
    expect(name(ref)).toBe('SemApps');
  });
});
