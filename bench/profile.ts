// **profile** shows where Comunica's time goes on one query of the mix: it loads a synthetic directory the way
// a query worker does, warms the query up, then CPU-profiles repeated runs and prints the heaviest functions
// and packages by self time (and writes the .cpuprofile for Chrome DevTools / speedscope).
//
//   npx tsx bench/profile.ts QUERY_ID [TRIPLES=100000] [RUNS=20]     e.g. npx tsx bench/profile.ts listing
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDataset } from './generate.js';
import { comunicaEngine, loadSourceOnly } from './engines.js';
import { QUERY_MIX } from './queries.js';
import { now } from './stats.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const [id, size = '100000', runsArg = '20'] = process.argv.slice(2);
const query = QUERY_MIX.find((q) => q.id === id);
if (!query) {
  console.error(`usage: npx tsx bench/profile.ts QUERY_ID [TRIPLES] [RUNS]; QUERY_ID is one of ${QUERY_MIX.map((q) => q.id).join(', ')}`);
  process.exit(2);
}
const dir = await mkdtemp(path.join(tmpdir(), 'uc-profile-'));
try {
  await generateDataset(dir, Number(size));
  const { source } = await loadSourceOnly(dir);
  const engine = comunicaEngine(source);
  for (let i = 0; i < 3; i++) await engine.run(query.query);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const start = now();
  const runs = Number(runsArg);
  for (let i = 0; i < runs; i++) await engine.run(query.query);
  const elapsed = now() - start;
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; startTime: number; endTime: number } };
  const file = path.resolve(`bench/results/${id}-${size}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));

  const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    const url = n.callFrame.url;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url ? (url.includes('/src/') ? 'our src/' : url.replace(/^.*\//, '')) : `(${n.callFrame.functionName || 'native'})`);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${pkg}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
  }
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, hits]) => `${((100 * hits) / total).toFixed(1).padStart(5)}%  ${name}`).join('\n');
  console.log(`${id} at ${size} triples: ${(elapsed / runs).toFixed(1)} ms per run over ${runs} runs (profiling on)\n`);
  console.log(`self time by package:\n${top(byPackage, 15)}\n`);
  console.log(`self time by function:\n${top(byFunction, 25)}\n`);
  console.log(`profile written to ${path.relative(process.cwd(), file)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
