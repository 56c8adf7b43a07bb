// The search engine on documents made for each rule (ranking tiers, typo bounds, compound names, elision,
// stop words, long queries) and on the real data (synonyms from the schemes, the examples).
import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../src/graph/load-graph.js';
import { buildDirectory } from '../../src/directory/directory.js';
import { analyseQuery, highlight, MAX_QUERY, snippet, stems } from '../../src/directory/search-engine.js';
import { buildSearchIndex, parseSearchQuery, WORK_FACETS, type SearchDocument } from '../../src/directory/search.js';
import { BASE, DATA, ONTOLOGY, ROOT } from '../helpers.js';

type Doc = SearchDocument<'theme'>;
const doc = (iri: string, parts: Partial<Doc> = {}): Doc => ({ iri, names: [iri], themes: [], descriptions: [], sortKey: iri, facets: { theme: [] }, ...parts });
const ranked = (docs: Doc[], q: string) =>
  buildSearchIndex(docs, ['theme']).search(parseSearchQuery(new URLSearchParams({ q }), ['theme'])).hits.map((h) => h.iri);

describe('search engine: ranking', () => {
  it('ranks a name above a theme above a description, whatever the order of the documents', () => {
    const docs = [
      doc('in-description', { descriptions: [{ text: 'Un outil de cartographie.', lang: 'fr' }] }),
      doc('in-theme', { themes: [{ text: 'Cartographie', lang: 'fr' }] }),
      doc('in-name', { names: ['Cartographie libre'] }),
    ];
    expect(ranked(docs, 'cartographie')).toEqual(['in-name', 'in-theme', 'in-description']);
    expect(ranked([...docs].reverse(), 'cartographie')).toEqual(['in-name', 'in-theme', 'in-description']);
  });

  it('ranks exact above prefix above stem in the same field, and breaks ties by the sort key', () => {
    const docs = [
      doc('stem', { descriptions: [{ text: 'Une carte du quartier.', lang: 'fr' }] }),
      doc('prefix', { descriptions: [{ text: 'Un repère cartésien.', lang: 'fr' }] }),
      doc('exact', { descriptions: [{ text: 'Des cartes du quartier.', lang: 'fr' }] }),
    ];
    expect(ranked(docs, 'cartes')).toEqual(['exact', 'prefix', 'stem']);
    expect(ranked([doc('b', { names: ['Alpha'] }), doc('a', { names: ['Alpha'] })], 'alpha')).toEqual(['a', 'b']);
  });

  it('finds plurals and other forms through French and English stems, each in its own language', () => {
    const fr = doc('fr', { descriptions: [{ text: 'Organiser un sondage', lang: 'fr' }] });
    const en = doc('en', { descriptions: [{ text: 'Computing carbon footprints', lang: 'en' }] });
    expect(ranked([fr, en], 'sondages')).toEqual(['fr']);
    expect(ranked([fr, en], 'computes')).toEqual(['en']);
    expect(stems('Données')).toEqual(stems('donnees'));
  });

  it('tolerates one typo from 4 to 7 letters, two from 8, none below 4, and only when the word matches nothing as written', () => {
    const docs = [doc('framasoft', { names: ['Framasoft'] }), doc('pad', { names: ['Pad'] }), doc('collaboration', { names: ['Collaboration'] })];
    expect(ranked(docs, 'framasfot')).toEqual(['framasoft']); // 9 letters: two edits (here a swap)
    expect(ranked(docs, 'frmasfot')).toEqual([]); // three edits
    expect(ranked(docs, 'framasofft')).toEqual(['framasoft']);
    expect(ranked(docs, 'framsoft')).toEqual(['framasoft']);
    expect(ranked(docs, 'colaboraton')).toEqual(['collaboration']);
    expect(ranked(docs, 'pod')).toEqual([]);
    expect(analyseQuery('pad').words[0].edits).toBe(0);
    expect(analyseQuery('cart').words[0].edits).toBe(1);
    expect(analyseQuery('cartograph').words[0].edits).toBe(2);
    // A real word is not drowned by its near-misses: "cart" matches "cart" and not "card".
    expect(ranked([doc('cart', { names: ['Cart'] }), doc('card', { names: ['Card'] })], 'cart')).toEqual(['cart']);
  });

  it('finds split and joined spellings of compound names', () => {
    const docs = [doc('osm', { names: ['OpenStreetMap'] }), doc('osmfr', { names: ['OpenStreetMap France'] }), doc('pt', { names: ['Peertube'] }), doc('dg', { names: ['data.gouv.fr'] })];
    expect(ranked(docs, 'open street').sort()).toEqual(['osm', 'osmfr']);
    expect(ranked(docs, 'openstreetmap').sort()).toEqual(['osm', 'osmfr']);
    expect(ranked(docs, 'openstreetmap france')).toEqual(['osmfr']);
    expect(ranked(docs, 'peer tube')).toEqual(['pt']);
    expect(ranked(docs, 'datagouv')).toEqual(['dg']);
  });

  it('drops French elisions and stop words, unless the query has nothing else', () => {
    const docs = [doc('acces', { descriptions: [{ text: "Faciliter l'accès aux droits", lang: 'fr' }] }), doc('other', { descriptions: [{ text: 'Le logiciel de la ville', lang: 'fr' }] })];
    expect(ranked(docs, "l'accès")).toEqual(['acces']);
    expect(ranked(docs, 'accès de la')).toEqual(['acces']);
    expect(analyseQuery("d’autonomie et de la").words.map((w) => w.word)).toEqual(['autonomie']);
    expect(analyseQuery('la').words.map((w) => w.word)).toEqual(['la']);
  });
});

