// Related commons come from bounded candidates (an inverted index read at most `cap` entries per key), then
// exact scores: a shared actor outranks a shared theme, the commons itself is never listed, and a theme
// shared by far more commons than the cap still yields neighbours.
import { describe, expect, it } from 'vitest';
import { DataFactory, Store } from 'n3';
import { createGraphReader } from '../../src/directory/graph-reader.js';
import { relatedCommons } from '../../src/directory/entities.js';
import { P } from '../../src/directory/labels.js';
import type { Graph } from '../../src/graph/load-graph.js';
import { BASE } from '../helpers.js';

const { namedNode, quad } = DataFactory;
const commons = (i: number) => `${BASE}id/commons/c${String(i).padStart(4, '0')}`;

/** `n` commons on one theme; the first `sharing` of them also share one maintainer. */
function directory(n: number, sharing: number) {
  const union = new Store();
  for (let i = 0; i < n; i++) {
    union.addQuad(quad(namedNode(commons(i)), namedNode(P.type), namedNode('https://w3id.org/usages-communs/ns#DigitalCommons')));
    union.addQuad(quad(namedNode(commons(i)), namedNode(P.subject), namedNode(`${BASE}id/themes/open-data`)));
    if (i < sharing) union.addQuad(quad(namedNode(commons(i)), namedNode(P.maintainer), namedNode(`${BASE}id/actors/a`)));
  }
  return createGraphReader({ union, store: union, baseIri: BASE } as unknown as Graph);
}

describe('related commons', () => {
  it('are exact below the cap: shared actors first, then by IRI, never the commons itself', () => {
    const related = relatedCommons(directory(20, 3), 5, 64);
    expect(related(commons(0))).toEqual([commons(1), commons(2), commons(3), commons(4), commons(5)]);
    expect(related(commons(10))).toEqual([0, 1, 2, 3, 4].map(commons));
  });

  it('still rank a shared actor first when a theme is shared far beyond the cap', () => {
    const related = relatedCommons(directory(2_000, 4), 5, 16);
    const top = related(commons(2));
    expect(top.slice(0, 3).sort()).toEqual([commons(0), commons(1), commons(3)]);
    expect(top).toHaveLength(5);
    expect(top).not.toContain(commons(2));
  });

  it('give different neighbours to different commons of a crowded theme', () => {
    const related = relatedCommons(directory(2_000, 0), 5, 16);
    expect(related(commons(500))).toEqual([501, 502, 503, 504, 505].map(commons));
    expect(related(commons(1_999))).toEqual([0, 1, 2, 3, 4].map(commons));
  });
});
