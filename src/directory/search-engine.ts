// **search-engine** is the one search engine of the live site and of the static copy: the same analyser, the
// same MiniSearch index options, the same query and the same ranking, run by the server and bundled for the
// browser (src/browser/search.ts). It imports nothing from Node, so that the bundle is this file as it is.
//
// MiniSearch (not our code) keeps the inverted index: a radix tree with prefix and bounded fuzzy lookups, and a
// JSON form that loads in a browser. The stemmers are Snowball's French and Porter's English from @orama/stemmers
// (one small file per language). What is ours: folding, elision, stop words, compound names, and a ranking in
// tiers that MiniSearch's BM25 alone cannot promise (name > theme > description, exact > prefix > stem > fuzzy).
import MiniSearch, { type Options, type Query, type SearchResult as MiniResult } from 'minisearch';
import { stemmer as stemFr } from '@orama/stemmers/french';
import { stemmer as stemEn } from '@orama/stemmers/english';

/** What the engine indexes of one entry; `themes` holds the labels and alternate labels of its concepts. */
export interface EngineDocument {
  id: number;
  /** Names and alternate names, in any language. */
  name: string;
  /** Concept labels (themes, types, skills, territories) with their alternate labels, per language. */
  themeFr: string;
  themeEn: string;
  descFr: string;
  descEn: string;
}

/** Longest query read, in characters; longer ones are cut at a word boundary and the page says so. */
export const MAX_QUERY = 200;
/** Words a query may have: more would only slow the search down without making it more precise. */
export const MAX_WORDS = 8;

type Field = 'name' | 'nameStem' | 'theme' | 'themeFr' | 'themeEn' | 'desc' | 'descFr' | 'descEn';
const FIELDS: Field[] = ['name', 'nameStem', 'theme', 'themeFr', 'themeEn', 'desc', 'descFr', 'descEn'];
/** Fields holding the folded words as written, matched exactly, by prefix or fuzzily. */
const PLAIN: Field[] = ['name', 'theme', 'desc'];
const GROUP: Record<Field, 'name' | 'theme' | 'desc'> = {
  name: 'name', nameStem: 'name', theme: 'theme', themeFr: 'theme', themeEn: 'theme', desc: 'desc', descFr: 'desc', descEn: 'desc',
};
/** The ranking's tiers: any name match outweighs any theme match, which outweighs any description match … */
const GROUP_WEIGHT = { name: 100, theme: 10, desc: 1 };
/** … and within a field, exact > prefix > stem, with fuzzy far below all of them (a typo never beats a real word). */
const KIND_WEIGHT = { exact: 1, prefix: 0.8, stem: 0.6, fuzzy: 0.001 };
export type MatchKind = keyof typeof KIND_WEIGHT;

// Function words that would match nearly every entry. Short on purpose: a word missing here only costs precision.
const STOP_WORDS = new Set(
  ('a an and are as at be by for from in into is it of on or the this that to with ' +
    'au aux avec ce ces cet cette dans de des du elle en et est il ils la le les leur leurs ou par pas pour qu que qui sa se ses son sur un une vos votre nos notre').split(' '),
);

/** Lower case, without accents or ligatures: "Données" and "donnees" are the same word. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

const WORD = /[\p{L}\p{N}]+/gu;
/** French elided articles and pronouns before an apostrophe: "l'accès", "d’autonomie", "qu'on". */
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]/i;

/** The words of a text as written (case kept), elided articles removed. */
function rawWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}'’]+/gu) ?? []).flatMap((chunk) => chunk.replace(ELISION, '').match(WORD) ?? []);
}

/** The parts of a compound name: "OpenStreetMap" → Open, Street, Map; "data.gouv.fr" is already split. */
function parts(word: string): string[] {
  const found = word.match(/\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{N}+/gu) ?? [];
  return found.length > 1 ? found : [];
}

function keep(word: string): boolean {
  return word.length > 1 && !STOP_WORDS.has(word);
}

