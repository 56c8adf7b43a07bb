// **check-dataset** runs every check on a dataset: Turtle syntax first (nothing else is meaningful
// on a half-parsed graph), then the directory's rules on the union graph and the SHACL shapes (batch by batch: shape-batches.ts).
import { compactStores, encodeFiles, type EncodedGraph, type QuadStore } from '../graph/compact-store.js';
import { parseTurtle, TurtleSyntaxError } from '../graph/parse-turtle.js';
import { listIgnoredFiles, readSources, shareTexts, type SourceFile } from '../graph/sources.js';
import { SourceMap } from '../graph/source-map.js';
import { PREFIXES, entityPrefixes } from '../rdf/namespaces.js';
import { byLocation, type Finding } from './finding.js';
import { checkDirectoryRules, type ParsedSource } from './directory-rules.js';
import { createShapeChecker, type ShapeBatches, type ShapeInput, type ShapeOptions } from './shacl.js';
import { say, suggestion, type Lang } from './messages.js';
import { nearest } from './nearest.js';
import { explainSyntax } from './syntax-messages.js';
import { ignoredFileFinding, refineShapeFindings } from './refine.js';

export interface DatasetOptions {
  ontologyDir: string;
  dataDir: string;
  baseIri: string;
  lang?: Lang;
  cwd?: string;
  /** Files already in memory, checked instead of reading the folders (the /contribute form's new entry with what it links to). */
  sources?: SourceFile[];
  /** How the shapes are run (the findings are the same either way). */
  shapes?: ShapeOptions;
}

export interface CheckedDataset {
  sources: SourceFile[];
  /** The union of the files' graphs, each triple once (see Graph.union), over `encoded`. */
  union?: QuadStore;
  /** Each file's triples in its named graph (see Graph.store), over `encoded`. */
  named?: QuadStore;
  /**
   * The files' graphs and their union, encoded as the server holds them (see graph/compact-store.ts). Absent,
   * like the union and the source map, when a file could not be parsed: a half-read graph is never built.
   */
  encoded?: EncodedGraph;
  sourceMap?: SourceMap;
  /** The shapes' results batch by batch, for the next check (ShapeOptions.cache), and how many were known already. */
  shapes?: ShapeBatches;
  findings: Finding[];
  /** Milliseconds spent reading and parsing the files, and checking the parsed graph (rules and shapes). */
  timings: { readParse: number; validation: number };
}

/** Shapes live in ontology/shapes.ttl; the vocabulary rides along for its subclass axioms. */
const SHAPE_FILES = new Set(['shapes.ttl', 'uc.ttl']);

