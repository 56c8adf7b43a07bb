// The in-process vs Virtuoso benchmark (bench/external.ts) on a tiny generated directory: both parts run,
// every query of the mix gets a row on both engines with agreeing counts, and everything it started is
// stopped. Behaviour only: no timing is judged here.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatExternal, mismatches, runExternalBench, type ExternalBenchResult } from '../../bench/external.js';
import { generateDataset } from '../../bench/generate.js';
import { QUERY_MIX } from '../../bench/queries.js';

let tmp: string | undefined;

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the external engine benchmark', () => {
  it('measures both engines on one directory, with the same answers, and stops what it started', async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'uc-external-bench-'));
    await generateDataset(tmp, 2_000);
    // The server from source (no build needed here), one warm run, a short throughput run.
    const result = await runExternalBench(tmp, { server: 'source', runs: 1, httpSeconds: 1, timeoutS: 60, triples: 2_000 });
    expect(result.parts.map((p) => [p.engine, p.error])).toEqual([['in-process', undefined], ['Virtuoso', undefined]]);
    for (const part of result.parts) {
      expect(part.firstAnswerMs).toBeGreaterThan(0);
      expect(part.queries.map((q) => q.id)).toEqual(QUERY_MIX.map((q) => q.id));
      for (const q of part.queries) {
        expect(q.error, `${part.engine} ${q.id}`).toBeUndefined();
        expect(q.count, `${part.engine} ${q.id}`).toBeTypeOf('number');
        expect(q.warmMs).toBeGreaterThan(0);
      }
      expect(part.throughput!.requests).toBeGreaterThan(0);
      expect(Number.isFinite(part.loadEnd)).toBe(true);
    }
    expect(result.parts[1].phases).toHaveProperty(['SPARQL engine load']);
    expect(mismatches(result)).toEqual([]);
    const table = formatExternal(result);
    expect(table).toContain('Answers checked');
    expect(table).not.toContain('MISMATCH');
  }, 600_000);

  it('reports differing counts and failed queries plainly', () => {
    const part = (engine: 'in-process' | 'Virtuoso', count: number | undefined): ExternalBenchResult['parts'][number] => ({
      engine,
      phases: {},
      loadStart: 1,
      loadEnd: 1,
      queries: [{ id: 'theme', label: 'filter by theme', count, warmMs: 1, coldMs: 1, runs: 1, error: count === undefined ? '503 timeout' : undefined }, { id: 'ask', label: 'ASK', count: 1, runs: 1 }],
    });
    const result: ExternalBenchResult = {
      date: new Date().toISOString(),
      machine: { cpus: 2, cpuModel: 'x', memoryGb: 1, node: 'v20' },
      options: { runs: 1, httpSeconds: 1, timeoutS: 1, connections: 1 },
      parts: [part('in-process', 8), part('Virtuoso', 7)],
    };
    expect(mismatches(result)).toContain('theme: 8 in process, 7 on Virtuoso');
    expect(mismatches(result)).not.toContain(expect.stringMatching(/^ask:/));
    expect(mismatches(result)).toContain('listing: in-process not measured, Virtuoso not measured');
    expect(formatExternal(result)).toContain('**MISMATCH**');
    expect(formatExternal(result)).toContain('**Answers differ**');
    result.parts[1] = part('Virtuoso', undefined);
    expect(mismatches(result)).toContain('theme: Virtuoso failed (503 timeout)');
  });
});
