// The bounded runner behind link checks, the static copy's compression and the files sent to an external engine.
import { describe, expect, it } from 'vitest';
import { eachAtOnce } from '../src/each-at-once.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('eachAtOnce', () => {
  it('runs every item once, never more than the limit at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await eachAtOnce(Array.from({ length: 20 }, (_, i) => i), 3, async (i) => {
      most = Math.max(most, ++inFlight);
      await tick();
      seen.push(i);
      inFlight--;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(3);
  });

  it('fails with the first failure, once the other lanes have settled', async () => {
    const done: number[] = [];
    const error = await eachAtOnce([1, 2, 3, 4], 2, async (i) => {
      await tick();
      if (i === 1) throw new Error('item 1 failed');
      done.push(i);
    }).catch((e: Error) => e);
    expect((error as Error).message).toBe('item 1 failed');
    // The failed lane stopped; the other went on to the end of the list before the failure was reported.
    expect(done).toEqual([2, 3, 4]);
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await eachAtOnce([], 4, async () => void calls++);
    expect(calls).toBe(0);
  });
});