/** Folded words of a text, without stop words. */
export function words(text: string): string[] {
  return rawWords(text).map(fold).filter(keep);
}

/**
 * The French and English stems of a word, stemmed once folded: people type "donnees" as often as "données", and
 * Snowball gives them different stems ("donne", "don"), so the stemmer only ever sees the folded form.
 */
export function stems(word: string): { fr: string; en: string } {
  const folded = fold(word);
  return { fr: stemFr(folded), en: stemEn(folded) };
}

/**
 * Index-time tokens: every word, and for names each part of a compound ("OpenStreetMap" also gives open,
 * street, map) and the whole name run together ("data.gouv.fr" also gives datagouvfr), so that split and joined
 * spellings both find it. Case is kept here for the compound split; processTerm folds.
 */
function tokenize(text: string, field?: string): string[] {
  const list = rawWords(text);
  if (field !== 'name' && field !== 'nameStem') return list;
  const out = [...list, ...list.flatMap(parts)];
  for (const name of text.split('\n')) {
    const joined = (name.match(WORD) ?? []).join('');
    if (joined && !list.includes(joined)) out.push(joined);
  }
  return out;
}

// Stems are stored marked, French "<" and English ">": MiniSearch merges the match information of sub-queries
// by term, so a stem equal to a plain word ("scop") would otherwise hide in which field the word matched.
const FR = '<';
const EN = '>';

function processTerm(term: string, field?: string): string | string[] | null {
  const folded = fold(term);
  if (!keep(folded)) return null;
  switch (field as Field) {
    case 'nameStem': {
      const s = stems(term);
      return [FR + s.fr, EN + s.en];
    }
    case 'themeFr':
    case 'descFr':
      return FR + stems(term).fr;
    case 'themeEn':
    case 'descEn':
      return EN + stems(term).en;
    default:
      return folded;
  }
}

/** The fields the index reads from a document: stemmed fields read the same text as their plain twins. */
function extractField(doc: EngineDocument, field: string): string {
  switch (field as Field) {
    case 'name':
    case 'nameStem':
      return doc.name;
    case 'theme':
      return `${doc.themeFr}\n${doc.themeEn}`;
    case 'desc':
      return `${doc.descFr}\n${doc.descEn}`;
    default:
      return (doc as unknown as Record<string, string>)[field] ?? '';
  }
}

/** The index options: the same for building (server) and for loading a serialised index (browser). */
export const ENGINE_OPTIONS: Options<EngineDocument> = {
  fields: FIELDS,
  idField: 'id',
  tokenize,
  processTerm,
  extractField: extractField as Options<EngineDocument>['extractField'],
  // Query words are analysed by analyseQuery; MiniSearch then takes them as they are.
  searchOptions: { tokenize: (s: string) => [s], processTerm: (t: string) => t },
};

export function createEngineIndex(documents: Iterable<EngineDocument>): MiniSearch<EngineDocument> {
  const index = new MiniSearch<EngineDocument>(ENGINE_OPTIONS);
  index.addAll([...documents]);
  return index;
}

/** A serialised index (the JSON of MiniSearch) back into a searchable index, with the same analyser. */
export function loadEngineIndex(json: string): MiniSearch<EngineDocument> {
  return MiniSearch.loadJSON<EngineDocument>(json, ENGINE_OPTIONS);
}

/** One analysed query word. */
interface QueryWord {
  word: string;
  fr: string;
  en: string;
  /** Edits allowed: 0 up to 3 letters, 1 for 4–7 letters, 2 beyond. */
  edits: number;
}

export interface AnalysedQuery {
  words: QueryWord[];
  /** The words run together, when there are several: "peer tube" also finds "Peertube". */
  joined?: string;
  /** Whether the query was cut to MAX_QUERY characters or MAX_WORDS words. */
  truncated: boolean;
}

