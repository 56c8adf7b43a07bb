// **external** compares the two ways the server answers /sparql (issue 13), on ONE generated directory in one
// run: the built server on its in-process engine, then the same server over a real Virtuoso 7.2 loaded through
// the Graph Store Protocol. For each: launch → first answer (for Virtuoso this includes sending every file),
// each query of the mix through HTTP (cold = first, warm = median of a few, every request a distinct query
// text so that no answer cache serves it), and autocannon throughput on the fresh-query mix. Answers are
// checked: the number of rows (triples for CONSTRUCT/DESCRIBE) of each query must agree between the engines.
// It measures only: it never fails on a timing. The machine may be shared: the load average is printed.
//
//   npx tsx bench/external.ts --triples 100000     (or: npm run bench -- --engines --sizes 100000)
//   options: --runs N (warm runs per query, 5) --http-seconds S (10) --no-build --keep --data DIR (an
//            existing directory instead of a generated one) --timeout S (the server's SPARQL limit, 120)
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConfig, PROJECT_ROOT } from '../src/config.js';
import { startVirtuoso, type RunningVirtuoso } from '../tests/engines/virtuoso.js';
import { generateDataset } from './generate.js';
import { countAnswer, freshSparqlPath, hammer, sparqlPath, warmUp, type Throughput } from './http.js';
import { QUERY_MIX, type BenchQuery } from './queries.js';
import { now, percentile, round } from './stats.js';
import { ASK, get, startArguments, watch } from './startup.js';

export interface QueryTiming {
  id: string;
  label: string;
  /** Rows of a SELECT, triples of a CONSTRUCT/DESCRIBE, 1/0 for ASK; undefined when the query failed. */
  count?: number;
  truncated?: boolean;
  coldMs?: number;
  warmMs?: number;
  runs: number;
  error?: string;
}

export interface EnginePart {
  engine: 'in-process' | 'Virtuoso';
  /** Virtuoso's own start (a fresh database), before the server was launched. */
  engineStartMs?: number;
  /** Launch of the server → a page and a SPARQL query both answered 200. */
  firstAnswerMs?: number;
  /** The server's start phases (seconds), from its log. */
  phases: Record<string, number>;
  queries: QueryTiming[];
  throughput?: Throughput;
  /** 1-minute load average when the part began and when it ended. */
  loadStart: number;
  loadEnd: number;
  /** What stopped the part, if something did. */
  error?: string;
}

export interface ExternalBenchResult {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  triples?: number;
  files?: number;
  options: { runs: number; httpSeconds: number; timeoutS: number; connections: number };
  parts: EnginePart[];
}

export interface ExternalBenchOptions {
  /** Warm runs per query (each a distinct query text). */
  runs?: number;
  httpSeconds?: number;
  /** The server's SPARQL time limit in seconds, for both engines (Virtuoso's own limit is set above it). */
  timeoutS?: number;
  /** `built`: dist/src/cli/serve.js as npm start runs it; `source`: src/cli/serve.ts through tsx (tests). */
  server?: 'built' | 'source';
  /** Approximate triples, for the report. */
  triples?: number;
  /** Virtuoso's page buffers (8 KB each). */
  virtuosoBuffers?: number;
  /** Given the result as soon as it exists, filled in as the run goes: what an interrupted run can still print. */
  onResult?: (result: ExternalBenchResult) => void;
  log?: (message: string) => void;
}

interface Launched {
  url: string;
  child: ChildProcess;
  firstAnswerMs: number;
  phases: Record<string, number>;
  stop(): Promise<void>;
}

/** Virtuoso's page buffers (8 KB each) for a size: about 1 GB at 1M triples, the tests' 10,000 at a few thousand. */
const buffersFor = (triples: number) => (triples >= 500_000 ? 130_000 : triples >= 50_000 ? 40_000 : 10_000);

/** Stops for what is running now (the server, Virtuoso): an interrupted run must not leave them behind. */
const running = new Set<() => Promise<void>>();

/** Stops every server and Virtuoso this module started and has not stopped yet. */
export async function stopEverything(): Promise<void> {
  await Promise.all([...running].map((stop) => stop().catch(() => {})));
}

