// **search-quality** scores the search against a relevance set: for each query, the entries that must be in
// the top 3 of its list. Recall@3 is the share of those entries found in the top 3; MRR is the mean, over
// queries, of 1 / the rank of the first expected entry (0 when none is in the results).
import type { Directory } from './directory.js';
import { parseSearchQuery, type SearchIndex } from './search.js';

export interface RelevanceQuery {
  list: 'commons' | 'actors' | 'services' | 'projects';
  q: string;
  /** Slugs (last IRI segment) of the entries that must be in the top 3. */
  top3: string[];
}

export interface QueryScore {
  query: RelevanceQuery;
  /** Slugs of the first results, best first. */
  got: string[];
  missing: string[];
  reciprocalRank: number;
}

export interface QualityReport {
  recallAt3: number;
  mrr: number;
  scores: QueryScore[];
}

const slug = (iri: string) => iri.slice(iri.lastIndexOf('/') + 1);

export function listIndex(directory: Directory, list: RelevanceQuery['list']): SearchIndex<string> {
  return ({ commons: directory.search, actors: directory.actorSearch, services: directory.serviceSearch, projects: directory.projectSearch })[list] as SearchIndex<string>;
}

export function scoreQuery(directory: Directory, query: RelevanceQuery): QueryScore {
  const index = listIndex(directory, query.list);
  const got = index.search(parseSearchQuery(new URLSearchParams({ q: query.q }), index.facets)).hits.map((h) => slug(h.iri));
  const first = got.findIndex((s) => query.top3.includes(s));
  return { query, got: got.slice(0, 10), missing: query.top3.filter((s) => !got.slice(0, 3).includes(s)), reciprocalRank: first < 0 ? 0 : 1 / (first + 1) };
}

export function measureQuality(directory: Directory, queries: readonly RelevanceQuery[]): QualityReport {
  const scores = queries.map((q) => scoreQuery(directory, q));
  const expected = queries.reduce((n, q) => n + q.top3.length, 0);
  const found = scores.reduce((n, s) => n + s.query.top3.length - s.missing.length, 0);
  return { recallAt3: expected ? found / expected : 1, mrr: scores.reduce((n, s) => n + s.reciprocalRank, 0) / Math.max(1, scores.length), scores };
}
