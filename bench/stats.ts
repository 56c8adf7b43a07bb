// **stats** turns timings into the figures the benchmark prints.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Timing {
  /** First run, in ms. */
  cold: number;
  median: number;
  p95: number;
  runs: number;
}

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function geomean(values: readonly number[]): number {
  const ok = values.filter((v) => v > 0 && Number.isFinite(v));
  return ok.length ? Math.exp(ok.reduce((s, v) => s + Math.log(v), 0) / ok.length) : NaN;
}

export const now = (): number => performance.now();

/**
 * Runs `fn` once cold, then warm: up to `maxRuns` times, stopping early once `budgetMs` is spent
 * (but never fewer than `minRuns`), so that a slow query at 1M triples cannot take the whole run;
 * a query whose cold run alone exceeds the budget gets a single warm run.
 */
export async function measure(fn: () => unknown, opts: { maxRuns: number; minRuns: number; budgetMs: number }): Promise<Timing> {
  let start = now();
  await fn();
  const cold = now() - start;
  const times: number[] = [];
  if (cold > opts.budgetMs) {
    // Slower than the whole budget (a join at 1M triples takes over a minute): one warm run, no warm-up.
    start = now();
    await fn();
    times.push(now() - start);
    return { cold, median: times[0], p95: times[0], runs: 1 };
  }
  // One untimed warm-up run after the cold one.
  await fn();
  const began = now();
  while (times.length < opts.maxRuns && (times.length < opts.minRuns || now() - began < opts.budgetMs)) {
    start = now();
    await fn();
    times.push(now() - start);
  }
  return { cold, median: percentile(times, 50), p95: percentile(times, 95), runs: times.length };
}

export interface Memory {
  heapUsedMb: number;
  rssMb: number;
}

export function memory(): Memory {
  const m = process.memoryUsage();
  return { heapUsedMb: round(m.heapUsed / 2 ** 20, 1), rssMb: round(m.rss / 2 ** 20, 1) };
}

// A garbage collector to call before reading memory, so that the figures mean something, without asking
// for node --expose-gc: the flag is set at run time and gc() taken from a fresh context.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (() => void) | undefined;

export function collect(): void {
  gc?.();
  gc?.();
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
