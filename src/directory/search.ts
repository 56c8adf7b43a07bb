// **search** is the commons index built once per graph: words of names, themes and descriptions (French and
// English), folded so that case and accents do not matter, and the facet values of each commons.
// A query is a few map and binary-search lookups, never a scan of the graph.

export const FACETS = ['theme', 'licence', 'type', 'territory', 'skill'] as const;
export type FacetName = (typeof FACETS)[number];

export interface SearchQuery {
  q: string;
  filters: Record<FacetName, string[]>;
  /** 1-based. */
  page: number;
}

export interface SearchDocument {
  iri: string;
  /** Name and alternate names, in every language: a match here ranks first. */
  names: string[];
  /** Theme labels: a match ranks between names and descriptions. */
  themes: string[];
  descriptions: string[];
  /** Sort key when the query has no words. */
  sortKey: string;
  facets: Record<FacetName, string[]>;
}

export interface SearchResult {
  total: number;
  page: number;
  pages: number;
  /** The documents of the requested page, best first. */
  hits: SearchDocument[];
  /** Per facet, value → number of matching commons if that value were added to the other facets' filters. */
  counts: Record<FacetName, Map<string, number>>;
}

export interface SearchIndex {
  search(query: SearchQuery): SearchResult;
  /** Every facet value that occurs, per facet. */
  values(facet: FacetName): readonly string[];
}

export const PAGE_SIZE = 20;
const WEIGHT = { name: 100, theme: 10, description: 1 };

/** Lower case, without accents or ligatures: "Données" and "donnees" are the same word. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

export function words(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function emptyFilters(): Record<FacetName, string[]> {
  return { theme: [], licence: [], type: [], territory: [], skill: [] };
}

/** Reads a query from URL parameters (Express's req.query or URLSearchParams); unknown values are kept and simply match nothing. */
export function parseSearchQuery(params: URLSearchParams | Record<string, unknown>): SearchQuery {
  const all = (key: string): string[] => {
    const raw = params instanceof URLSearchParams ? params.getAll(key) : params[key];
    const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return [...new Set(list.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200))];
  };
  const filters = emptyFilters();
  for (const facet of FACETS) filters[facet] = all(facet);
  const page = Number(all('page')[0] ?? 1);
  return { q: (all('q')[0] ?? '').slice(0, 200), filters, page: Number.isInteger(page) && page > 0 ? page : 1 };
}

export function buildSearchIndex(documents: readonly SearchDocument[]): SearchIndex {
  const postings = new Map<string, Map<number, number>>();
  const add = (word: string, doc: number, weight: number) => {
    let posting = postings.get(word);
    if (!posting) postings.set(word, (posting = new Map()));
    if ((posting.get(doc) ?? 0) < weight) posting.set(doc, weight);
  };
  documents.forEach((d, i) => {
    for (const text of d.descriptions) for (const w of words(text)) add(w, i, WEIGHT.description);
    for (const text of d.themes) for (const w of words(text)) add(w, i, WEIGHT.theme);
    for (const text of d.names) for (const w of words(text)) add(w, i, WEIGHT.name);
  });
  const vocabulary = [...postings.keys()].sort();
  const facetSets = documents.map((d) => Object.fromEntries(FACETS.map((f) => [f, new Set(d.facets[f])])) as Record<FacetName, Set<string>>);
  const allValues = Object.fromEntries(FACETS.map((f) => [f, [...new Set(documents.flatMap((d) => d.facets[f]))].sort()])) as Record<FacetName, string[]>;
  const byName = documents.map((_, i) => i).sort((a, b) => (documents[a].sortKey < documents[b].sortKey ? -1 : documents[a].sortKey > documents[b].sortKey ? 1 : 0));

  /** Documents containing a word that starts with `term`, with the best weight of such a word. */
  function matchTerm(term: string): Map<number, number> {
    const found = new Map<number, number>();
    let lo = 0;
    let hi = vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (vocabulary[mid] < term) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < vocabulary.length && vocabulary[i].startsWith(term); i++) {
      for (const [doc, weight] of postings.get(vocabulary[i])!) if ((found.get(doc) ?? 0) < weight) found.set(doc, weight);
    }
    return found;
  }

  function textMatches(q: string): Array<[number, number]> {
    const terms = [...new Set(words(q))];
    if (!terms.length) return byName.map((i) => [i, 0]);
    let scores: Map<number, number> | undefined;
    for (const term of terms) {
      const found = matchTerm(term);
      if (!scores) scores = found;
      else {
        const next = new Map<number, number>();
        for (const [doc, score] of scores) {
          const weight = found.get(doc);
          if (weight !== undefined) next.set(doc, score + weight);
        }
        scores = next;
      }
    }
    return [...scores!].sort((a, b) => b[1] - a[1] || (documents[a[0]].sortKey < documents[b[0]].sortKey ? -1 : 1));
  }

  return {
    values: (facet) => allValues[facet],
    search(query) {
      const active = FACETS.filter((f) => query.filters[f].length);
      // Within a facet the chosen values are alternatives; across facets they all apply.
      const passes = (doc: number, facet: FacetName) => query.filters[facet].some((v) => facetSets[doc][facet].has(v));
      const candidates = textMatches(query.q);
      const counts = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<FacetName, Map<string, number>>;
      const matching: number[] = [];
      for (const [doc] of candidates) {
        const failed = active.filter((f) => !passes(doc, f));
        if (!failed.length) matching.push(doc);
        // A facet's counts ignore its own filter, so that its other values say what choosing them would add.
        for (const facet of FACETS) {
          if (failed.length > 1 || (failed.length === 1 && failed[0] !== facet)) continue;
          for (const value of facetSets[doc][facet]) counts[facet].set(value, (counts[facet].get(value) ?? 0) + 1);
        }
      }
      const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
      const page = Math.min(query.page, pages);
      return {
        total: matching.length,
        page,
        pages,
        hits: matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((i) => documents[i]),
        counts,
      };
    },
  };
}
