// **search** (bench): the search's quality on the relevance set (recall@3, MRR, on the bundled data), its
// latency on a large directory (p50/p95 over a mix of real-looking queries: words, plurals, prefixes, typos,
// two words, with and without facets) and the size of its serialised index (live index JSON, and the static
// copy's shards, raw and gzipped). It measures and prints; it never fails on a timing.
//
//   called by bench/run.ts on the 100k-triple graph: await benchSearch(graph)
//   alone: npm run bench:search [-- --triples 100000]   (generates the directory, loads it, measures)
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { loadGraph, type Graph } from '../src/graph/load-graph.js';
import { buildDirectory, type Directory } from '../src/directory/directory.js';
import { createEngineIndex, engineIndexJSON } from '../src/directory/search-engine.js';
import { measureQuality, type RelevanceQuery } from '../src/directory/search-quality.js';
import { buildStaticSearch } from '../src/directory/search-static.js';
import { engineDocument, parseSearchQuery, type SearchIndex } from '../src/directory/search.js';
import { generateDataset } from './generate.js';
import { now, percentile, round } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BASE = 'https://w3id.org/usages-communs/';

export interface SearchBench {
  quality: { queries: number; recallAt3: number; mrr: number; misses: string[] };
  /**
   * Wall time per search, and CPU time per search (process.cpuUsage): a search is synchronous on one thread, so
   * on a shared, busy machine its CPU time is what it would take on a quiet one; the wall time includes waiting.
   */
  latency: { triples: number; documents: number; queries: number; p50Ms: number; p95Ms: number; maxMs: number; cpuP50Ms: number; cpuP95Ms: number; targetP50Ms: number };
  size: { indexBytes: number; indexGzipBytes: number; shards: number; largestShardGzipBytes: number; shardsGzipBytes: number; scriptGzipBytes: number };
}

/** Queries as people type them, against the generated directory's vocabulary (bench/generate.ts). */
const LATENCY_QUERIES = [
  'donnees', 'données', 'collectivites', 'numérique', 'cartographie', 'carte', 'participation citoyenne', 'logiciel libre',
  'associations', 'association', 'accessibilite', 'democratie', 'mobilite', 'alimentation', 'solidarité', 'gouvernance',
  'data', 'digital', 'open data', 'commons', 'mapping', 'inclusion', 'referentiel', 'interoperabilite', 'semantique',
  'donnes', 'cartographei', 'numerque', 'bibliotheque', 'geographiques', 'financement', 'sobriete', 'eco', 'dé', 'ca',
  'mo li', 'la', 'démarches en ligne', 'open street', 'peer tube',
];
const FACETED = ['theme=open-data', 'theme=mapping&licence=MIT', 'type=association', 'territory=france&theme=free-software'];

async function relevanceSet(): Promise<RelevanceQuery[]> {
  return (JSON.parse(await readFile(path.join(ROOT, 'tests', 'search', 'relevance.json'), 'utf8')) as { queries: RelevanceQuery[] }).queries;
}

function latency(directory: Directory, triples: number): SearchBench['latency'] {
  const lists: Array<SearchIndex<string>> = [directory.search, directory.actorSearch] as Array<SearchIndex<string>>;
  const cases = lists.flatMap((index) =>
    LATENCY_QUERIES.flatMap((q) => [q, ...FACETED.filter((_, i) => i % 2 === q.length % 2).map((f) => `${f}&q=${encodeURIComponent(q)}`)].map((params) => ({ index, params: params.includes('=') ? params : `q=${encodeURIComponent(params)}` }))),
  );
  const run = ({ index, params }: (typeof cases)[number]) => index.search(parseSearchQuery(new URLSearchParams(params), index.facets));
  for (const c of cases) run(c); // warm-up: JIT and the engine's caches
  const times: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const c of cases) {
      const used = process.cpuUsage();
      const start = now();
      run(c);
      times.push(now() - start);
      const { user, system } = process.cpuUsage(used);
      cpu.push((user + system) / 1000);
    }
  }
  return {
    triples,
    documents: lists.reduce((n, l) => n + l.documents.length, 0),
    queries: times.length,
    p50Ms: round(percentile(times, 50), 3),
    p95Ms: round(percentile(times, 95), 3),
    maxMs: round(Math.max(...times), 3),
    cpuP50Ms: round(percentile(cpu, 50), 3),
    cpuP95Ms: round(percentile(cpu, 95), 3),
    targetP50Ms: 5,
  };
}

