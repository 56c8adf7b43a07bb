// **shape-batches** cuts the data into small batches of files that the shapes can check one at a time with the
// same results as over the whole graph. Over the whole graph, each look-up searched indexes ten times larger at
// 1M triples than at 100k; a batch is the same size whatever the directory's size. Measured on the built server
// with the generated directory: the shapes took 3.3 s at 100k triples and 31 s at 1M (×9.4), where the whole
// graph took 45 s at 1M.
//
// A batch holds its files' quads and, for each node they point to that no file of the batch describes, the
// few facts the shapes read on such a node (its rdf:type for sh:class, its skos:inScheme for ucsh:InThemes…).
// This is exact when every subject is described in one batch only (the directory's rule: one entry, one file)
// and the shapes only read forward from their focus nodes; otherwise the caller checks the whole graph.
import { createHash } from 'node:crypto';
import { DataFactory, termFromId, type Quad, type Store, type Term } from 'n3';
import { countWith, rowsWith, type EncodedGraph } from '../graph/compact-store.js';
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

export interface BatchInput {
  encoded: EncodedGraph;
  /** The ontology's files (their graphs' IRIs), checked together in the first batch: they may share subjects. */
  ontology: string[];
  /** The data's files, in the order they are cut into batches. */
  data: string[];
}

/**
 * A batch as it crosses to a thread: plain numbers and the n3 ids (termToId) of the terms it uses, so that
 * building one allocates next to nothing in the loading thread, whose heap holds the whole graph.
 */
export interface EncodedBatch {
  terms: string[];
  /** Subject, predicate and object of each quad, as indexes in `terms`. */
  quads: Uint32Array;
  /** The nodes the batch describes, as indexes in `terms`: only they are its focus nodes. */
  described: Uint32Array;
}

/** About how many quads a batch holds before the next file starts a new one, unless told. */
export const BATCH_QUADS = 4096;

/** n3 ids: an IRI is itself; a literal starts with a quote, a blank node with _:. */
const isIri = (id: string) => id !== '' && id[0] !== '"' && !id.startsWith('_:');

/**
 * The batches, in order, with what the shapes `reads` on nodes outside each. Yields nothing more, and returns
 * false, as soon as a subject turns out to be described in two batches: the caller then checks the whole graph.
 */
export function* encodeBatches({ encoded, ontology, data }: BatchInput, reads: Set<string>, batchQuads = BATCH_QUADS): Generator<EncodedBatch, boolean> {
  const { terms: ids, named, union } = encoded;
  const count = ids.length;
  const graph = new Map<string, number>();
  const read = new Uint8Array(count);
  for (let t = 0; t < count; t++) {
    if (countWith(named, 3, t)) graph.set(ids[t], t);
    if (reads.has(ids[t])) read[t] = 1;
  }
  const groups: number[][] = [ontology.map((iri) => graph.get(iri) ?? -1), []];
  const files = data.map((iri) => graph.get(iri) ?? -1);
  const sizes = files.map((file) => (file < 0 ? 0 : countWith(named, 3, file)));
  // Cut where the files' names say, not where the count of quads falls, so that an edit moves no boundary
  // but its own batch's and every other batch comes out the same as before, its findings known (batchDigest).
  // A cut comes before a file whose name hashes to a multiple of `every`, once the batch holds half its quads,
  // or before a file that would take it past twice: about `batchQuads` per batch on average.
  const average = sizes.reduce((sum, n) => sum + n, 0) / Math.max(1, sizes.length) || 1;
  const every = 2 ** Math.max(0, Math.round(Math.log2(batchQuads / 2 / average)));
  let size = 0;
  for (const [i, file] of files.entries()) {
    const quads = sizes[i];
    if (size > 0 && (size + quads > 2 * batchQuads || (size >= batchQuads / 2 && fnv1a(data[i]) % every === 0))) groups.push([]), (size = 0);
    groups[groups.length - 1].push(file);
    size += quads;
  }
  // Per term: the batch that describes it, and the last batch that gave it a local index (and which one).
  const owner = new Int32Array(count).fill(-1);
  const stamp = new Int32Array(count).fill(-1);
  const local = new Uint32Array(count);
  const q = named.quads;
  const u = union.quads;
  for (const [index, files] of groups.entries()) {
    const terms: string[] = [];
    const quads: number[] = [];
    const described: number[] = [];
    const at = (t: number) => {
      if (stamp[t] !== index) (stamp[t] = index), (local[t] = terms.push(ids[t]) - 1);
      return local[t];
    };
    const pending: number[] = [];
    for (const file of files) {
      if (file < 0) continue;
      for (const row of rowsWith(named, 3, file)) {
        const s = q[row * 4];
        const o = q[row * 4 + 2];
        if (owner[s] !== index) {
          if (owner[s] !== -1) return false;
          owner[s] = index;
          described.push(at(s));
        }
        quads.push(at(s), at(q[row * 4 + 1]), at(o));
        pending.push(o);
      }
    }
    // What the shapes read on the nodes these files point to, and on the nodes those facts point to in turn.
    const reached = new Set<number>();
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      if (owner[node] === index || reached.has(node) || !isIri(ids[node])) continue;
      reached.add(node);
      for (const row of rowsWith(union, 0, node)) {
        const p = u[row * 4 + 1];
        const o = u[row * 4 + 2];
        if (!read[p]) continue;
        quads.push(at(node), at(p), at(o));
        pending.push(o);
      }
    }
    yield { terms, quads: Uint32Array.from(quads), described: Uint32Array.from(described) };
  }
  return true;
}

