// **load-graph** turns the Turtle files into the graph everything else reads, all or nothing:
// a syntax error always stops it; in strict mode so does any validation error.
import { DataFactory, type Quad } from 'n3';
import { compactStores, encodeFiles, type EncodedGraph, type QuadStore } from './compact-store.js';
import path from 'node:path';
import { readHistory, type History } from './history.js';
import { PREFIXES } from '../rdf/namespaces.js';
import { checkDataset, type DatasetOptions } from '../validate/check-dataset.js';
import type { ShapeBatches } from '../validate/shacl.js';
import { isError, type Finding } from '../validate/finding.js';
import type { SourceFile } from './sources.js';
import type { SourceMap } from './source-map.js';

export interface LoadOptions extends DatasetOptions {
  /** Shape violations and directory rules stop the load (default); otherwise they become warnings. */
  strict: boolean;
}

/**
 * The loaded graph. Each file is its own named graph; queries see their union as the default graph.
 * Nothing may change it once loaded: a reload builds a new one (see graph-ref.ts).
 */
export interface Graph {
  /** Every triple in the named graph of its file: for provenance and GRAPH queries. */
  readonly store: QuadStore;
  /**
   * The union of the files' graphs, each triple once, in the default graph. Lookups that do not care
   * which file said it use this one: a triple written in two files is found once.
   */
  readonly union: QuadStore;
  /** Both stores' shared encoding, handed as it is to the query workers. */
  readonly encoded: EncodedGraph;
  readonly sourceMap: SourceMap;
  readonly sources: readonly SourceFile[];
  readonly baseIri: string;
  readonly loadedAt: Date;
  /** What did not stop the load: warnings, and in non-strict mode the errors demoted to warnings. */
  readonly warnings: readonly Finding[];
  /** The data folder's git history; undefined when it is not a git checkout. */
  readonly history?: History;
  /** The shapes' results batch by batch, for the next load to re-check only what changed (see shacl.ts). */
  readonly shapes?: ShapeBatches;
  /** How long the load took, in milliseconds, per phase: reading and parsing the files, then validating them. */
  readonly timings: Readonly<{ readParse: number; validation: number }>;
}

export class GraphLoadError extends Error {
  constructor(readonly findings: Finding[]) {
    super(`the data did not load: ${findings.length} error${findings.length === 1 ? '' : 's'}`);
    this.name = 'GraphLoadError';
  }
}

// A file that is not UTF-8 would be published garbled, so it blocks like a syntax error.
const SYNTAX = new Set(['syntax', 'unknown-prefix', 'encoding']);

/** The named graph of the entries' dates, read from the history: the files themselves never state them. */
export const historyGraphIri = (baseIri: string) => `${baseIri}source/history`;

function historyQuads(history: History, entities: ReadonlyMap<string, string>, baseIri: string): Quad[] {
  const { namedNode, literal, quad } = DataFactory;
  const graph = namedNode(historyGraphIri(baseIri));
  const dateTime = namedNode(`${PREFIXES.xsd}dateTime`);
  const quads: Quad[] = [];
  for (const [relative, dates] of history.files) {
    const entity = entities.get(relative);
    if (!entity) continue;
    for (const [term, date] of [['created', dates.created], ['modified', dates.modified]] as const) {
      if (date) quads.push(quad(namedNode(entity), namedNode(`${PREFIXES.dcterms}${term}`), literal(date.toISOString(), dateTime), graph));
    }
  }
  return quads;
}

export async function loadGraph(options: LoadOptions): Promise<Graph> {
  // The history is read while the files are checked: both only read.
  const [checked, history] = await Promise.all([checkDataset(options), readHistory(path.resolve(options.cwd ?? process.cwd(), options.dataDir))]);
  const blocking = checked.findings.filter((f) => isError(f) && (options.strict || SYNTAX.has(f.code)));
  if (blocking.length || !checked.named || !checked.union || !checked.encoded || !checked.sourceMap) throw new GraphLoadError(blocking);
  let { encoded, named, union } = checked;
  const encodedFrom = performance.now();
  if (history) {
    // Only entries the graph describes get dates: a file that announces nothing gets none.
    const entities = new Map(checked.sources.filter((s) => s.root === 'data' && s.entity && union.countQuads(s.entity, null, null, null) > 0).map((s) => [s.relative, s.entity!]));
    // The dates are known only once the files are: encoded again with them (linear, a small part of a load),
    // the files' quads read back from the first encoding (the parsed ones are gone, see checkDataset).
    const dates = historyQuads(history, entities, options.baseIri);
    const files = checked.sources.map((s) => named.readQuads(null, null, null, s.graph));
    encoded = encodeFiles([...files, dates], named.size + dates.length);
    ({ named, union } = compactStores(encoded));
  }
  const warnings = checked.findings.filter((f) => !blocking.includes(f)).map((f): Finding => ({ ...f, severity: 'warning' }));
  return Object.freeze({
    store: named,
    union,
    encoded,
    // Findings are placed by now: a served graph only asks which file describes an entry.
    sourceMap: checked.sourceMap.forServing(),
    sources: Object.freeze(checked.sources),
    baseIri: options.baseIri,
    loadedAt: new Date(),
    warnings: Object.freeze(warnings),
    history,
    shapes: checked.shapes,
    // What follows validation (the history's second encoding, the stores over it) counts with reading and parsing.
    timings: Object.freeze({ ...checked.timings, readParse: checked.timings.readParse + performance.now() - encodedFrom }),
  });
}
