// The files' quads, encoded as parsed: what a store would hold, each triple of a file once, each file's graph apart.
import { describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import { compactStores, encodeFiles } from '../../src/graph/compact-store.js';

const { namedNode, literal, quad, defaultGraph } = DataFactory;
const s = namedNode('https://example.org/s');
const p = namedNode('https://example.org/p');
const g1 = namedNode('https://example.org/g1');
const g2 = namedNode('https://example.org/g2');

describe('encoding the parsed files', () => {
  it('keeps a triple a file states twice once, and the same triple in two files once per file and once in the union', () => {
    const a = quad(s, p, literal('a', 'fr'), g1);
    const b = quad(s, p, literal('b'), g1);
    const { named, union } = compactStores(encodeFiles([[a, b, a], [quad(s, p, literal('a', 'fr'), g2)]]));
    expect(named.size).toBe(3);
    expect(named.countQuads(null, null, null, g1)).toBe(2);
    expect(named.countQuads(null, null, null, g2)).toBe(1);
    expect(union.size).toBe(2);
    expect(union.getObjects(s, p, defaultGraph()).map((o) => o.id).sort()).toEqual(['"a"@fr', '"b"']);
  });
});
