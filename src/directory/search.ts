// **search** is a list index built once per graph (the commons, the organisations, the services, the projects):
// the engine of search-engine.ts (stemming, typos, compound names, ranking in tiers) for the words, and here the
// facet values of each document, their counts and paging. A query is a few index lookups and one pass over the
// matching documents, never a scan of the graph; only the page shown is put in order.
// Each list names its own facets; without them, the commons' facets apply.
import { analyseQuery, engineIndexSteps, facetTable, MAX_QUERY, pageOf, rankBy, searchEngine, type EngineDocument, type EngineIndex } from './search-engine.js';
import { mapSteps, runToEnd, type Steps } from './slices.js';

export { fold, words, MAX_QUERY } from './search-engine.js';

export const FACETS = ['theme', 'licence', 'type', 'territory', 'skill'] as const;
export type FacetName = (typeof FACETS)[number];
/** The organisations' facets: their type (org:classification), territory and skills. */
export const ACTOR_FACETS = ['type', 'territory', 'skill'] as const;
export type ActorFacetName = (typeof ACTOR_FACETS)[number];
/** The services' and projects' facets: their themes and territories. */
export const WORK_FACETS = ['theme', 'territory'] as const;
export type WorkFacetName = (typeof WORK_FACETS)[number];

export interface SearchQuery<F extends string = FacetName> {
  q: string;
  filters: Record<F, string[]>;
  /** 1-based. */
  page: number;
  /** The query as typed was longer than MAX_QUERY characters: `q` holds its beginning, and the page says so. */
  tooLong?: boolean;
}

/** A text in a language (`lang` absent: any language, stemmed both ways). */
export interface LangText {
  text: string;
  lang?: string;
}

export interface SearchDocument<F extends string = FacetName> {
  iri: string;
  /** Name and alternate names, in every language: a match here ranks first. */
  names: string[];
  /** Labels and alternate labels of its concepts (themes; for organisations, types and skills; territories). */
  themes: Array<string | LangText>;
  descriptions: Array<string | LangText>;
  /** Sort key when the query has no words, and the last tie-breaker. */
  sortKey: string;
  facets: Record<F, string[]>;
}

export interface SearchResult<F extends string = FacetName> {
  total: number;
  page: number;
  pages: number;
  /** The documents of the requested page, best first. */
  hits: Array<SearchDocument<F>>;
  /** For each hit, the index terms it matched (folded words and stems), to highlight them. */
  matched: Array<ReadonlySet<string>>;
  /** Per facet, value → number of matching documents if that value were added to the other facets' filters. */
  counts: Record<F, Map<string, number>>;
  /** Some of the query was left out (too many characters or words). */
  truncated: boolean;
}

export interface SearchIndex<F extends string = FacetName> {
  readonly facets: readonly F[];
  search(query: SearchQuery<F>): SearchResult<F>;
  /** Every facet value that occurs, per facet. */
  values(facet: F): readonly string[];
  /** The documents, in index order (an engine document's id is its position here). */
  readonly documents: ReadonlyArray<SearchDocument<F>>;
}

export const PAGE_SIZE = 20;

/** Reads a query from URL parameters (Express's req.query or URLSearchParams); unknown values are kept and simply match nothing. */
export function parseSearchQuery<F extends string = FacetName>(params: URLSearchParams | Record<string, unknown>, facets: readonly F[] = FACETS as readonly string[] as F[]): SearchQuery<F> {
  const all = (key: string, max = 200): string[] => {
    const raw = params instanceof URLSearchParams ? params.getAll(key) : params[key];
    const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return [...new Set(list.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= max))];
  };
  const filters = perFacet(facets, all);
  const page = Number(all('page')[0] ?? 1);
  // A long query is cut, never dropped: the page shows what was searched and says the rest was left out.
  const typed = all('q', Infinity)[0] ?? '';
  const tooLong = typed.length > MAX_QUERY;
  const q = tooLong ? typed.slice(0, MAX_QUERY).replace(/\s*[\p{L}\p{N}]*$/u, '') : typed;
  return { q, filters, page: Number.isInteger(page) && page > 0 ? page : 1, ...(tooLong ? { tooLong } : {}) };
}

/** A record with one entry per facet. */
export function perFacet<F extends string, T>(facets: readonly F[], value: (facet: F) => T): Record<F, T> {
  return Object.fromEntries(facets.map((f) => [f, value(f)])) as Record<F, T>;
}

/** The texts of a language, with those in no language or another (an Italian description) in both. */
const inLang = (texts: Array<string | LangText>, lang: string) =>
  texts
    .map((t) => (typeof t === 'string' ? { text: t } : t))
    .filter((t) => !t.lang || !/^(fr|en)\b/i.test(t.lang) || t.lang.toLowerCase().split('-')[0] === lang)
    .map((t) => t.text)
    .join('\n');

/** What the engine indexes of a list document: its `id` is its position in the list. */
export function engineDocument(d: SearchDocument<string>, id: number): EngineDocument {
  return { id, name: d.names.join('\n'), themeFr: inLang(d.themes, 'fr'), themeEn: inLang(d.themes, 'en'), descFr: inLang(d.descriptions, 'fr'), descEn: inLang(d.descriptions, 'en') };
}

export function buildSearchIndex<F extends string = FacetName>(documents: ReadonlyArray<SearchDocument<F>>, facets: readonly F[] = FACETS as readonly string[] as F[]): SearchIndex<F> {
  return runToEnd(searchIndexSteps(documents, facets));
}

/** buildSearchIndex in steps (see slices.ts): the engine's index is most of a directory's build. */
export function* searchIndexSteps<F extends string = FacetName>(documents: ReadonlyArray<SearchDocument<F>>, facets: readonly F[] = FACETS as readonly string[] as F[]): Steps<SearchIndex<F>> {
  const engine: EngineIndex = yield* engineIndexSteps(yield* mapSteps(documents, engineDocument));
  yield;
  const allValues = perFacet(facets, (f) => [...new Set(documents.flatMap((d) => d.facets[f]))].sort());
  const rank = rankBy(documents.map((d) => d.sortKey));
  const byName = documents.map((_, i) => i).sort((a, b) => rank[a] - rank[b]);
  const table = facetTable(byName, facets, (doc, facet) => documents[doc].facets[facet]);

  return {
    facets,
    documents,
    values: (facet) => allValues[facet],
    search(query) {
      const analysed = analyseQuery(query.q);
      const found = analysed.words.length ? searchEngine([engine], analysed) : undefined;
      // Without words, the list in name order: filtering keeps that order.
      const { matching, counts } = table.filterAndCount(found ? found.ids : byName, query.filters);
      const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
      const page = Math.min(query.page, pages);
      const shown = pageOf(matching, found, rank, (page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      return {
        total: matching.length,
        page,
        pages,
        hits: shown.map((i) => documents[i]),
        matched: shown.map((i) => new Set(found?.terms(i))),
        counts,
        truncated: analysed.truncated || Boolean(query.tooLong),
      };
    },
  };
}
