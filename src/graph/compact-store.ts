// **compact-store** is the graph as the server holds it once loaded: encoded once per load into
// SharedArrayBuffers (every distinct term once; each quad as four term numbers; for each position, the quads
// grouped by the term there, by counting sort). The main thread reads it, and every query worker reads those
// same buffers: no thread holds a private copy of the graph, only the decoded terms. n3's Store costs about
// 1.5 KB per quad per copy; at 1M triples, two stores (the files' graphs and their union) in the main thread
// and one per worker were most of the server's memory.
//
// It answers the part of n3's Store API that the server uses (QuadStore): a pattern is answered from the group
// of its most selective bound term.
import { Readable } from 'node:stream';
import type { Quad as RdfQuad } from '@rdfjs/types';
import { DataFactory, termFromId, termToId, type Quad, type Term } from 'n3';

/** Quads grouped by the term at one position: rows[offsets[t] .. offsets[t + 1]) are the quads with term t there. */
interface Grouping {
  offsets: Uint32Array;
  rows: Uint32Array;
}

export interface EncodedStore {
  /** s, p, o, g term numbers per quad (g = -1 for the default graph). */
  quads: Int32Array;
  /** One grouping per position that is indexed: s, p, o, and g when the store has named graphs. */
  groupings: Grouping[];
}

export interface EncodedGraph {
  /** n3 term ids (termToId), each distinct term once. */
  terms: string[];
  /** Each file's quads in its named graph. */
  named: EncodedStore;
  /** Each triple once, in the default graph. */
  union: EncodedStore;
}

const shared = (length: number) => new Uint32Array(new SharedArrayBuffer(Math.max(1, length) * 4));

function group(quads: Int32Array, position: number, termCount: number): Grouping {
  const count = quads.length / 4;
  const offsets = shared(termCount + 1);
  for (let i = 0; i < count; i++) offsets[quads[i * 4 + position] + 1]++;
  for (let t = 0; t < termCount; t++) offsets[t + 1] += offsets[t];
  const next = offsets.slice(0, termCount);
  const rows = shared(count);
  for (let i = 0; i < count; i++) rows[next[quads[i * 4 + position]]++] = i;
  return { offsets, rows };
}

function encodeStore(quads: Int32Array, termCount: number, withGraphs: boolean): EncodedStore {
  return { quads, groupings: (withGraphs ? [0, 1, 2, 3] : [0, 1, 2]).map((p) => group(quads, p, termCount)) };
}

/** The rows of the quads with term number `term` at `position` (0 subject, 1 predicate, 2 object, 3 graph). */
export function rowsWith(store: EncodedStore, position: number, term: number): Uint32Array {
  const { offsets, rows } = store.groupings[position];
  return rows.subarray(offsets[term], offsets[term + 1]);
}

/** How many quads have term number `term` at `position`, without a view of their rows. */
export function countWith(store: EncodedStore, position: number, term: number): number {
  const { offsets } = store.groupings[position];
  return offsets[term + 1] - offsets[term];
}

/** A position of a pattern: a term, an n3 term id, or null for any (as n3's Store takes them). */
type Slot = Term | string | null;

/**
 * What the server reads of a graph: the part of n3's Store API it uses. n3's Store has it (tests and the
 * benchmark's in-process engine use n3 directly); CompactStore has it over the shared encoding.
 */
export interface QuadStore {
  readonly size: number;
  readQuads(s: Slot, p: Slot, o: Slot, g: Slot): Iterable<RdfQuad>;
  getQuads(s: Slot, p: Slot, o: Slot, g: Slot): Quad[];
  countQuads(s: Slot, p: Slot, o: Slot, g: Slot): number;
  has(quad: RdfQuad): boolean;
  forEach(callback: (quad: Quad) => void, s: Slot, p: Slot, o: Slot, g: Slot): void;
  some(callback: (quad: Quad) => boolean, s: Slot, p: Slot, o: Slot, g: Slot): boolean;
  forSubjects(callback: (term: Term) => void, p: Slot, o: Slot, g: Slot): void;
  forPredicates(callback: (term: Term) => void, s: Slot, o: Slot, g: Slot): void;
  forObjects(callback: (term: Term) => void, s: Slot, p: Slot, g: Slot): void;
  getSubjects(p: Slot, o: Slot, g: Slot): Term[];
  getPredicates(s: Slot, o: Slot, g: Slot): Term[];
  getObjects(s: Slot, p: Slot, g: Slot): Term[];
  getGraphs(s: Slot, p: Slot, o: Slot): Term[];
}

/** Encodes a store whose quads all sit in named graphs (one per file), and their union. */
export function encodeGraph(named: Pick<QuadStore, 'size' | 'readQuads'>): EncodedGraph {
  return encodeQuads([named.readQuads(null, null, null, null)], named.size, false);
}

/**
 * Encodes the files' quads as parsed, each in its file's named graph, without building an n3 Store first (at
 * 1M triples that store alone is over a gigabyte). A triple a file states twice is kept once, as a store would.
 */
