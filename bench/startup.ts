// **startup** measures what `npm start` does, the way users run it: the BUILT server (dist/), strict, default
// workers, as its own process. It records launch → first answer (a page and a SPARQL query both answered), the
// process's peak RSS (VmHWM of /proc/<pid>/status: worker threads share the process, so they are included),
// each start-up phase from the server's own log lines, and optionally a reload (SIGHUP) after one file changed,
// while pages keep being asked for.
// Oxigraph loads the same files in a process of its own in the same run, as the reference.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.js';
import { now, round } from './stats.js';

export interface StartupResult {
  /** Launch of `node dist/src/cli/serve.js` → the first 200 of both a page and a SPARQL query. */
  firstAnswerMs: number;
  /** Peak RSS of the server process (main thread and query workers), MB. */
  peakRssMb: number;
  /** Phase → seconds, as the server logged them (`start: <phase> <s> s`). */
  phases: Record<string, number>;
  workers: number;
  reload?: ReloadResult;
  /** RSS once each of `workers` query workers has been made to start, MB (when measured). */
  allWorkersRssMb?: number;
}

export interface ReloadResult {
  /** SIGHUP → the log line of the last reload phase. */
  ms: number;
  phases: Record<string, number>;
  /** Peak RSS over the whole run, start and reload, MB. */
  peakRssMb: number;
  /** Page requests sent one after another during the reload: how many got a 200, and the slowest one. */
  answered: number;
  failed: number;
  slowestMs: number;
  /** The reload's highest sampled RSS (every 250 ms), when, and the last phase line the server had printed by then. */
  rssPeak?: { mb: number; afterMs: number; lastPhase: string };
}

export interface OxigraphStartup {
  loadMs: number;
  peakRssMb: number;
  triples: number;
}

/** The node arguments of package.json's `start` script, so that the server runs exactly as `npm start` runs it. */
export async function startArguments(): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...rest] = scripts.start.split(/\s+/);
  if (command !== 'node') throw new Error(`npm start runs "${scripts.start}": the benchmark expects node …`);
  return rest;
}

async function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return round(kb / 1024, 0);
}

const vmHwmMb = (pid: number) => statusMb(pid, 'VmHWM');

/** What the child prints, and a way to wait for a pattern in what it prints from a given offset on. */
export function watch(child: ChildProcess) {
  let output = '';
  /** How the child ended ("code 1", "signal SIGKILL"), once it has. */
  let exited: string | undefined;
  const waiters: Array<{ pattern: RegExp; from: number; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }> = [];
  const check = () => {
    for (const w of [...waiters]) {
      const match = w.pattern.exec(output.slice(w.from));
      if (match) waiters.splice(waiters.indexOf(w), 1), w.resolve(match);
      else if (exited) waiters.splice(waiters.indexOf(w), 1), w.reject(new Error(`the server exited (${exited}) before printing ${w.pattern}:\n${output.slice(-4000)}`));
    }
  };
  const onData = (chunk: Buffer) => {
    output += chunk;
    check();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.once('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `code ${code}`;
    check();
  });
  return {
    get output() {
      return output;
    },
    waitFor(pattern: RegExp, from = 0): Promise<RegExpMatchArray> {
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, from, resolve, reject });
        check();
      });
    },
  };
}

function phasesOf(output: string, event: 'start' | 'reload'): Record<string, number> {
  const phases: Record<string, number> = {};
  for (const m of output.matchAll(new RegExp(`^${event}: (.+?) (\\d+(?:\\.\\d+)?) s`, 'gm'))) phases[m[1]] = Number(m[2]);
  return phases;
}

