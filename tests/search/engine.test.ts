// The search engine on documents made for each rule (ranking tiers, typo bounds, compound names, elision,
// stop words, long queries) and on the real data (synonyms from the schemes, the examples).
import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../src/graph/load-graph.js';
import { buildDirectory } from '../../src/directory/directory.js';
import { analyseQuery, bestOf, createEngineIndex, engineIndexJSON, facetTable, highlight, loadEngineIndex, MAX_QUERY, rankBy, searchEngine, snippet, stems } from '../../src/directory/search-engine.js';
import { engineDocument } from '../../src/directory/search.js';
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

describe('search engine: index and ordering', () => {
  const docs = [
    doc('osm', { names: ['OpenStreetMap'], descriptions: [{ text: 'Une carte du monde libre.', lang: 'fr' }] }),
    doc('carto', { themes: [{ text: 'Cartographie', lang: 'fr' }] }),
    doc('pt', { names: ['Peertube'], descriptions: [{ text: 'Partager des vidéos.', lang: 'fr' }] }),
  ];
  const found = (index: ReturnType<typeof createEngineIndex>, q: string) => {
    const m = searchEngine([index], analyseQuery(q));
    return [...m.ids].map((id) => ({ id, score: m.score[id], evidence: m.evidence[id], terms: m.terms(id).sort() }));
  };

  it('gives the same answers from its JSON form, and tells what is wrong with a broken one', () => {
    const index = createEngineIndex(docs.map(engineDocument));
    const json = JSON.parse(JSON.stringify(engineIndexJSON(index))) as { fields: Record<string, { gaps: number[] }> };
    const loaded = loadEngineIndex(json);
    for (const q of ['carte', 'open street', 'peertub', 'libre', 'vidéo']) expect(found(loaded, q), q).toEqual(found(index, q));
    // The matched terms, for highlighting: the word as written and its French stem (marked "<") in the description.
    expect(found(index, 'carte')).toEqual([{ id: 0, score: 1, evidence: 1, terms: ['<cart', 'carte'] }]);
    expect(() => loadEngineIndex({})).toThrow('search index: not an index');
    expect(() => loadEngineIndex({ ...json, fields: { ...json.fields, desc: undefined } })).toThrow('the field "desc" is missing');
    json.fields.name.gaps.pop();
    expect(() => loadEngineIndex(json)).toThrow(/the field "name" has \d+ postings for \d+ counted/);
  });

  it('refuses to read the matches of a search once another search has reused its arrays', () => {
    const index = createEngineIndex(docs.map(engineDocument));
    const before = searchEngine([index], analyseQuery('carte'));
    expect(before.terms(0)).toContain('carte');
    searchEngine([index], analyseQuery('peertube'));
    expect(() => before.terms(0)).toThrow('matches read after the next search');
  });

  it('keeps documents in disjoint shards apart, whatever their ids', () => {
    const themed = doc('themed', { themes: [{ text: 'Cartographie', lang: 'fr' }] });
    const [a, b] = [createEngineIndex([engineDocument(docs[0], 0)]), createEngineIndex([engineDocument(themed, 5)])];
    const m = searchEngine([a, b], analyseQuery('cart'));
    expect([...m.ids]).toEqual([0, 5]);
    expect(m.score[0]).toBeCloseTo(0.8); // the beginning of "carte" in a description
    expect(m.score[5]).toBe(8); // the beginning of "Cartographie" in a theme
  });

  it('puts any page of the hits in the order a full sort gives, ties included', () => {
    const ids = Array.from({ length: 500 }, (_, i) => i);
    const key = ids.map((i) => (i * 7919) % 13); // many ties, broken by the id
    const compare = (a: number, b: number) => key[a] - key[b] || a - b;
    const sorted = [...ids].sort(compare);
    for (const [from, to] of [[0, 20], [20, 40], [480, 500], [490, 520], [0, 500], [5, 5]]) expect(bestOf(ids, compare, from, to), `${from}–${to}`).toEqual(sorted.slice(from, to));
    expect(bestOf(Int32Array.from(ids), compare, 0, 3)).toEqual(sorted.slice(0, 3));
    expect(rankBy(['b', 'a', 'b'])).toEqual(Int32Array.from([1, 0, 2]));
  });
});

describe('search engine: facet counts', () => {
  // 300 documents; values from one held by nearly all (a bitset) to some held by a handful (a list of ids).
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const facets = ['a', 'b', 'c'] as const;
  const held = Array.from({ length: 300 }, () => Object.fromEntries(facets.map((f) => [f, ['common', 'half', 'rare', 'rarer'].filter((_, i) => random() < [0.9, 0.5, 0.05, 0.01][i]).map((v) => `${f}-${v}`)])) as Record<(typeof facets)[number], string[]>);
  const ids = held.map((_, i) => i);
  const table = facetTable(ids, facets, (doc, f) => held[doc][f]);

  /** What the counts mean, computed the slow and obvious way. */
  function expected(candidates: number[], filters: Partial<Record<(typeof facets)[number], string[]>>) {
    const passes = (doc: number, except?: string) => facets.every((f) => f === except || !filters[f]?.length || held[doc][f].some((v) => filters[f]!.includes(v)));
    const counts = Object.fromEntries(
      facets.map((f) => {
        const out = new Map<string, number>();
        for (const doc of candidates.filter((d) => passes(d, f))) for (const v of held[doc][f]) out.set(v, (out.get(v) ?? 0) + 1);
        return [f, [...out].sort()];
      }),
    );
    return { matching: candidates.filter((d) => passes(d)), counts };
  }

  it('filters and counts as the definition says, for common and rare values alike, keeping the candidates in order', () => {
    const some = ids.filter((i) => i % 3 !== 0).reverse();
    for (const candidates of [ids, some, [5, 250, 17]]) {
      for (const filters of [{}, { a: ['a-half'] }, { a: ['a-rare', 'a-rarer'] }, { a: ['a-half'], b: ['b-rare'] }, { a: ['a-common'], b: ['b-half'], c: ['c-rarer', 'unknown'] }]) {
        const got = table.filterAndCount(candidates, filters);
        expect({ matching: got.matching, counts: Object.fromEntries(facets.map((f) => [f, [...got.counts[f]].sort()])) }, JSON.stringify(filters)).toEqual(expected(candidates, filters));
      }
    }
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