export function encodeFiles(files: ReadonlyArray<readonly RdfQuad[]>): EncodedGraph;
/** The same from iterables, given how many quads they hold at most. */
export function encodeFiles(files: ReadonlyArray<Iterable<RdfQuad>>, atMost: number): EncodedGraph;
export function encodeFiles(files: ReadonlyArray<Iterable<RdfQuad>>, atMost?: number): EncodedGraph {
  return encodeQuads(files, atMost ?? (files as ReadonlyArray<readonly RdfQuad[]>).reduce((n, quads) => n + quads.length, 0), true);
}

function encodeQuads(files: Iterable<Iterable<RdfQuad>>, upperBound: number, dedupe: boolean): EncodedGraph {
  const index = new Map<string, number>();
  const terms: string[] = [];
  const id = (term: object) => {
    const key = termToId(term as Term);
    let i = index.get(key);
    if (i === undefined) index.set(key, (i = terms.push(key) - 1));
    return i;
  };
  let quads = new Int32Array(new SharedArrayBuffer(Math.max(1, upperBound) * 16));
  let at = 0;
  for (const file of files) {
    const seen = dedupe ? new Set<string>() : undefined;
    for (const q of file) {
      const s = id(q.subject);
      const p = id(q.predicate);
      const o = id(q.object);
      const g = id(q.graph);
      if (seen) {
        // Within one file the graph is the file's own.
        const key = `${s} ${p} ${o}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      quads[at++] = s;
      quads[at++] = p;
      quads[at++] = o;
      quads[at++] = g;
    }
  }
  quads = quads.subarray(0, at);
  const namedStore = encodeStore(quads, terms.length, true);
  // The union: each (s, p, o) once, found subject by subject.
  const bySubject = namedStore.groupings[0];
  const union: number[] = [];
  for (let s = 0; s < terms.length; s++) {
    const seen = new Set<number>();
    for (let r = bySubject.offsets[s]; r < bySubject.offsets[s + 1]; r++) {
      const row = bySubject.rows[r];
      const p = quads[row * 4 + 1];
      const o = quads[row * 4 + 2];
      const key = p * terms.length + o;
      if (seen.has(key)) continue;
      seen.add(key);
      union.push(s, p, o, -1);
    }
  }
  const unionQuads = new Int32Array(new SharedArrayBuffer(Math.max(1, union.length) * 4));
  unionQuads.set(union);
  return { terms, named: namedStore, union: encodeStore(unionQuads.subarray(0, union.length), terms.length, false) };
}

/** As Slot, and undefined for any: Comunica leaves positions out. */
type Pattern = Slot | undefined;

/** The decoded terms, shared by both stores of a worker. */
export class TermTable {
  readonly terms: Term[];
  private readonly numbers = new Map<string, number>();
  constructor(ids: readonly string[]) {
    this.terms = ids.map((id) => termFromId(id, DataFactory) as Term);
    ids.forEach((id, i) => this.numbers.set(id, i));
  }
  /** The term's number; -1 for a wildcard (nothing, a variable); -2 for a term the graph does not hold. */
  number(term: Pattern): number {
    if (term === null || term === undefined) return -1;
    if (typeof term === 'string') return this.numbers.get(term) ?? -2;
    if (term.termType === 'Variable') return -1;
    return this.numbers.get(termToId(term)) ?? -2;
  }
}

export class CompactStore implements QuadStore {
  private readonly quads: Int32Array;
  private readonly groupings: Grouping[];
  private readonly terms: Term[];

  constructor(
    encoded: EncodedStore,
    private readonly table: TermTable,
    /** Whether quads carry their graph; without, every quad is in the default graph. */
    private readonly withGraphs: boolean,
  ) {
    this.quads = encoded.quads;
    this.groupings = encoded.groupings;
    this.terms = table.terms;
  }

  get size(): number {
    return this.quads.length / 4;
  }

  /** Bound term numbers per position, or undefined when some bound term cannot match. */
  private bind(s: Pattern, p: Pattern, o: Pattern, g: Pattern): number[] | undefined {
    const bound = [this.table.number(s), this.table.number(p), this.table.number(o), -1];
    if (g !== null && g !== undefined && typeof g !== 'string' && g.termType === 'DefaultGraph') {
      if (this.withGraphs) return undefined;
    } else if (this.withGraphs) bound[3] = this.table.number(g);
    else if (this.table.number(g) !== -1) return undefined;
    return bound.includes(-2) ? undefined : bound;
  }

  private *rows(bound: number[]): Generator<number> {
    // The smallest group among the bound positions; with none bound, every row.
    let best = -1;
    let size = this.size;
    for (let position = 0; position < this.groupings.length; position++) {
      const t = bound[position];
      if (t < 0) continue;
      const { offsets } = this.groupings[position];
      const n = offsets[t + 1] - offsets[t];
      if (best < 0 || n < size) (best = position), (size = n);
    }
    const q = this.quads;
    const matches = (row: number) =>
      (bound[0] < 0 || q[row * 4] === bound[0]) && (bound[1] < 0 || q[row * 4 + 1] === bound[1]) &&
      (bound[2] < 0 || q[row * 4 + 2] === bound[2]) && (bound[3] < 0 || q[row * 4 + 3] === bound[3]);
    if (best < 0) {
      for (let row = 0; row < this.size; row++) if (matches(row)) yield row;
      return;
    }
    const { offsets, rows } = this.groupings[best];
    for (let r = offsets[bound[best]]; r < offsets[bound[best] + 1]; r++) if (matches(rows[r])) yield rows[r];
  }

  private quad(row: number): Quad {
    const q = this.quads;
    const t = this.terms;
    return DataFactory.quad(
      t[q[row * 4]] as Quad['subject'],
      t[q[row * 4 + 1]] as Quad['predicate'],
      t[q[row * 4 + 2]] as Quad['object'],
      (this.withGraphs ? t[q[row * 4 + 3]] : DataFactory.defaultGraph()) as Quad['graph'],
    );
  }

  *readQuads(s: Pattern, p: Pattern, o: Pattern, g: Pattern): Generator<Quad> {
    const bound = this.bind(s, p, o, g);
    if (bound) for (const row of this.rows(bound)) yield this.quad(row);
  }

  getQuads(s: Pattern, p: Pattern, o: Pattern, g: Pattern): Quad[] {
    return [...this.readQuads(s, p, o, g)];
  }

  countQuads(s: Pattern, p: Pattern, o: Pattern, g: Pattern): number {
    const bound = this.bind(s, p, o, g);
    if (!bound) return 0;
    const positions = bound.filter((t) => t >= 0).length;
    if (positions === 0) return this.size;
    if (positions === 1) {
      const position = bound.findIndex((t) => t >= 0);
      if (position < this.groupings.length) return this.groupings[position].offsets[bound[position] + 1] - this.groupings[position].offsets[bound[position]];
    }
    let n = 0;
    for (const _ of this.rows(bound)) n++;
    return n;
  }

  /** An RDF/JS stream of the matching quads, as Comunica reads a source. */
  match(s?: Pattern, p?: Pattern, o?: Pattern, g?: Pattern): Readable {
    return Readable.from(this.readQuads(s, p, o, g), { objectMode: true });
  }

  private distinct(position: number, s: Pattern, p: Pattern, o: Pattern, g: Pattern): Term[] {
    const bound = this.bind(s, p, o, g);
    if (!bound) return [];
    const seen = new Set<number>();
    for (const row of this.rows(bound)) seen.add(this.quads[row * 4 + position]);
    return [...seen].map((t) => this.terms[t]);
  }

  forSubjects(callback: (term: Term) => void, p: Pattern, o: Pattern, g: Pattern): void {
    this.distinct(0, null, p, o, g).forEach((t) => callback(t));
  }

  forPredicates(callback: (term: Term) => void, s: Pattern, o: Pattern, g: Pattern): void {
    this.distinct(1, s, null, o, g).forEach((t) => callback(t));
  }

  forObjects(callback: (term: Term) => void, s: Pattern, p: Pattern, g: Pattern): void {
    this.distinct(2, s, p, null, g).forEach((t) => callback(t));
  }

  has(quad: RdfQuad): boolean {
    return this.countQuads(quad.subject as Term, quad.predicate as Term, quad.object as Term, quad.graph as Term) > 0;
  }

  forEach(callback: (quad: Quad) => void, s: Pattern, p: Pattern, o: Pattern, g: Pattern): void {
    for (const quad of this.readQuads(s, p, o, g)) callback(quad);
  }

  some(callback: (quad: Quad) => boolean, s: Pattern, p: Pattern, o: Pattern, g: Pattern): boolean {
    for (const quad of this.readQuads(s, p, o, g)) if (callback(quad)) return true;
    return false;
  }

  getSubjects(p: Pattern, o: Pattern, g: Pattern): Term[] {
    return this.distinct(0, null, p, o, g);
  }

  getPredicates(s: Pattern, o: Pattern, g: Pattern): Term[] {
    return this.distinct(1, s, null, o, g);
  }

  getObjects(s: Pattern, p: Pattern, g: Pattern): Term[] {
    return this.distinct(2, s, p, null, g);
  }

  getGraphs(s: Pattern, p: Pattern, o: Pattern): Term[] {
    return this.withGraphs ? this.distinct(3, s, p, o, null) : this.size ? [DataFactory.defaultGraph()] : [];
  }
}

/** The graph's two stores over one encoding: each file's graph, and their union in the default graph. */
export function compactStores(encoded: EncodedGraph): { named: CompactStore; union: CompactStore } {
  const table = new TermTable(encoded.terms);
  return { named: new CompactStore(encoded.named, table, true), union: new CompactStore(encoded.union, table, false) };
}
