import { describe as suite, expect, it } from 'vitest';
import { describe, fragmentIndex } from '../../src/graph/describe.js';
import { loadGraph } from '../../src/graph/load-graph.js';
import { PREFIXES } from '../../src/rdf/namespaces.js';
import { BASE, FIXTURES, ONTOLOGY, ROOT, VALID } from '../helpers.js';
import path from 'node:path';

const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: VALID, baseIri: BASE, strict: true, cwd: ROOT });
const id = (p: string) => `${BASE}id/${p}`;
const has = (triples: ReturnType<typeof describe>, s: string, p: string, o?: string) =>
  triples.some((t) => t.subject.value === s && t.predicate.value === p && (o === undefined || t.object.value === o));

suite('describe', () => {
  const decidim = describe(graph.store, id('commons/decidim'));

  it('has the entity own triples, once each', () => {
    expect(has(decidim, id('commons/decidim'), `${PREFIXES.schema}license`, 'http://spdx.org/licenses/AGPL-3.0-only')).toBe(true);
    const keys = decidim.map((t) => `${t.subject.value} ${t.predicate.value} ${t.object.value}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(decidim.every((t) => t.graph.termType === 'DefaultGraph')).toBe(true);
  });

  it('has the labels of what it points to', () => {
    expect(has(decidim, id('actors/decidim-association'), `${PREFIXES.schema}name`, 'Decidim Free Software Association')).toBe(true);
    expect(has(decidim, id('themes/civic-participation'), `${PREFIXES.skos}prefLabel`)).toBe(true);
  });

  it('has the triples that point to it, with their labels', () => {
    const osp = describe(graph.store, id('actors/open-source-politics'));
    expect(has(osp, id('commons/decidim'), `${PREFIXES.schema}contributor`, id('actors/open-source-politics'))).toBe(true);
    expect(has(osp, id('commons/decidim'), `${PREFIXES.schema}name`, 'Decidim')).toBe(true);
  });

  it('includes the #fragments and blank nodes the entity owns', async () => {
    const members = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: path.join(FIXTURES, 'membership'), baseIri: BASE, strict: true, cwd: ROOT });
    const triples = describe(members.store, id('actors/exemple-membre'), fragmentIndex(members.store));
    expect(has(triples, id('actors/exemple-membre#membership-exemple-scic'), `${PREFIXES.org}role`, id('roles/associate'))).toBe(true);
    expect(triples.some((t) => t.predicate.value === `${PREFIXES.time}inXSDDate`)).toBe(true);
  });

  it('is empty for an IRI the graph does not know', () => {
    expect(describe(graph.store, id('commons/nothing'))).toEqual([]);
  });
});
