// **quad-source** is the RDF/JS source Comunica queries: the default graph is the union of the files,
// answered from one set of indexes; GRAPH patterns are answered from the store that keeps each file's graph.
import { DataFactory, Store, termFromId, termToId, type Quad, type Term } from 'n3';

export interface GraphFile {
  text: string;
  /** Named graph of the file. */
  graph: string;
  /** Base IRI for the file's relative IRIs. */
  base: string;
}

type Pattern = Term | null | undefined;

export class UnionQuadSource {
  constructor(
    /** Each file's triples in its named graph. */
    readonly named: Store,
    /** Every triple once, in the default graph. */
    readonly union: Store,
  ) {}

  /** Default graph → the union; a named graph or a variable (GRAPH ?g) → the files' graphs only. */
  private storeFor(graph: Pattern): [Store, Pattern] {
    return graph?.termType === 'DefaultGraph' ? [this.union, graph] : [this.named, graph];
  }

  match(subject?: Pattern, predicate?: Pattern, object?: Pattern, graph?: Pattern) {
    const [store, g] = this.storeFor(graph);
    return store.match(subject as Term, predicate as Term, object as Term, g as Term);
  }

  countQuads(subject?: Pattern, predicate?: Pattern, object?: Pattern, graph?: Pattern): number {
    const [store, g] = this.storeFor(graph);
    return store.countQuads(subject as Term, predicate as Term, object as Term, g as Term);
  }

  get size(): number {
    return this.union.size;
  }
}

/** Builds both stores from the files, each once: used by the query workers, which get the texts, not the stores. */
export async function buildSource(files: GraphFile[]): Promise<UnionQuadSource> {
  const { Parser, DataFactory } = await import('n3');
  const named = new Store();
  const union = new Store();
  for (const file of files) {
    const graph = DataFactory.namedNode(file.graph);
    const quads: Quad[] = new Parser({ baseIRI: file.base, format: 'text/turtle' }).parse(file.text);
    for (const q of quads) {
      named.addQuad(q.subject, q.predicate, q.object, graph);
      union.addQuad(q.subject, q.predicate, q.object);
    }
  }
  return new UnionQuadSource(named, union);
}

/**
 * The loaded graph as the query workers get it: each distinct term once (n3's own term ids, which
 * termFromId reads back) and every quad of the files' graphs as four indexes into that list. The quads sit
 * in a SharedArrayBuffer that every worker reads without a copy; the terms are a small fraction of the data
 * (at 1M triples, a few hundred thousand short strings against 300 MB of Turtle). Workers no longer parse Turtle.
 */
export interface EncodedGraph {
  terms: string[];
  /** s, p, o, g term indexes per quad, in an Int32Array over a SharedArrayBuffer. */
  quads: Int32Array;
}

export function encodeGraph(named: Store): EncodedGraph {
  const index = new Map<string, number>();
  const terms: string[] = [];
  const id = (term: object) => {
    const key = termToId(term as Term);
    let i = index.get(key);
    if (i === undefined) index.set(key, (i = terms.push(key) - 1));
    return i;
  };
  const quads = new Int32Array(new SharedArrayBuffer(named.size * 4 * Int32Array.BYTES_PER_ELEMENT));
  let at = 0;
  for (const q of named.readQuads(null, null, null, null)) {
    quads[at++] = id(q.subject);
    quads[at++] = id(q.predicate);
    quads[at++] = id(q.object);
    quads[at++] = id(q.graph);
  }
  return { terms, quads: at === quads.length ? quads : quads.subarray(0, at) };
}

/** Builds both stores of a worker from the encoded graph: the files' graphs, and their union. */
export function decodeSource(encoded: EncodedGraph): UnionQuadSource {
  const terms = encoded.terms.map((id) => termFromId(id, DataFactory));
  const named = new Store();
  const union = new Store();
  const { quads } = encoded;
  for (let i = 0; i < quads.length; i += 4) {
    const s = terms[quads[i]];
    const p = terms[quads[i + 1]];
    const o = terms[quads[i + 2]];
    named.addQuad(s as Quad['subject'], p as Quad['predicate'], o as Quad['object'], terms[quads[i + 3]] as Quad['graph']);
    union.addQuad(s as Quad['subject'], p as Quad['predicate'], o as Quad['object']);
  }
  return new UnionQuadSource(named, union);
}
