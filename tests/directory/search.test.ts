// The commons search on the real data: accent- and case-insensitive, both languages, names first,
// facets with counts that combine, paging; and the query read from URL parameters.
import { describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import { loadGraph } from '../../src/graph/load-graph.js';
import { buildDirectory } from '../../src/directory/directory.js';
import { buildSearchIndex, fold, parseSearchQuery, PAGE_SIZE, type SearchDocument } from '../../src/directory/search.js';
import { BASE, DATA, ONTOLOGY, ROOT } from '../helpers.js';

const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: DATA, baseIri: BASE, strict: true, cwd: ROOT });
const { search } = buildDirectory(graph);
const { namedNode, quad } = DataFactory;
// Counted from the data, which grows with every import.
const OPEN_DATA = buildDirectory(graph).reader.all('commons').filter((iri) => graph.union.has(quad(namedNode(iri), namedNode('http://purl.org/dc/terms/subject'), namedNode(`${BASE}id/themes/open-data`)))).length;
const find = (params: string) => search.search(parseSearchQuery(new URLSearchParams(params)));
const slugs = (params: string) => find(params).hits.map((h) => h.iri.split('/').pop());

describe('search', () => {
  it('folds case, accents and ligatures', () => {
    expect(fold('Données ŒUVRE Élan')).toBe('donnees oeuvre elan');
  });

  it('finds "données" when asked for "donnees", and the same with capitals', () => {
    const plain = slugs('q=donnees');
    expect(plain).toContain('base-adresse-nationale');
    expect(plain.length).toBeGreaterThan(3);
    expect(slugs('q=DONNÉES')).toEqual(plain);
  });

  it('matches English text too', () => {
    expect(slugs('q=participatory')).toContain('decidim');
    expect(slugs('q=participative')).toContain('decidim');
  });

  it('ranks a name match above description matches', () => {
    // "Decidim" is OSP's main product, named in other descriptions; its own name must come first.
    const hits = slugs('q=decidim');
    expect(hits[0]).toBe('decidim');
  });

  it('requires every word, and matches word beginnings', () => {
    expect(slugs('q=open+food')).toEqual(['open-food-facts']);
    expect(slugs('q=openstr')).toContain('openstreetmap');
    expect(slugs('q=zzzz')).toEqual([]);
  });

  it('without words lists every commons by name', () => {
    const all = find('');
    expect(all.total).toBe(buildDirectory(graph).reader.all('commons').length);
  });

  it('filters by facets, alternatives within a facet and all facets together', () => {
    const openData = find('theme=open-data');
    expect(openData.total).toBe(OPEN_DATA);
    const orFree = find('theme=open-data&theme=free-software');
    expect(orFree.total).toBeGreaterThan(openData.total);
    const withLicence = find('theme=open-data&licence=ODbL-1.0');
    expect(withLicence.total).toBeLessThan(openData.total);
    expect(withLicence.hits.every((h) => h.facets.licence.includes('ODbL-1.0') && h.facets.theme.includes('open-data'))).toBe(true);
    expect(find('type=association').hits.every((h) => h.facets.type.includes('association'))).toBe(true);
  });

  it('counts each facet value as if it were added to the other filters', () => {
    const result = find('theme=open-data');
    // The theme facet ignores its own filter: other themes say what choosing them would add.
    expect(result.counts.theme.get('open-data')).toBe(OPEN_DATA);
    expect(result.counts.theme.get('civic-participation')).toBeGreaterThan(0);
    // Other facets count within the filtered set.
    const licences = [...result.counts.licence.values()].reduce((a, b) => a + b, 0);
    expect(result.total).toBeLessThanOrEqual(PAGE_SIZE);
    expect(licences).toBe(result.hits.reduce((n, h) => n + h.facets.licence.length, 0));
  });

  it('pages results', () => {
    const documents: SearchDocument[] = Array.from({ length: 45 }, (_, i) => ({
      iri: `x${i}`, names: [`Commun ${i}`], themes: [], descriptions: [], sortKey: String(i).padStart(3, '0'),
      facets: { theme: [], licence: [], type: [], territory: [], skill: [] },
    }));
    const index = buildSearchIndex(documents);
    const page3 = index.search(parseSearchQuery(new URLSearchParams('page=3')));
    expect(page3).toMatchObject({ total: 45, page: 3, pages: 3 });
    expect(page3.hits).toHaveLength(45 - 2 * PAGE_SIZE);
    expect(index.search(parseSearchQuery(new URLSearchParams('page=99'))).page).toBe(3);
  });

  it('reads queries defensively', () => {
    expect(parseSearchQuery({ q: ['a', 'b'], theme: 'x', page: '-2' })).toMatchObject({ q: 'a', page: 1, filters: { theme: ['x'] } });
    expect(parseSearchQuery(new URLSearchParams('page=abc&skill=a&skill=a'))).toMatchObject({ page: 1, filters: { skill: ['a'] } });
  });
});