export function analyseQuery(q: string): AnalysedQuery {
  let text = q;
  let truncated = false;
  if (text.length > MAX_QUERY) {
    truncated = true;
    text = text.slice(0, MAX_QUERY).replace(/[\p{L}\p{N}]+$/u, '');
  }
  const raw = rawWords(text).filter((w) => fold(w).length > 0);
  let kept = raw.filter((w) => keep(fold(w)));
  // A query made only of stop words ("the", "les") still means something: search them.
  if (!kept.length) kept = raw.filter((w) => fold(w).length > 1);
  const unique = [...new Set(kept.map((w) => w.toLowerCase()))];
  if (unique.length > MAX_WORDS) truncated = true;
  const list = unique.slice(0, MAX_WORDS).map((w): QueryWord => {
    const word = fold(w);
    const s = stems(w);
    return { word, fr: s.fr, en: s.en, edits: word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0 };
  });
  const joined = list.length > 1 ? list.map((w) => w.word).join('') : undefined;
  return { words: list, joined, truncated };
}

/** The MiniSearch query of one word: as written (prefix, optionally fuzzy) in plain fields, or as a stem. */
function wordQuery(w: QueryWord, fuzzy: boolean): Query {
  const queries: Query[] = [
    { queries: [w.word], fields: PLAIN, prefix: true, fuzzy: fuzzy && w.edits ? w.edits : false },
    { queries: [FR + w.fr, EN + w.en], fields: ['nameStem', 'themeFr', 'descFr', 'themeEn', 'descEn'] },
  ];
  return { combineWith: 'OR', queries };
}

/** A document's score and the index terms it matched (for highlighting). */
export interface EngineHit {
  id: number;
  score: number;
  /** MiniSearch's own BM25 score: breaks ties within a tier. */
  bm25: number;
  terms: string[];
}

/** Edit distance, giving up past `max` (words are short, and only fuzzy candidates get here). */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...row) > max) return false;
    previous = row;
  }
  return previous[b.length] <= max;
}

function kindOf(term: string, field: Field, w: QueryWord, joined: string | undefined, fuzzy: boolean): MatchKind | undefined {
  if (PLAIN.includes(field)) {
    if (term === w.word) return 'exact';
    if (term.startsWith(w.word) || (joined && field === 'name' && term.startsWith(joined))) return 'prefix';
    if (fuzzy && w.edits && withinEdits(term, w.word, w.edits)) return 'fuzzy';
    return undefined;
  }
  return term === FR + w.fr || term === EN + w.en ? 'stem' : undefined;
}

/** The tiered score of a MiniSearch result: per query word, its best (field group, match kind). */
function tierScore(result: MiniResult, query: AnalysedQuery, fuzzy: boolean[]): number {
  let total = 0;
  query.words.forEach((w, i) => {
    let best = 0;
    for (const [term, fields] of Object.entries(result.match)) {
      for (const field of fields as Field[]) {
        const kind = kindOf(term, field, w, query.joined, fuzzy[i]);
        if (kind) best = Math.max(best, GROUP_WEIGHT[GROUP[field]] * KIND_WEIGHT[kind]);
      }
    }
    total += best;
  });
  return total;
}

/**
 * Searches one or several indexes (the static copy's shards) and returns every match with its tiered score.
 * Every word must match. A word is searched with typo tolerance only when, as written, it matches nothing in
 * any index: a real word is never drowned by its near-misses, and facet counts stay honest.
 */
export function searchEngine(indexes: ReadonlyArray<MiniSearch<EngineDocument>>, query: AnalysedQuery): EngineHit[] {
  if (!query.words.length) return [];
  const fuzzy = query.words.map((w) => w.edits > 0 && indexes.every((index) => index.search(wordQuery(w, false)).length === 0));
  const all: Query = { combineWith: 'AND', queries: query.words.map((w, i) => wordQuery(w, fuzzy[i])) };
  const tree: Query = query.joined ? { combineWith: 'OR', queries: [all, { queries: [query.joined], fields: ['name'], prefix: true }] } : all;
  const hits: EngineHit[] = [];
  for (const index of indexes) {
    for (const result of index.search(tree)) {
      hits.push({ id: result.id as number, score: tierScore(result, query, fuzzy), bm25: result.score, terms: result.terms });
    }
  }
  return hits;
}

