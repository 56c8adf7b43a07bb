// **quad-source** is the RDF/JS source Comunica queries: the default graph is the union of the files,
// answered from one set of indexes; GRAPH patterns are answered from the store that keeps each file's graph.
import { Store, type Quad, type Term } from 'n3';
import { compactStores, type EncodedGraph } from '../graph/compact-store.js';

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

/** Builds both n3 stores from the files' texts, each once (tests and the benchmark's in-process engine; workers use decodeSource). */
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

export { encodeGraph, type EncodedGraph } from '../graph/compact-store.js';

/**
 * A worker's source over the shared encoding (see compact-store.ts). CompactStore answers the part of n3's
 * Store API that the query path calls, so it stands in for Store here; tests/sparql/quad-source.test.ts
 * runs the same queries on both.
 */
export function decodeSource(encoded: EncodedGraph): UnionQuadSource {
  const { named, union } = compactStores(encoded);
  return new UnionQuadSource(named as unknown as Store, union as unknown as Store);
}
