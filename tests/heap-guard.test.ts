import v8 from 'node:v8';
import { describe, expect, it, vi } from 'vitest';
import { guardHeap } from '../src/heap-guard.js';

const usedMb = () => v8.getHeapStatistics().used_heap_size / 1048576;
/** 128 MB of doubles in the JavaScript heap (typed arrays would live outside it). */
const allocate = () => Array.from({ length: 64 }, () => new Array<number>(1 << 18).fill(0.5));

describe('guardHeap', () => {
  it('collects the garbage once the heap has grown past the margin, and only then', () => {
    const guard = guardHeap({ marginMb: 32 });
    guard.check();
    expect(guard.check()).toBe(false);
    let junk: number[][] | undefined = allocate();
    expect(junk.length).toBe(64);
    junk = undefined;
    const before = usedMb();
    expect(guard.check()).toBe(true);
    expect(usedMb()).toBeLessThan(before - 100);
    expect(guard.check()).toBe(false);
  });

  it('takes what is still in use as its new floor instead of collecting again and again', () => {
    const guard = guardHeap({ marginMb: 32 });
    guard.check();
    const kept = allocate();
    expect(guard.check()).toBe(true);
    expect(guard.check()).toBe(false);
    expect(kept.length).toBe(64);
  });

  it('samples on its own while a load runs, and stops when the last of overlapping loads ends', async () => {
    const guard = guardHeap({ marginMb: 32, everyMs: 5 });
    expect(guard.sampling).toBe(false);
    let endFirst!: () => void;
    let failSecond!: (error: Error) => void;
    const first = new Promise<void>((resolve) => (endFirst = resolve));
    const second = new Promise<void>((_, reject) => (failSecond = reject));
    guard.during(first);
    guard.during(second);
    expect(guard.sampling).toBe(true);
    // One collection as the first load starts, to measure from what is live.
    expect(guard.collections).toBe(1);
    let junk: number[][] | undefined = allocate();
    expect(junk.length).toBe(64);
    junk = undefined;
    const before = usedMb();
    await vi.waitFor(() => expect(guard.collections).toBe(2), { timeout: 60_000 });
    expect(usedMb()).toBeLessThan(before - 100);
    endFirst();
    await first;
    expect(guard.sampling).toBe(true);
    failSecond(new Error('a failed reload ends the load too'));
    await second.catch(() => {});
    expect(guard.sampling).toBe(false);
  });
});