/** Best first: the tiers, then BM25, then the caller's stable key. */
export function compareHits(a: EngineHit, b: EngineHit, key: (id: number) => string): number {
  if (b.score !== a.score) return b.score - a.score;
  if (Math.abs(b.bm25 - a.bm25) > 1e-9) return b.bm25 - a.bm25;
  const ka = key(a.id);
  const kb = key(b.id);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Keeps the candidates (best first) that pass the facet filters and counts the facet values: within a facet the
 * chosen values are alternatives, across facets they all apply; a facet's counts ignore its own filter, so that
 * its other values say what choosing them would add. One pass over the candidates.
 */
export function filterAndCount<F extends string>(
  candidates: readonly number[],
  facets: readonly F[],
  valuesOf: (doc: number, facet: F) => readonly string[],
  filters: Record<F, readonly string[]>,
): { matching: number[]; counts: Record<F, Map<string, number>> } {
  const chosen = Object.fromEntries(facets.map((f) => [f, new Set(filters[f] ?? [])])) as Record<F, Set<string>>;
  const active = facets.filter((f) => chosen[f].size);
  const counts = Object.fromEntries(facets.map((f) => [f, new Map<string, number>()])) as Record<F, Map<string, number>>;
  const matching: number[] = [];
  for (const doc of candidates) {
    const failed = active.filter((f) => !valuesOf(doc, f).some((v) => chosen[f].has(v)));
    if (!failed.length) matching.push(doc);
    for (const facet of facets) {
      if (failed.length > 1 || (failed.length === 1 && failed[0] !== facet)) continue;
      for (const value of new Set(valuesOf(doc, facet))) counts[facet].set(value, (counts[facet].get(value) ?? 0) + 1);
    }
  }
  return { matching, counts };
}

/** A piece of text for a snippet: `mark` when it is one of the matched words. Templates escape `text`. */
export interface Segment {
  text: string;
  mark?: true;
}

/** Splits `text` into segments, marking the words whose folded form, parts or stems are among `terms`. */
export function highlight(text: string, terms: ReadonlySet<string>): Segment[] {
  if (!terms.size) return [{ text }];
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const folded = fold(word);
    const s = stems(word);
    const hit = terms.has(folded) || terms.has(FR + s.fr) || terms.has(EN + s.en) || parts(word).some((p) => terms.has(fold(p)));
    if (!hit) continue;
    if (match.index > last) out.push({ text: text.slice(last, match.index) });
    out.push({ text: word, mark: true });
    last = match.index + word.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** At most `max` characters of `text` around its first marked word, cut at word boundaries, with ellipses. */
export function snippet(segments: Segment[], max = 240): Segment[] {
  const total = segments.reduce((n, s) => n + s.text.length, 0);
  if (total <= max) return segments;
  let offset = 0;
  let first = 0;
  for (const s of segments) {
    if (s.mark) {
      first = offset;
      break;
    }
    offset += s.text.length;
  }
  const start = Math.max(0, Math.min(first - 60, total - max));
  const end = start + max;
  const out: Segment[] = [];
  let at = 0;
  for (const s of segments) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + s.text.length);
    if (from < to) out.push(s.mark ? s : { text: s.text.slice(from - at, to - at) });
    at += s.text.length;
  }
  if (start > 0 && out.length && !out[0].mark) out[0] = { text: `… ${out[0].text.replace(/^\S*\s*/, '')}` };
  const tail = out[out.length - 1];
  if (end < total && tail && !tail.mark) out[out.length - 1] = { text: `${tail.text.replace(/\s*\S*$/, '')} …` };
  return out;
}