/** FNV-1a, 32 bits: a stable hash of a file's name, to place the batches' cuts. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** An n3 id with its length before it: joined, no text inside a literal can pass for the next term. */
export const framed = (id: string) => `${id.length}:${id}`;

/**
 * A digest of what a batch holds, whatever the order of its quads and terms: two batches with the same digest
 * give the same results, since the shapes read nothing outside their batch. The terms are hashed in sorted
 * order, each framed by its length, then the quads and the focus nodes as ranks in that order, sorted: numbers
 * to sort rather than strings (about 80 ms for the 25 batches of 100k triples).
 */
export function batchDigest({ terms, quads, described }: EncodedBatch): string {
  const order = terms.map((_, i) => i).sort((a, b) => (terms[a] < terms[b] ? -1 : terms[a] > terms[b] ? 1 : 0));
  const rank = new Uint32Array(terms.length);
  order.forEach((term, r) => (rank[term] = r));
  const count = quads.length / 3;
  const ranked = quads.map((term) => rank[term]);
  const rows = Array.from({ length: count }, (_, i) => i).sort((a, b) => ranked[a * 3] - ranked[b * 3] || ranked[a * 3 + 1] - ranked[b * 3 + 1] || ranked[a * 3 + 2] - ranked[b * 3 + 2]);
  const sorted = new Uint32Array(quads.length);
  rows.forEach((row, i) => sorted.set(ranked.subarray(row * 3, row * 3 + 3), i * 3));
  const focus = Uint32Array.from(described, (term) => rank[term]).sort();
  return createHash('sha256')
    .update(order.map((term) => framed(terms[term])).join(''))
    .update(`|${count}|`).update(sorted)
    .update('|').update(focus)
    .digest('base64');
}

/** A batch's terms made n3 terms again, in the dataset the engine reads, with which of them are its focus nodes. */
export function decodeBatch(batch: EncodedBatch): { dataset: EngineDataset; describes: (node: Term) => boolean } {
  const terms = batch.terms.map((id) => termFromId(id));
  // The engine asks with terms of its own (from the shapes, from its factory): look them up by key.
  const key = (term: Term) => `${term.termType} ${term.value}`;
  const quads: Quad[] = [];
  const bySubject = new Map<string, Quad[]>();
  for (let i = 0; i < batch.quads.length; i += 3) {
    const q = DataFactory.quad(terms[batch.quads[i]] as Quad['subject'], terms[batch.quads[i + 1]] as Quad['predicate'], terms[batch.quads[i + 2]] as Quad['object']);
    quads.push(q);
    const described = bySubject.get(key(q.subject));
    if (described) described.push(q);
    else bySubject.set(key(q.subject), [q]);
  }
  const own = new Set([...batch.described].map((i) => key(terms[i])));
  return {
    dataset: {
      size: quads.length,
      match(s, p, o, g) {
        const candidates = s ? (bySubject.get(key(s)) ?? []) : quads;
        const found = candidates.filter((q) => (!p || q.predicate.equals(p)) && (!o || q.object.equals(o)) && (!g || q.graph.equals(g)));
        return Object.assign(found, { size: found.length });
      },
    },
    describes: (node) => own.has(key(node)),
  };
}
