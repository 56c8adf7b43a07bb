// **search** is a list index built once per graph (the commons, the organisations): words of names, themes and
// descriptions (French and English), folded so that case and accents do not matter, and the facet values of
// each document. A query is a few map and binary-search lookups, never a scan of the graph.
// Each list names its own facets; without them, the commons' facets apply.

export const FACETS = ['theme', 'licence', 'type', 'territory', 'skill'] as const;
export type FacetName = (typeof FACETS)[number];
/** The organisations' facets: their type (org:classification), territory and skills. */
export const ACTOR_FACETS = ['type', 'territory', 'skill'] as const;
export type ActorFacetName = (typeof ACTOR_FACETS)[number];

export interface SearchQuery<F extends string = FacetName> {
  q: string;
  filters: Record<F, string[]>;
  /** 1-based. */
  page: number;
}

export interface SearchDocument<F extends string = FacetName> {
  iri: string;
  /** Name and alternate names, in every language: a match here ranks first. */
  names: string[];
  /** Theme labels (for organisations, type and skill labels): a match ranks between names and descriptions. */
  themes: string[];
  descriptions: string[];
  /** Sort key when the query has no words. */
  sortKey: string;
  facets: Record<F, string[]>;
}

export interface SearchResult<F extends string = FacetName> {
  total: number;
  page: number;
  pages: number;
  /** The documents of the requested page, best first. */
  hits: Array<SearchDocument<F>>;
  /** Per facet, value → number of matching documents if that value were added to the other facets' filters. */
  counts: Record<F, Map<string, number>>;
}

export interface SearchIndex<F extends string = FacetName> {
  readonly facets: readonly F[];
  search(query: SearchQuery<F>): SearchResult<F>;
  /** Every facet value that occurs, per facet. */
  values(facet: F): readonly string[];
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

/** Reads a query from URL parameters (Express's req.query or URLSearchParams); unknown values are kept and simply match nothing. */
export function parseSearchQuery<F extends string = FacetName>(params: URLSearchParams | Record<string, unknown>, facets: readonly F[] = FACETS as readonly string[] as F[]): SearchQuery<F> {
  const all = (key: string): string[] => {
    const raw = params instanceof URLSearchParams ? params.getAll(key) : params[key];
    const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return [...new Set(list.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200))];
  };
  const filters = perFacet(facets, all);
  const page = Number(all('page')[0] ?? 1);
  return { q: (all('q')[0] ?? '').slice(0, 200), filters, page: Number.isInteger(page) && page > 0 ? page : 1 };
}

/** A record with one entry per facet. */
export function perFacet<F extends string, T>(facets: readonly F[], value: (facet: F) => T): Record<F, T> {
  return Object.fromEntries(facets.map((f) => [f, value(f)])) as Record<F, T>;
}

export function buildSearchIndex<F extends string = FacetName>(documents: ReadonlyArray<SearchDocument<F>>, facets: readonly F[] = FACETS as readonly string[] as F[]): SearchIndex<F> {
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
  const facetSets = documents.map((d) => perFacet(facets, (f) => new Set(d.facets[f])));
  const allValues = perFacet(facets, (f) => [...new Set(documents.flatMap((d) => d.facets[f]))].sort());
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
    facets,
    values: (facet) => allValues[facet],
    search(query) {
      const active = facets.filter((f) => query.filters[f].length);
      // Within a facet the chosen values are alternatives; across facets they all apply.
      const passes = (doc: number, facet: F) => query.filters[facet].some((v) => facetSets[doc][facet].has(v));
      const candidates = textMatches(query.q);
      const counts = perFacet(facets, () => new Map<string, number>());
      const matching: number[] = [];
      for (const [doc] of candidates) {
        const failed = active.filter((f) => !passes(doc, f));
        if (!failed.length) matching.push(doc);
        // A facet's counts ignore its own filter, so that its other values say what choosing them would add.
        for (const facet of facets) {
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
