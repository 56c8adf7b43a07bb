// **shape-engine** runs shacl-engine over a dataset and hands back its results as plain terms. It is what the
// loading thread and the shapes' own thread (shape-thread.ts) both run.
import { Validator } from 'shacl-engine';
import Context from 'shacl-engine/lib/Context.js';
import { DataFactory, Store, termFromId, termToId, type Quad, type Term } from 'n3';
import type { QuadStore } from '../graph/compact-store.js';
import { decodeBatch, valueReads, type EncodedBatch, type EngineDataset } from './shape-batches.js';

export interface ShaclResult {
  message: Term[];
  path: Term | null;
  focusNode: Term;
  severity: Term;
  sourceConstraintComponent: Term;
  sourceShape: Term;
  value: Term | null;
}

/** The parts of a shacl-engine result this module reads (the library ships no types). */
interface EngineResult {
  message: Term[];
  path?: Array<{ quantifier: string; start: string; predicates: Term[] }>;
  focusNode: { term: Term };
  severity: Term;
  constraintComponent: Term;
  shape: { ptr: { term: Term } };
  value?: { term: Term };
}

/** A result path that is one plain predicate is named; any other path (inverse, sequence…) is not. */
function simplePath(path: EngineResult['path']): Term | null {
  if (!path?.length) return null;
  const [step] = path;
  if (path.length === 1 && step.quantifier === 'one' && step.start === 'subject' && step.predicates.length === 1) return step.predicates[0];
  return DataFactory.blankNode();
}

function fromEngine(result: EngineResult): ShaclResult {
  return {
    message: result.message,
    path: simplePath(result.path),
    focusNode: result.focusNode.term,
    severity: result.severity,
    sourceConstraintComponent: result.constraintComponent,
    sourceShape: result.shape.ptr.term,
    value: result.value?.term ?? null,
  };
}

export interface CompiledShapes {
  validator: Validator;
  shapes: Store;
  /** What the shapes read on linked nodes (see valueReads); undefined when only the whole graph will do. */
  reads?: Set<string>;
}

export function compileShapes(shapeQuads: Quad[]): CompiledShapes {
  const shapes = new Store(shapeQuads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object)));
  // sh:class reads the subclass axioms in the shapes graph, which is why uc.ttl rides along with shapes.ttl.
  return { validator: new Validator(shapes, { factory: DataFactory }), shapes, reads: valueReads(shapes) };
}

export function checkBatch(validator: Validator, batch: EncodedBatch): Promise<ShaclResult[]> {
  const { dataset, describes } = decodeBatch(batch);
  return validateEach(validator, dataset, describes);
}

/** A result as it crosses between threads: each term as its n3 id. */
export type EncodedResult = Record<Exclude<keyof ShaclResult, 'message'>, string | null> & { message: string[] };

export function encodeResult(result: ShaclResult): EncodedResult {
  const id = (term: Term | null) => (term ? termToId(term) : null);
  return {
    message: result.message.map((term) => termToId(term)),
    path: id(result.path),
    focusNode: id(result.focusNode),
    severity: id(result.severity),
    sourceConstraintComponent: id(result.sourceConstraintComponent),
    sourceShape: id(result.sourceShape),
    value: id(result.value),
  };
}

export function decodeResult(result: EncodedResult): ShaclResult {
  const term = (id: string | null) => (id === null ? null : termFromId(id));
  return {
    message: result.message.map((id) => termFromId(id)),
    path: term(result.path),
    focusNode: term(result.focusNode)!,
    severity: term(result.severity)!,
    sourceConstraintComponent: term(result.sourceConstraintComponent)!,
    sourceShape: term(result.sourceShape)!,
    value: term(result.value),
  };
}

/**
 * shacl-engine's Validator.validate, but forgetting after each target node which checks it has made. The engine
 * remembers every check (shape, node, and the quads of the path to it, written out in N-Triples) to stop cycles
 * and to replay repeats; over a whole dataset that set grows with every node and every value, millions of long
 * strings at 1M triples: the loading thread went past 2 GB, and every garbage collection walked them, so
 * validation grew faster than the data. Forgetting between target nodes changes no result: a cycle stays within
 * one target's checks, and a check met again from another target is run again instead of replayed.
 */
export async function validateEach(validator: Validator, dataset: EngineDataset, isFocus: (node: Term) => boolean = () => true): Promise<ShaclResult[]> {
  const PathList = validator.shapesPtr.constructor as new (options: object) => unknown;
  const context = new Context({ factory: DataFactory, focusNode: new PathList({ dataset, factory: DataFactory }), options: validator.options, validator });
  for (const shape of validator.shapes.values()) {
    const shapeContext = context.create({ shape });
    for (const focusNode of await shape.resolveTargets(shapeContext)) {
      if (!isFocus((focusNode as { term: Term }).term)) continue;
      await shape.validate(shapeContext.create({ focusNode }));
      context.processed.clear();
      context.results.clear();
    }
  }
  return (context.report.results as EngineResult[]).map(fromEngine);
}

/**
 * What the engine reads of the data: `match` (s, p, o, g), iterated at once. A QuadStore yields its matches
 * without building an n3 Dataset for each pattern.
 */
export function asDataset(data: QuadStore): EngineDataset {
  return {
    get size() {
      return data.size;
    },
    match: (s?: Term | null, p?: Term | null, o?: Term | null, g?: Term | null) => {
      const quads = data.getQuads(s ?? null, p ?? null, o ?? null, g ?? null);
      return Object.assign(quads, { size: quads.length });
    },
  };
}