/** A GET on loopback, from a given local address (the endpoint limits concurrent queries per client address). */
export function get(url: string, localAddress = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers: { Accept: 'application/sparql-results+json, text/html' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export const ASK = `/sparql?query=${encodeURIComponent('ASK { ?s a <https://w3id.org/usages-communs/ns#DigitalCommons> }')}`;
/** Heavy by construction (a join over every typed subject), so that a worker stays busy long enough to make the pool grow. */
const HEAVY = `/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?b a ?t . ?a ?p ?o }')}`;

export interface StartupOptions {
  workers?: number;
  reload?: boolean;
  /** Make every worker start (concurrent heavy queries from distinct loopback addresses) and report RSS. */
  fillWorkers?: boolean;
  log?: (message: string) => void;
}

export async function measureStartup(dataDir: string, options: StartupOptions = {}): Promise<StartupResult> {
  const log = options.log ?? (() => {});
  const env = { ...process.env };
  if (options.workers) env.SPARQL_WORKERS = String(options.workers);
  else delete env.SPARQL_WORKERS;
  const launched = now();
  const child = spawn(process.execPath, [...(await startArguments()), '--port', '0', '--host', '127.0.0.1', '--data', dataDir], { cwd: PROJECT_ROOT, env });
  const out = watch(child);
  let peak = 0;
  const sampler = setInterval(() => void vmHwmMb(child.pid!).then((mb) => (peak = Math.max(peak, mb)), () => {}), 250);
  try {
    const [, url] = await out.waitFor(/serving (http:\/\/\S+)/);
    const [page, query] = await Promise.all([get(`${url}/`), get(`${url}${ASK}`)]);
    if (page.status !== 200 || query.status !== 200) throw new Error(`first answers: page ${page.status}, SPARQL ${query.status} ${query.body.slice(0, 200)}`);
    const firstAnswerMs = now() - launched;
    peak = Math.max(peak, await vmHwmMb(child.pid!));
    const workers = Number(/first of up to (\d+) ready/.exec(out.output)?.[1] ?? 0);
    const result: StartupResult = { firstAnswerMs: round(firstAnswerMs), peakRssMb: peak, phases: phasesOf(out.output, 'start'), workers };
    log(`  first answer after ${(firstAnswerMs / 1000).toFixed(1)} s, peak RSS ${peak} MB`);
    if (options.fillWorkers) {
      // Client addresses 127.0.0.2…: the per-client limit would otherwise keep one worker free.
      await Promise.all(Array.from({ length: workers }, (_, i) => get(`${url}${HEAVY}&n=${i}`, `127.0.0.${i + 2}`).catch(() => undefined)));
      result.allWorkersRssMb = await vmHwmMb(child.pid!);
      log(`  with ${workers} workers started: peak RSS ${result.allWorkersRssMb} MB`);
    }
    if (options.reload) {
      // A reload as a merged pull request makes one: one entry's file changed, every other file as it was.
      const edited = path.join(dataDir, 'commons', 'commun-0.ttl');
      const text = await readFile(edited, 'utf8');
      if (!text.includes('Logiciel libre pour')) throw new Error(`${edited}: not a generated entry, the reload would change nothing`);
      await writeFile(edited, text.replace('Logiciel libre pour', 'Logiciel libre, revu, pour'));
      const from = out.output.length;
      const sent = now();
      child.kill('SIGHUP');
      // The reload is over once both the workers' and the views' lines are out, in whichever order.
      const done = Promise.all([out.waitFor(/^reload: SPARQL workers .*$/m, from), out.waitFor(/^reload: views and search index .*$/m, from)]);
      let finished = false;
      void done.then(() => (finished = true), () => (finished = true));
      // Where in the reload the memory peaks: the phase lines printed so far tell which part was under way.
      let rssPeak: ReloadResult['rssPeak'];
      const rssSampler = setInterval(() => void statusMb(child.pid!, 'VmRSS').then((mb) => {
        if (mb <= (rssPeak?.mb ?? 0)) return;
        const lines = out.output.slice(from).match(/^reload: [^\n]*/gm);
        rssPeak = { mb, afterMs: round(now() - sent), lastPhase: lines?.[lines.length - 1] ?? '(none yet: the loading thread)' };
      }, () => {}), 250);
      let answered = 0;
      let failed = 0;
      let slowestMs = 0;
      while (!finished) {
        const t = now();
        const r = await get(`${url}/`).catch((error: NodeJS.ErrnoException) => ({ status: 0, body: error.code ?? error.message }));
        slowestMs = Math.max(slowestMs, now() - t);
        if (r.status === 200) answered++;
        else {
          failed++;
          log(`  a page failed during the reload: ${r.status || r.body}${r.status ? ` ${r.body.slice(0, 200)}` : ''}`);
        }
      }
      await done;
      clearInterval(rssSampler);
      const reloadMs = now() - sent;
      peak = Math.max(peak, await vmHwmMb(child.pid!));
      result.reload = { ms: round(reloadMs), phases: phasesOf(out.output.slice(from), 'reload'), peakRssMb: peak, answered, failed, slowestMs: round(slowestMs), rssPeak };
      log(`  reload in ${(reloadMs / 1000).toFixed(1)} s, ${answered} pages answered meanwhile (slowest ${(slowestMs / 1000).toFixed(2)} s), peak RSS ${peak} MB`);
      if (rssPeak) log(`  highest sampled RSS ${rssPeak.mb} MB, ${(rssPeak.afterMs / 1000).toFixed(1)} s after SIGHUP; last phase line by then: ${rssPeak.lastPhase}`);
    }
    return result;
  } finally {
    clearInterval(sampler);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    await exited;
  }
}

/** Oxigraph loading the same files, in a process of its own (its peak RSS is then its own). */
export async function measureOxigraphStartup(dataDir: string, ontologyDir: string): Promise<OxigraphStartup> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', 'oxigraph-load.ts'), ontologyDir, dataDir], { cwd: PROJECT_ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`oxigraph-load failed (${code}): ${stderr}`);
  return JSON.parse(stdout) as OxigraphStartup;
}

// ─── report ───

export interface StartupRow {
  target: number;
  triples: number;
  ours: StartupResult;
  oxigraph: OxigraphStartup;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const factor = (a: number | undefined, b: number | undefined) => (a && b ? `×${(b / a).toFixed(1)}` : '');

export function formatStartup(rows: StartupRow[]): string {
  const lines = ['', 'Start-up of the built server (strict, default workers), launch → first answer:', ''];
  lines.push('| triples | first answer | peak RSS | workers | Oxigraph load | Oxigraph RSS | time ratio | RSS ratio |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    lines.push(`| ${r.triples.toLocaleString('en')} | ${s(r.ours.firstAnswerMs)} | ${r.ours.peakRssMb} MB | ${r.ours.workers} | ${s(r.oxigraph.loadMs)} | ${r.oxigraph.peakRssMb} MB | ${(r.ours.firstAnswerMs / r.oxigraph.loadMs).toFixed(1)}× | ${(r.ours.peakRssMb / r.oxigraph.peakRssMb).toFixed(1)}× |`);
  }
  const phases = [...new Set(rows.flatMap((r) => Object.keys(r.ours.phases)))];
  lines.push('', 'Phases (seconds, from the server log) and growth from the previous size:', '');
  lines.push(`| phase | ${rows.map((r) => r.triples.toLocaleString('en')).join(' | ')} |`);
  lines.push(`| --- | ${rows.map(() => '---:').join(' | ')} |`);
  for (const phase of phases) {
    lines.push(`| ${phase} | ${rows.map((r, i) => `${r.ours.phases[phase]?.toFixed(2) ?? '—'} ${i ? factor(rows[i - 1].ours.phases[phase], r.ours.phases[phase]) : ''}`.trim()).join(' | ')} |`);
  }
  const withReload = rows.filter((r) => r.ours.reload);
  if (withReload.length) {
    lines.push('', 'Reload (SIGHUP) while a client keeps asking for a page:', '');
    lines.push('| triples | reload | pages answered meanwhile | failed | slowest page | peak RSS (start and reload) |');
    lines.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of withReload) {
      const x = r.ours.reload!;
      lines.push(`| ${r.triples.toLocaleString('en')} | ${s(x.ms)} | ${x.answered} | ${x.failed} | ${(x.slowestMs / 1000).toFixed(2)} s | ${x.peakRssMb} MB |`);
    }
  }
  const filled = rows.filter((r) => r.ours.allWorkersRssMb);
  for (const r of filled) lines.push('', `${r.triples.toLocaleString('en')} triples: peak RSS ${r.ours.allWorkersRssMb} MB once all ${r.ours.workers} workers started (1 at launch: ${r.ours.peakRssMb} MB)`);
  return lines.join('\n');
}

export interface StartupTarget {
  name: string;
  value: string;
  goal: string;
  met: boolean;
}

/** The start-up targets of issue 8, as ratios from the same run. */
export function startupTargets(rows: StartupRow[]): StartupTarget[] {
  const at = (n: number) => rows.find((r) => r.target === n);
  const out: StartupTarget[] = [];
  const k100 = at(100_000);
  const m1 = at(1_000_000);
  if (k100) {
    const t = k100.ours.firstAnswerMs / k100.oxigraph.loadMs;
    const m = k100.ours.peakRssMb / k100.oxigraph.peakRssMb;
    out.push({ name: '100k start vs Oxigraph load', value: `${t.toFixed(1)}×`, goal: '≤ 8×', met: t <= 8 });
    out.push({ name: '100k peak RSS vs Oxigraph', value: `${m.toFixed(1)}×`, goal: '≤ 3×', met: m <= 3 });
  }
  if (m1) {
    const t = m1.ours.firstAnswerMs / m1.oxigraph.loadMs;
    out.push({ name: '1M start vs Oxigraph load', value: `${t.toFixed(1)}×`, goal: '≤ 10×', met: t <= 10 });
    out.push({ name: '1M peak RSS, default workers', value: `${m1.ours.peakRssMb} MB`, goal: '≤ 3072 MB', met: m1.ours.peakRssMb <= 3072 });
    // The same budget holds while a reload runs beside the graph being served.
    const reload = m1.ours.reload;
    if (reload) out.push({ name: '1M peak RSS, start and reload under page traffic', value: `${reload.peakRssMb} MB`, goal: '≤ 3072 MB', met: reload.peakRssMb <= 3072 });
  }
  if (k100 && m1) {
    const g = m1.ours.firstAnswerMs / k100.ours.firstAnswerMs;
    const n = m1.triples / k100.triples;
    out.push({ name: '100k → 1M start growth', value: `${g.toFixed(1)}×`, goal: '≤ 12×', met: g <= 12 });
    // n log n over this step, with n in triples: the most a phase may grow.
    const nlogn = (n * Math.log(m1.triples)) / Math.log(k100.triples);
    for (const [phase, seconds] of Object.entries(m1.ours.phases)) {
      const before = k100.ours.phases[phase];
      if (!before || phase.startsWith('total')) continue;
      const growth = seconds / before;
      out.push({ name: `phase "${phase}" growth`, value: `${growth.toFixed(1)}×`, goal: `≤ ${nlogn.toFixed(1)}× (n log n)`, met: growth <= nlogn });
    }
  }
  return out;
}

export function formatStartupTargets(targets: StartupTarget[]): string {
  return ['', '| start-up target | measured | goal | |', '| --- | ---: | ---: | --- |', ...targets.map((t) => `| ${t.name} | ${t.value} | ${t.goal} | ${t.met ? 'met' : '**not met**'} |`)].join('\n');
}