const load1 = () => round(loadavg()[0], 2);

async function serverCommand(kind: 'built' | 'source'): Promise<string[]> {
  if (kind === 'built') return startArguments();
  return ['--import', 'tsx', path.join('src', 'cli', 'serve.ts')];
}

/** Starts the server on `dir` (not strict: synthetic data) and waits for its first answers. */
async function launch(dir: string, kind: 'built' | 'source', extraArgs: string[], env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<Launched> {
  const launched = now();
  const child = spawn(process.execPath, [...(await serverCommand(kind)), '--port', '0', '--host', '127.0.0.1', '--data', dir, '--no-strict', ...extraArgs], { cwd: PROJECT_ROOT, env });
  const out = watch(child);
  // Progress lines while waiting, so that a many-minute load is visibly alive.
  let shown = 0;
  const progress = setInterval(() => {
    const lines = out.output.split('\n').filter((l) => /^start: /.test(l));
    for (const l of lines.slice(shown)) log(`    ${l}`);
    shown = lines.length;
  }, 1000);
  const stop = async () => {
    running.delete(stop);
    clearInterval(progress);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  running.add(stop);
  try {
    const [, url] = await out.waitFor(/serving (http:\/\/\S+)/);
    const [page, query] = await Promise.all([get(`${url}/`), get(`${url}${ASK}`)]);
    if (page.status !== 200 || query.status !== 200) throw new Error(`first answers: page ${page.status}, SPARQL ${query.status} ${query.body.slice(0, 200)}`);
    const firstAnswerMs = now() - launched;
    clearInterval(progress);
    const phases: Record<string, number> = {};
    for (const m of out.output.matchAll(/^start: (.+?) (\d+(?:\.\d+)?) s/gm)) phases[m[1]] = Number(m[2]);
    for (const l of out.output.split('\n').filter((x) => /^start: /.test(x)).slice(shown)) log(`    ${l}`);
    return { url, child, firstAnswerMs: round(firstAnswerMs), phases, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function timeOnce(url: string, q: BenchQuery, tag: string): Promise<{ ms: number; status: number; body: string; truncated: boolean }> {
  const start = now();
  const response = await fetch(url + sparqlPath(`${q.query}# ${tag}\n`));
  const body = await response.text();
  return { ms: now() - start, status: response.status, body, truncated: response.headers.has('x-sparql-truncated') };
}

/** Each query of the mix: once cold, then `runs` times warm, every request a query text of its own. */
async function queryMix(url: string, engine: string, runs: number, log: (m: string) => void): Promise<QueryTiming[]> {
  const out: QueryTiming[] = [];
  for (const q of QUERY_MIX) {
    const row: QueryTiming = { id: q.id, label: q.label, runs: 0 };
    out.push(row);
    const cold = await timeOnce(url, q, `${engine} cold`).catch((e: Error) => ({ ms: NaN, status: 0, body: e.message, truncated: false }));
    if (cold.status !== 200) {
      row.error = `${cold.status || 'no answer'} ${cold.body.replace(/\s+/g, ' ').slice(0, 160)}`;
      log(`  ${q.id}: failed: ${row.error}`);
      continue;
    }
    row.coldMs = round(cold.ms);
    row.count = countAnswer(cold.body);
    row.truncated = cold.truncated;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await timeOnce(url, q, `${engine} warm ${i}`);
      if (r.status !== 200) {
        row.error = `warm run ${i}: ${r.status} ${r.body.replace(/\s+/g, ' ').slice(0, 160)}`;
        break;
      }
      times.push(r.ms);
    }
    row.runs = times.length;
    if (times.length) row.warmMs = round(percentile(times, 50));
    log(`  ${q.id}: ${row.count} ${row.truncated ? '(truncated) ' : ''}cold ${row.coldMs} ms, warm ${row.warmMs ?? '—'} ms${row.error ? `, ${row.error}` : ''}`);
  }
  return out;
}

async function throughput(url: string, seconds: number, connections: number, offset: number, log: (m: string) => void): Promise<Throughput> {
  // No more connections than the client may use at once (more would spin on fast 429s on two cores).
  await warmUp(url, connections, offset, log);
  log('  throughput: fresh mix…');
  const t = await hammer(url, [], { seconds, connections, fresh: (n) => freshSparqlPath(QUERY_MIX)(n + offset) });
  log(`  ${t.rps} requests/s, p50 ${t.latencyP50Ms} ms, p99 ${t.latencyP99Ms} ms, ${t.failed} failed ${JSON.stringify(t.statusCodes)}`);
  return t;
}

/** Both parts on one directory, one after the other; whatever was started is stopped. */
export async function runExternalBench(dir: string, options: ExternalBenchOptions = {}): Promise<ExternalBenchResult> {
  const log = options.log ?? (() => {});
  const runs = options.runs ?? 5;
  const httpSeconds = options.httpSeconds ?? 10;
  const timeoutS = options.timeoutS ?? 120;
  const kind = options.server ?? 'built';
  const env: NodeJS.ProcessEnv = { ...process.env, SPARQL_TIMEOUT: String(timeoutS), SPARQL_MAX_RESULTS: '1000000' };
  delete env.SPARQL_ENGINE;
  delete env.GRAPH_STORE;
  const sparql = createConfig({ port: '0' }, env).sparql;
  // Every request comes from 127.0.0.1: one connection per query the endpoint allows one client at once.
  const connections = sparql.maxPerClient;
  const result: ExternalBenchResult = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGb: round(totalmem() / 2 ** 30, 1), node: process.version },
    triples: options.triples,
    options: { runs, httpSeconds, timeoutS, connections },
    parts: [],
  };
  options.onResult?.(result);

  /** One engine: its server started (after `before`, e.g. Virtuoso's own start), measured, and everything stopped. */
  const measurePart = async (part: EnginePart, extraArgs: () => string[], extraEnv: () => NodeJS.ProcessEnv, offset: number, before?: () => Promise<() => Promise<void>>) => {
    result.parts.push(part);
    let server: Launched | undefined;
    let after: (() => Promise<void>) | undefined;
    try {
      if (before) after = await before();
      server = await launch(dir, kind, extraArgs(), { ...env, ...extraEnv() }, log);
      part.firstAnswerMs = server.firstAnswerMs;
      part.phases = server.phases;
      log(`  first answer after ${(server.firstAnswerMs / 1000).toFixed(1)} s`);
      part.queries = await queryMix(server.url, part.engine, runs, log);
      part.throughput = await throughput(server.url, httpSeconds, connections, offset, log);
    } catch (error) {
      part.error = (error as Error).message.slice(0, 2000);
      log(`  stopped: ${part.error}`);
    } finally {
      await server?.stop();
      await after?.();
      part.loadEnd = load1();
    }
  };

  // 1. In process.
  const own: EnginePart = { engine: 'in-process', phases: {}, queries: [], loadStart: load1(), loadEnd: NaN };
  log(`in-process engine (load average ${own.loadStart}): starting the server…`);
  await measurePart(own, () => [], () => ({}), 0);

  // 2. Virtuoso, with a fresh database; the server's start includes sending every file to it.
  const external: EnginePart = { engine: 'Virtuoso', phases: {}, queries: [], loadStart: load1(), loadEnd: NaN };
  log(`Virtuoso (load average ${external.loadStart}): starting Virtuoso with a fresh database…`);
  let virtuoso: RunningVirtuoso | undefined;
  await measurePart(external, () => ['--sparql-engine', virtuoso!.queryUrl, '--graph-store', virtuoso!.storeUrl], () => ({ SPARQL_ENGINE_USER: virtuoso!.user, SPARQL_ENGINE_PASSWORD: virtuoso!.password }), 10_000_000, async () => {
    const started = now();
    // Its own limit above the server's, so that the server's limit is the one that applies.
    virtuoso = await startVirtuoso({ buffers: options.virtuosoBuffers ?? buffersFor(options.triples ?? 0), maxQuerySeconds: timeoutS + 30 });
    external.engineStartMs = round(now() - started);
    log(`  Virtuoso answers after ${(external.engineStartMs / 1000).toFixed(1)} s; starting the server on it (it sends every file)…`);
    const stop = () => (running.delete(stop), virtuoso!.stop());
    running.add(stop);
    return stop;
  });
  return result;
}

// ─── report ───

const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : x < 10 ? `${x.toFixed(2)} ms` : x < 1000 ? `${x.toFixed(0)} ms` : x < 10_000 ? `${(x / 1000).toFixed(2)} s` : `${(x / 1000).toFixed(1)} s`);
/** In process ÷ Virtuoso, as run.ts gives Comunica ÷ Oxigraph: above 1, the in-process engine is slower. */
const ratio = (inProcess: number | undefined, virtuoso: number | undefined) => (inProcess && virtuoso ? `${(inProcess / virtuoso).toFixed(1)}×` : '—');

/** Queries whose answers differ in size between the engines (or that one engine failed). */
export function mismatches(result: ExternalBenchResult): string[] {
  const [a, b] = result.parts;
  if (!a || !b) return ['only one engine was measured'];
  const out: string[] = [];
  for (const { id } of QUERY_MIX) {
    const [qa, qb] = [a.queries.find((q) => q.id === id), b.queries.find((q) => q.id === id)];
    const both: Array<[EnginePart, QueryTiming | undefined]> = [[a, qa], [b, qb]];
    const missing = both.filter(([, q]) => q?.count === undefined);
    if (missing.length) out.push(`${id}: ${missing.map(([p, q]) => `${p.engine} ${q?.error ? `failed (${q.error})` : 'not measured'}`).join(', ')}`);
    else if (qa!.count !== qb!.count) out.push(`${id}: ${qa!.count} in process, ${qb!.count} on Virtuoso`);
  }
  return out;
}

export function formatExternal(result: ExternalBenchResult): string {
  const inProcess = result.parts.find((p) => p.engine === 'in-process');
  const virtuoso = result.parts.find((p) => p.engine === 'Virtuoso');
  const lines = [
    '',
    `In-process engine vs Virtuoso 7.2 through the same built server, ${result.triples ? `${result.triples.toLocaleString('en')} triples (target), ` : ''}${result.date.slice(0, 16).replace('T', ' ')} UTC, ${result.machine.cpus} cores (${result.machine.cpuModel}), ${result.machine.memoryGb} GB.`,
    `The machine is shared with other work: timings depend on its load (1-minute load average at the start and end of each part below). Warm = median of ${result.options.runs}; every request a distinct query text (no answer cache); throughput on ${result.options.connections} connections for ${result.options.httpSeconds} s after a warm-up; SPARQL limit ${result.options.timeoutS} s and result cap 1,000,000 rows on both (SPARQL_TIMEOUT, SPARQL_MAX_RESULTS), so that no answer is cut. A ratio above 1× means the in-process engine is slower.`,
    '',
    '| query | rows in process | rows Virtuoso | in process cold | in process warm | Virtuoso cold | Virtuoso warm | in process ÷ Virtuoso (warm) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const q of QUERY_MIX) {
    const a = inProcess?.queries.find((x) => x.id === q.id);
    const b = virtuoso?.queries.find((x) => x.id === q.id);
    const count = (x?: QueryTiming) => (x?.count === undefined ? (x?.error ? 'failed' : '—') : `${x.count}${x.truncated ? ' (truncated)' : ''}`);
    const differ = a?.count !== undefined && b?.count !== undefined && a.count !== b.count ? ' **MISMATCH**' : '';
    lines.push(`| ${q.id}: ${q.label} | ${count(a)} | ${count(b)}${differ} | ${ms(a?.coldMs)} | ${ms(a?.warmMs)} | ${ms(b?.coldMs)} | ${ms(b?.warmMs)} | ${ratio(a?.warmMs, b?.warmMs)} |`);
  }
  // Answered (200) per second: autocannon's own average counts refusals (429) too, which are fast.
  const okRate = (p?: EnginePart) => (p?.throughput ? p.throughput.requests / p.throughput.seconds : undefined);
  const t = (p?: EnginePart) => (p?.throughput ? `${okRate(p)!.toFixed(1)} answered/s, p50 ${p.throughput.latencyP50Ms} ms, p99 ${p.throughput.latencyP99Ms} ms${p.throughput.failed ? `, ${p.throughput.failed} not answered ${JSON.stringify(p.throughput.statusCodes)}` : ''}` : '—');
  lines.push(`| **throughput**, fresh mix | | | | ${t(inProcess)} | | ${t(virtuoso)} | ${okRate(inProcess) && okRate(virtuoso) ? `Virtuoso ${(okRate(virtuoso)! / okRate(inProcess)!).toFixed(1)}× the answers/s` : '—'} |`);
  const engineLoad = virtuoso?.phases['SPARQL engine load'];
  lines.push(`| **start**: launch → first answer | | | | ${ms(inProcess?.firstAnswerMs)} | | ${ms(virtuoso?.firstAnswerMs)}${engineLoad !== undefined ? ` (of which Graph Store load ${engineLoad} s)` : ''}${virtuoso?.engineStartMs ? `, after Virtuoso's own start ${ms(virtuoso.engineStartMs)}` : ''} | ${ratio(inProcess?.firstAnswerMs, virtuoso?.firstAnswerMs)} |`);
  lines.push(`| load average (start → end of part) | | | | ${inProcess ? `${inProcess.loadStart} → ${inProcess.loadEnd}` : '—'} | | ${virtuoso ? `${virtuoso.loadStart} → ${virtuoso.loadEnd}` : '—'} | |`);
  for (const p of result.parts) if (p.error) lines.push('', `**${p.engine} part stopped**: ${p.error.replace(/\s+/g, ' ').slice(0, 600)}`);
  const bad = mismatches(result);
  lines.push('', bad.length ? `**Answers differ** (row or triple counts):\n${bad.map((m) => `- ${m}`).join('\n')}` : 'Answers checked: every query has the same number of rows (triples for CONSTRUCT/DESCRIBE) on both engines.');
  return lines.join('\n');
}

// ─── command line ───

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const { values: args } = parseArgs({
    options: {
      triples: { type: 'string', default: '100000' },
      data: { type: 'string' },
      runs: { type: 'string', default: '5' },
      'http-seconds': { type: 'string', default: '10' },
      timeout: { type: 'string', default: '120' },
      buffers: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const triples = Number(args.triples);
  if (!args['no-build']) {
    log('building the server (npm run build)…');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  }
  const tmp = args.data ? undefined : await mkdtemp(path.join(tmpdir(), 'uc-bench-external-'));
  const dir = args.data ? path.resolve(args.data) : path.join(tmp!, String(triples));
  let files: number | undefined;
  let partial: ExternalBenchResult | undefined;
  // Interrupted (Ctrl-C, kill): stop the server and Virtuoso, print what was measured, remove the data.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`\n${signal}: stopping what the run started…`);
      void stopEverything().finally(async () => {
        if (partial) console.log(`${formatExternal(partial)}\n\n(interrupted by ${signal} at ${new Date().toISOString()}: the run did not finish)`);
        if (tmp && !args.keep) await rm(tmp, { recursive: true, force: true });
        process.exit(130);
      });
    });
  }
  try {
    if (!args.data) {
      log(`generating ${triples.toLocaleString('en')} triples…`);
      const g = await generateDataset(dir, triples);
      files = g.commons + g.actors + g.services;
    }
    const result = await runExternalBench(dir, { runs: Number(args.runs), httpSeconds: Number(args['http-seconds']), timeoutS: Number(args.timeout), triples: args.data ? undefined : triples, virtuosoBuffers: args.buffers ? Number(args.buffers) : undefined, log, onResult: (r) => (partial = r) });
    result.files = files;
    console.log(formatExternal(result));
    const out = args.out ?? path.join(PROJECT_ROOT, 'bench', 'results', `external-${result.date.slice(0, 19).replace(/:/g, '-')}.json`);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  } finally {
    if (tmp && !args.keep) await rm(tmp, { recursive: true, force: true });
    else if (tmp) log(`data kept in ${dir}`);
  }
  process.exit(0);
}
