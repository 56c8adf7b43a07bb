// **shape-batches** cuts the data into small batches of files that the shapes can check one at a time with the
// same results as over the whole graph. Over the whole graph, each look-up searched indexes ten times larger at
// 1M triples than at 100k; a batch is the same size whatever the directory's size. Measured on the generated
// directory, outside garbage collection, the shapes' work then grew 9.6 times from 100k to 1M triples.
//
// A batch holds its files' quads and, for each node they point to that no file of the batch describes, the
// few facts the shapes read on such a node (its rdf:type for sh:class, its skos:inScheme for ucsh:InThemes…).
// This is exact when every subject is described in one batch only (the directory's rule: one entry, one file)
// and the shapes only read forward from their focus nodes; otherwise the caller checks the whole graph.
import { DataFactory, type Quad, type Store, type Term } from 'n3';
import type { QuadStore } from '../graph/compact-store.js';
import { PREFIXES, RDF_TYPE } from '../rdf/namespaces.js';

const SH = PREFIXES.sh;
const RDF = PREFIXES.rdf;

/** Shape features that read more than what lies forward of a focus node, or pick focus nodes without their triples. */
const WHOLE_GRAPH_ONLY = ['inversePath', 'alternativePath', 'zeroOrMorePath', 'oneOrMorePath', 'zeroOrOnePath', 'targetNode', 'targetObjectsOf', 'target', 'sparql'].map((name) => `${SH}${name}`);

function list(shapes: Store, head: Term): Term[] {
  const items: Term[] = [];
  for (let node: Term | undefined = head; node && node.value !== `${RDF}nil`; node = shapes.getObjects(node, `${RDF}rest`, null)[0]) {
    items.push(...shapes.getObjects(node, `${RDF}first`, null));
  }
  return items;
}

/**
 * The predicates the shapes may read on a node that is not a focus node: rdf:type (sh:class), the paths of
 * the shapes applied to values (sh:node, sh:qualifiedValueShape, sh:or… inside a property shape), the
 * predicates after the first of a sequence path, and those a pair constraint compares with. Undefined when
 * the shapes cannot be checked batch by batch.
 */
export function valueReads(shapes: Store): Set<string> | undefined {
  if (WHOLE_GRAPH_ONLY.some((p) => shapes.countQuads(null, p, null, null) > 0)) return undefined;
  const reads = new Set<string>([RDF_TYPE]);
  for (const pair of ['equals', 'disjoint', 'lessThan', 'lessThanOrEquals']) {
    for (const other of shapes.getObjects(null, `${SH}${pair}`, null)) reads.add(other.value);
  }
  const firstPredicate = (path: Term) => (path.termType === 'NamedNode' ? path : list(shapes, path)[0]);
  for (const path of shapes.getObjects(null, `${SH}path`, null)) {
    if (path.termType !== 'NamedNode') for (const step of list(shapes, path).slice(1)) reads.add(step.value);
  }
  // Shapes applied to a node reached as a value, and those applied with them to the same node.
  const applied = (shape: Term) => [
    ...['node', 'not'].flatMap((p) => shapes.getObjects(shape, `${SH}${p}`, null)),
    ...['or', 'and', 'xone'].flatMap((p) => shapes.getObjects(shape, `${SH}${p}`, null).flatMap((head) => list(shapes, head))),
  ];
  const pending = shapes.getSubjects(`${SH}path`, null, null).flatMap((property) => [
    ...applied(property),
    ...shapes.getObjects(property, `${SH}qualifiedValueShape`, null),
  ]);
  const seen = new Set<string>();
  for (let shape = pending.pop(); shape; shape = pending.pop()) {
    if (seen.has(shape.value)) continue;
    seen.add(shape.value);
    // A closed shape on a value reads all its predicates: only the whole graph has them.
    if (shapes.getObjects(shape, `${SH}closed`, null).some((o) => o.value === 'true')) return undefined;
    for (const property of [shape, ...shapes.getObjects(shape, `${SH}property`, null)]) {
      for (const path of shapes.getObjects(property, `${SH}path`, null)) reads.add(firstPredicate(path).value);
    }
    pending.push(...applied(shape));
  }
  return reads;
}