async function size(directory: Directory): Promise<SearchBench['size']> {
  const json = JSON.stringify(engineIndexJSON(createEngineIndex(directory.search.documents.map(engineDocument))));
  const files = await buildStaticSearch(directory);
  const shards = files.filter((f) => f.path.startsWith('search/') && /\.\d+\.json$/.test(f.path)).map((f) => gzipSync(f.body).length);
  return {
    indexBytes: Buffer.byteLength(json),
    indexGzipBytes: gzipSync(json).length,
    shards: shards.length,
    largestShardGzipBytes: Math.max(...shards),
    shardsGzipBytes: shards.reduce((a, b) => a + b, 0),
    scriptGzipBytes: gzipSync(files.find((f) => f.path === 'assets/search.js')!.body).length,
  };
}

export function formatSearch(b: SearchBench): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return [
    '\nSearch',
    `  relevance set (bundled data): ${b.quality.queries} queries, recall@3 ${b.quality.recallAt3.toFixed(3)}, MRR ${b.quality.mrr.toFixed(3)}${b.quality.misses.length ? `; misses: ${b.quality.misses.join('; ')}` : ''}`,
    `  latency at ${b.latency.triples.toLocaleString('en')} triples (${b.latency.documents} commons and organisations, ${b.latency.queries} searches): wall p50 ${b.latency.p50Ms} ms, p95 ${b.latency.p95Ms} ms, max ${b.latency.maxMs} ms; CPU p50 ${b.latency.cpuP50Ms} ms, p95 ${b.latency.cpuP95Ms} ms (target p50 ≤ ${b.latency.targetP50Ms} ms: ${b.latency.p50Ms <= b.latency.targetP50Ms ? 'met' : b.latency.cpuP50Ms <= b.latency.targetP50Ms ? 'met in CPU time, not in wall time on this busy machine' : 'NOT met'})`,
    `  commons index serialised: ${kb(b.size.indexBytes)} (${kb(b.size.indexGzipBytes)} gzipped); static copy: ${b.size.shards} shards, largest ${kb(b.size.largestShardGzipBytes)} gzipped, all ${kb(b.size.shardsGzipBytes)} gzipped; script ${kb(b.size.scriptGzipBytes)} gzipped`,
  ].join('\n');
}

/** The search section of the benchmark, on `graph` (the 100k-triple directory in npm run bench). */
export async function benchSearch(graph: Graph): Promise<SearchBench> {
  const real = await loadGraph({ ontologyDir: path.join(ROOT, 'ontology'), dataDir: path.join(ROOT, 'data'), baseIri: BASE, strict: false, cwd: ROOT });
  const report = measureQuality(buildDirectory(real), await relevanceSet());
  const directory = buildDirectory(graph);
  const result: SearchBench = {
    quality: {
      queries: report.scores.length,
      recallAt3: round(report.recallAt3, 3),
      mrr: round(report.mrr, 3),
      misses: report.scores.filter((s) => s.missing.length).map((s) => `${s.query.list} "${s.query.q}" lacks ${s.missing.join(', ')}`),
    },
    latency: latency(directory, graph.union.size),
    size: await size(directory),
  };
  console.log(formatSearch(result));
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--triples');
  const triples = i > 0 ? Number(process.argv[i + 1]) : 100_000;
  const dir = await mkdtemp(path.join(tmpdir(), 'uc-bench-search-'));
  try {
    await generateDataset(dir, triples);
    const graph = await loadGraph({ ontologyDir: path.join(ROOT, 'ontology'), dataDir: dir, baseIri: BASE, strict: false, cwd: ROOT });
    await benchSearch(graph);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
