// The query workers get the graph as a compact encoding (terms once, quads as indexes in shared memory)
// instead of Turtle: decoding it must give back exactly the files' graphs and their union.
import { describe, expect, it } from 'vitest';
import { DataFactory, Store } from 'n3';
import { decodeSource, encodeGraph } from '../../src/sparql/quad-source.js';
import { loadGraph } from '../../src/graph/load-graph.js';
import { BASE, ONTOLOGY, ROOT, VALID } from '../helpers.js';
import type { QuadStore } from '../../src/graph/compact-store.js';

const { namedNode, literal, blankNode, quad } = DataFactory;
const sorted = (store: QuadStore) => store.getQuads(null, null, null, null).map((q) => `${q.subject.id} ${q.predicate.id} ${q.object.id} ${q.graph.id}`).sort();

describe('the graph as query workers get it', () => {
  it('round-trips every kind of term, each file graph, and the union without duplicates', () => {
    const named = new Store();
    const g1 = namedNode('https://example.org/g1');
    const g2 = namedNode('https://example.org/g2');
    const s = namedNode('https://example.org/s');
    const p = namedNode('https://example.org/p');
    for (const g of [g1, g2]) named.addQuad(quad(s, p, literal('même "texte"\nsur deux lignes', 'fr'), g));
    named.addQuad(quad(s, p, literal('2024', namedNode('http://www.w3.org/2001/XMLSchema#gYear')), g1));
    named.addQuad(quad(blankNode('b1'), p, literal(''), g2));
    named.addQuad(quad(s, p, blankNode('b1'), g2));
    const encoded = encodeGraph(named);
    expect(encoded.named.quads.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(encoded.union.groupings[0].rows.buffer).toBeInstanceOf(SharedArrayBuffer);
    const source = decodeSource(encoded);
    expect(sorted(source.named)).toEqual(sorted(named));
    expect(source.union.size).toBe(4);
    expect(source.countQuads(s, p, null, DataFactory.defaultGraph())).toBe(3);
    expect(source.countQuads(null, null, null, g2)).toBe(3);
  });

  it('gives the workers the same quads as the loaded graph', async () => {
    const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: VALID, baseIri: BASE, strict: true, cwd: ROOT });
    const source = decodeSource(graph.encoded);
    expect(sorted(source.named as unknown as QuadStore)).toEqual(sorted(graph.store));
    expect(source.union.size).toBe(graph.union.size);
  });

  it('answers every pattern as n3 does, in the files\' graphs and in the union', async () => {
    const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: VALID, baseIri: BASE, strict: true, cwd: ROOT });
    const source = decodeSource(encodeGraph(graph.store));
    const key = (q: { subject: { id?: string; value: string }; predicate: { value: string }; object: { id?: string; value: string }; graph: { value: string } }) =>
      `${q.subject.value} ${q.predicate.value} ${JSON.stringify(q.object)} ${q.graph.value}`;
    const all = graph.store.getQuads(null, null, null, null);
    // Every combination of bound positions, on quads spread over the graph.
    for (let i = 0; i < all.length; i += 211) {
      const q = all[i];
      for (let mask = 0; mask < 16; mask++) {
        const [s, p, o, g] = [q.subject, q.predicate, q.object, q.graph].map((t, bit) => (mask & (1 << bit) ? t : null));
        const expected = graph.store.getQuads(s, p, o, g).map(key).sort();
        expect(source.named.getQuads(s, p, o, g).map(key).sort()).toEqual(expected);
        expect(source.named.countQuads(s, p, o, g)).toBe(expected.length);
        if (g) continue;
        const union = graph.union.getQuads(s, p, o, null).map(key).sort();
        expect(source.union.getQuads(s, p, o, DataFactory.defaultGraph()).map(key).sort()).toEqual(union);
        expect(source.union.countQuads(s, p, o, null)).toBe(union.length);
      }
    }
    expect(source.named.getGraphs(null, null, null).map((g) => g.value).sort()).toEqual(graph.store.getGraphs(null, null, null).map((g) => g.value).sort());
    expect(source.union.getQuads(namedNode(`${BASE}id/nothing`), null, null, null)).toEqual([]);
    const streamed: unknown[] = [];
    for await (const quad of source.match(null, null, null, DataFactory.defaultGraph())) streamed.push(quad);
    expect(streamed).toHaveLength(graph.union.size);
  }, 120_000);
});