/** The part of a dataset the engine reads: match, answered at once, with a size. */
export interface EngineDataset {
  readonly size: number;
  match(s?: Term | null, p?: Term | null, o?: Term | null, g?: Term | null): Quad[] & { size: number };
}

export interface Batch {
  dataset: EngineDataset;
  /** Whether the batch describes this node: only those are its focus nodes. */
  describes(node: Term): boolean;
}

/** A node's key: IRIs and blank nodes never share one, and a literal has none (it is never a subject). */
const subjectKey = (term: Term) => (term.termType === 'NamedNode' ? term.value : term.termType === 'BlankNode' ? `_:${term.value}` : undefined);

/** About how many quads a batch holds before the next file starts a new one, unless told. */
const BATCH_QUADS = 4096;

export interface BatchInput {
  union: QuadStore;
  /** Each file's quads in its named graph. */
  named: QuadStore;
  /** The ontology's files, checked together in the first batch (they may share subjects). */
  ontology: Term[];
  /** The data's files, in the order they are cut into batches. */
  data: Term[];
}

/**
 * The batches, in order, with what the shapes `reads` on nodes outside each. Yields nothing more, and returns
 * false, as soon as a subject turns out to be described in two batches: the caller then checks the whole graph.
 */
export function* shapeBatches({ union, named, ontology, data }: BatchInput, reads: Set<string>, batchQuads = BATCH_QUADS): Generator<Batch, boolean> {
  const owner = new Map<string, number>();
  const readTerms = [...reads].map((iri) => DataFactory.namedNode(iri));
  const groups: Term[][] = [ontology, []];
  let size = 0;
  for (const file of data) {
    const count = named.countQuads(null, null, null, file);
    if (size > 0 && size + count > batchQuads) groups.push([]), (size = 0);
    groups[groups.length - 1].push(file);
    size += count;
  }
  for (const [index, group] of groups.entries()) {
    const bySubject = new Map<string, Quad[]>();
    const quads: Quad[] = [];
    const add = (q: Quad) => {
      const key = subjectKey(q.subject)!;
      const described = bySubject.get(key);
      if (described) described.push(q);
      else bySubject.set(key, [q]);
      quads.push(q);
    };
    for (const file of group) {
      for (const q of named.readQuads(null, null, null, file) as Iterable<Quad>) {
        const key = subjectKey(q.subject)!;
        if ((owner.get(key) ?? index) !== index) return false;
        owner.set(key, index);
        add(DataFactory.quad(q.subject, q.predicate, q.object));
      }
    }
    const own = new Set(bySubject.keys());
    // What the shapes read on the nodes these files point to, and on the nodes those facts point to in turn.
    const reached = new Set<string>();
    const pending = quads.map((q) => q.object);
    for (let node = pending.pop(); node; node = pending.pop()) {
      const key = subjectKey(node);
      if (!key || own.has(key) || reached.has(key)) continue;
      reached.add(key);
      for (const predicate of readTerms) {
        for (const q of union.readQuads(node, predicate, null, null) as Iterable<Quad>) {
          add(q);
          pending.push(q.object);
        }
      }
    }
    yield {
      dataset: smallDataset(quads, bySubject),
      describes: (node) => own.has(subjectKey(node) ?? ''),
    };
  }
  return true;
}

function smallDataset(quads: Quad[], bySubject: Map<string, Quad[]>): EngineDataset {
  return {
    size: quads.length,
    match(s, p, o, g) {
      const candidates = s ? (bySubject.get(subjectKey(s) ?? '') ?? []) : quads;
      const found = candidates.filter((q) => (!p || q.predicate.equals(p)) && (!o || q.object.equals(o)) && (!g || q.graph.equals(g)));
      return Object.assign(found, { size: found.length });
    },
  };
}