describe('search engine: limits and highlighting', () => {
  it('cuts a query over the limit at a word boundary and says so, instead of dropping it', () => {
    const long = `cartographie ${'x'.repeat(MAX_QUERY)}`;
    const query = parseSearchQuery(new URLSearchParams({ q: long }));
    expect(query.tooLong).toBe(true);
    expect(query.q).toBe('cartographie');
    const index = buildSearchIndex([doc('c', { names: ['Cartographie'] })], ['theme']);
    const result = index.search({ ...query, filters: { theme: [] } });
    expect(result.truncated).toBe(true);
    expect(result.hits.map((h) => h.iri)).toEqual(['c']);
    expect(analyseQuery('a b c d e f g h i j k l'.split(' ').map((l) => `${l}${l}${l}`).join(' ')).truncated).toBe(true);
  });

  it('marks matched words, their other forms and compound parts, keeping the text intact', () => {
    const segments = highlight("Les sondages d'OpenStreetMap <b>", new Set(['open', '<sondag']));
    expect(segments.filter((s) => s.mark).map((s) => s.text)).toEqual(['sondages', 'OpenStreetMap']);
    expect(segments.map((s) => s.text).join('')).toBe("Les sondages d'OpenStreetMap <b>");
    const long = snippet(highlight(`${'mot '.repeat(100)}cible ${'fin '.repeat(100)}`, new Set(['cible'])), 80);
    expect(long.find((s) => s.mark)?.text).toBe('cible');
    expect(long.map((s) => s.text).join('').length).toBeLessThanOrEqual(90);
  });
});

describe('search on the real data', async () => {
  const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: DATA, baseIri: BASE, strict: true, cwd: ROOT });
  const directory = buildDirectory(graph);
  const commons = (q: string) => directory.search.search(parseSearchQuery(new URLSearchParams({ q }))).hits.map((h) => h.iri.split('/').pop());

  it('finds the mapping theme through its alternate labels from the schemes, in both languages', () => {
    for (const q of ['carte', 'carto', 'SIG', 'maps', 'GIS']) expect(commons(q), q).toContain('openstreetmap');
  });

  it('answers the issue examples: carte, open street, sondages, a typo', () => {
    expect(commons('open street')[0]).toBe('openstreetmap');
    expect(commons('sondages')).toContain('framadate');
    expect(commons('peertub')[0]).toBe('peertube');
    expect(commons('decidm')[0]).toBe('decidim');
  });

  it('searches services and projects with their own facets', () => {
    const result = directory.serviceSearch.search(parseSearchQuery(new URLSearchParams('q=carte&theme=mapping'), WORK_FACETS));
    expect(result.hits.map((h) => h.iri.split('/').pop())).toContain('pres-de-chez-nous');
    expect(result.counts.theme.get('mapping')).toBe(result.total);
    expect(directory.projectSearch.search(parseSearchQuery(new URLSearchParams(''), WORK_FACETS)).total).toBe(directory.reader.all('project').length);
  });
});