export async function checkDataset(options: DatasetOptions): Promise<CheckedDataset> {
  const lang = options.lang ?? 'en';
  const started = performance.now();
  // Files given in memory are the caller's; files read here keep their texts as shared bytes (see shareTexts).
  const sources = options.sources ?? await readSources({ ontology: options.ontologyDir, data: options.dataDir }, options.baseIri, options.cwd);
  if (!options.sources) shareTexts(sources);
  const parsed: ParsedSource[] = [];
  const findings: Finding[] = (await listIgnoredFiles(options.dataDir, options.cwd)).map((file) => ignoredFileFinding(file, options.dataDir, lang, options.cwd));
  let sinceYield = 0;
  for (const [index, file] of sources.entries()) {
    // parseTurtle settles at once, so awaiting it never lets the event loop run: a server reloading a large
    // directory would stop answering until the end. Every 64 files, let waiting requests through.
    if (++sinceYield % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (file.badByte) {
      // Parsing the lossy text would only add echoes of the same problem.
      findings.push({ code: 'encoding', severity: 'error', location: { file: file.display, ...file.badByte }, ...say(lang, 'encoding') });
      continue;
    }
    try {
      parsed.push({ file, parsed: await parseTurtle(() => file.text, file.display, parseBase(file, options.baseIri), file.graph, `d${index}`) });
    } catch (error) {
      if (!(error instanceof TurtleSyntaxError)) throw error;
      findings.push(syntaxFinding(error, lang, options.baseIri));
    }
  }
  if (findings.some((f) => f.severity === 'error')) return { sources, findings: findings.sort(byLocation), timings: { readParse: performance.now() - started, validation: 0 } };

  // The checks read the union in the compact encoding the server then serves: an n3 Store of it would cost
  // about 1.5 KB per triple, over a gigabyte at 1M.
  const encoded = encodeFiles(parsed.map(({ parsed: p }) => p.quads));
  const { named, union } = compactStores(encoded);
  const sourceMap = new SourceMap();
  for (const { file, parsed: p } of parsed) sourceMap.add(file, p);
  const parsedAt = performance.now();
  const ruleFindings = checkDirectoryRules({ sources: parsed, store: union, sourceMap, baseIri: options.baseIri, lang });
  const shapeQuads = parsed.filter(({ file }) => file.root === 'ontology' && SHAPE_FILES.has(file.relative)).flatMap(({ parsed: p }) => p.quads);
  // The parsed quads end their use with the directory rules: what follows reads the encoding. Let go before
  // the shapes run, the longest phase, whose garbage collections then walk a heap without them (about 1M quad
  // objects at 1M triples, a third of the loading thread's live memory).
  for (const { parsed: p } of parsed) p.quads = [];
  // A link to an undescribed entry also fails sh:class, and a misspelt uc: predicate also breaks a closed
  // shape: the directory rule already says it better, so the SHACL echo is dropped.
  const dangling = new Set(ruleFindings.filter((f) => f.code === 'dangling-link' || f.code === 'unknown-concept').map((f) => f.value));
  const unknownPredicates = new Set(ruleFindings.filter((f) => f.code === 'unknown-term').map((f) => `${f.focus} ${f.path}`));
  const shapeCheck = shapeQuads.length ? await createShapeChecker(shapeQuads)(shapeInput(parsed, encoded, union), sourceMap, options.baseIri, lang, options.shapes) : undefined;
  const shapeFindings = shapeCheck?.findings ?? [];
  findings.push(...refineShapeFindings(ruleFindings, shapeFindings.filter((f) =>
    !(f.value && dangling.has(f.value) && (f.constraint === 'Class' || f.constraint === 'Node')) &&
    !(f.constraint === 'Closed' && unknownPredicates.has(`${f.focus} ${f.path}`))), { lang, baseIri: options.baseIri }));
  return { sources, encoded, named, union, sourceMap, shapes: shapeCheck?.batches, findings: findings.sort(byLocation), timings: { readParse: parsedAt - started, validation: performance.now() - parsedAt } };
}

function shapeInput(parsed: ParsedSource[], encoded: EncodedGraph, union: QuadStore): ShapeInput {
  const graphs = (ontology: boolean) => parsed.filter(({ file }) => (file.root === 'ontology') === ontology).map(({ file }) => file.graph.value);
  return { encoded, union, ontology: graphs(true), data: graphs(false) };
}

/** Relative IRIs in a data file resolve against its own entry, so `<>` and `<#membership-x>` work. */
function parseBase(file: SourceFile, baseIri: string): string {
  return file.entity ?? baseIri;
}

function syntaxFinding(error: TurtleSyntaxError, lang: Lang, baseIri: string): Finding {
  if (error.kind === 'unknown-prefix') {
    const prefixes: Record<string, string> = { ...PREFIXES, ...entityPrefixes(baseIri) };
    const prefix = error.prefix ?? '';
    const known = prefixes[prefix];
    const declaration = known ? `PREFIX ${prefix}: <${known}>` : `PREFIX ${prefix}: <…>`;
    const closest = known ? undefined : nearest(prefix, Object.keys(prefixes));
    return {
      code: 'unknown-prefix',
      severity: 'error',
      location: error.location,
      ...say(lang, 'unknown-prefix', { prefix, declaration, suggestion: suggestion(lang, closest && `${closest}:`) }),
    };
  }
  const explained = explainSyntax(error.message, lang);
  const said = say(lang, 'syntax', { detail: explained.message });
  return { code: 'syntax', severity: 'error', location: error.location, message: said.message, hint: explained.hint ?? said.hint };
}

