// **engines** loads the synthetic directory into the two engines the benchmark compares:
// our /sparql code path (Comunica over the union quad source, as in a query worker) and Oxigraph.
import oxigraph from 'oxigraph';
import { loadGraph, type Graph } from '../src/graph/load-graph.js';
import { readSources } from '../src/graph/sources.js';
import { buildSource, decodeSource, type GraphFile, type UnionQuadSource } from '../src/sparql/quad-source.js';
import { createExecutor, type Executor } from '../src/sparql/execute.js';
import { PREFIXES, entityPrefixes } from '../src/rdf/namespaces.js';
import { PROJECT_ROOT } from '../src/config.js';
import path from 'node:path';
import { collect, memory, now, round, type Memory } from './stats.js';
import { mediaTypeFor } from './queries.js';

export const BASE_IRI = 'https://w3id.org/usages-communs/';
export const ONTOLOGY_DIR = path.join(PROJECT_ROOT, 'ontology');

export interface LoadReport {
  /** 'loadGraph' = parse + directory rules + SHACL (what the server does); 'buildSource' = parse + index only (what a query worker does). */
  method: 'loadGraph' | 'buildSource';
  ms: number;
  triples: number;
  files: number;
  before: Memory;
  after: Memory;
}

/** The files as the query workers get them (see service.ts workerInit). */
function graphFiles(sources: Graph['sources'], baseIri: string): GraphFile[] {
  return sources.map((s) => ({ text: s.text, graph: s.graph.value, base: s.entity ?? baseIri }));
}

/**
 * Full validated load (loadGraph, strict: false), then the source a query worker answers from: the graph's
 * shared encoding (worker.ts: decodeSource), not n3 stores built again from the files. n3's Store enumerates
 * every key of an index level on a lookup (for…in), which at 1M made the LIMIT 100 listing 38 ms where the
 * workers' store takes 7 ms: the bench measured a store the server does not query.
 */
export async function loadValidated(dataDir: string): Promise<{ graph: Graph; source: UnionQuadSource; report: LoadReport; files: GraphFile[] }> {
  collect();
  const before = memory();
  const start = now();
  const graph = await loadGraph({ ontologyDir: ONTOLOGY_DIR, dataDir, baseIri: BASE_IRI, strict: false });
  const ms = now() - start;
  collect();
  const after = memory();
  const files = graphFiles(graph.sources, BASE_IRI);
  const source = decodeSource(graph.encoded);
  return { graph, source, files, report: { method: 'loadGraph', ms, triples: graph.union.size, files: files.length, before, after } };
}

/** Every file parsed into n3 named and union stores, no validation (bench/profile.ts; workers decode the shared encoding instead). */
export async function loadSourceOnly(dataDir: string): Promise<{ source: UnionQuadSource; report: LoadReport; files: GraphFile[] }> {
  collect();
  const before = memory();
  const start = now();
  const sources = await readSources({ ontology: ONTOLOGY_DIR, data: dataDir }, BASE_IRI);
  const files = graphFiles(sources, BASE_IRI);
  const source = await buildSource(files);
  const ms = now() - start;
  collect();
  const after = memory();
  return { source, files, report: { method: 'buildSource', ms, triples: source.size, files: files.length, before, after } };
}

export interface Engine {
  name: string;
  /** Runs a query and returns the serialised answer, as an endpoint would send it. */
  run(query: string): Promise<string>;
}

export function comunicaEngine(source: UnionQuadSource, maxResults = 10_000): Engine {
  const executor: Executor = createExecutor(source, { baseIri: BASE_IRI, prefixes: { ...PREFIXES, ...entityPrefixes(BASE_IRI) } });
  return {
    name: 'comunica',
    run: async (query) => (await executor.run({ query, mediaType: mediaTypeFor(query), maxResults })).body,
  };
}

export interface OxigraphLoad {
  engine: Engine;
  store: oxigraph.Store;
  ms: number;
  rssBeforeMb: number;
  rssAfterMb: number;
}

/**
 * Oxigraph with the same triples in its default graph: the union of the files, each triple once,
 * which is what our default graph is. (Named graphs per file are left out: the mix has no GRAPH pattern.)
 */
export function loadOxigraph(files: readonly GraphFile[]): OxigraphLoad {
  collect();
  const rssBeforeMb = round(process.memoryUsage().rss / 2 ** 20, 1);
  const start = now();
  const store = new oxigraph.Store();
  for (const file of files) store.load(file.text, { format: 'text/turtle', base_iri: file.base });
  const ms = now() - start;
  const rssAfterMb = round(process.memoryUsage().rss / 2 ** 20, 1);
  return { engine: oxigraphEngine(store), store, ms, rssBeforeMb, rssAfterMb };
}

export function oxigraphEngine(store: oxigraph.Store): Engine {
  return {
    name: 'oxigraph',
    // Serialised too, so that both engines do the same work: evaluate and write the answer.
    run: async (query) => String(store.query(query, { base_iri: BASE_IRI, results_format: mediaTypeFor(query) })),
  };
}
