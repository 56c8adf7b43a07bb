// **search-engine** is the one search engine of the live site and of the static copy: the same analyser, the
// same MiniSearch index options, the same query and the same ranking, run by the server and bundled for the
// browser (src/browser/search.ts). It imports nothing from Node, so that the bundle is this file as it is.
//
// MiniSearch (not our code) keeps the inverted index: a radix tree with prefix and bounded fuzzy lookups, and a
// JSON form that loads in a browser. The stemmers are Snowball's French and Porter's English from @orama/stemmers
// (one small file per language). What is ours: folding, elision, stop words, compound names, and a ranking in
// tiers that MiniSearch's BM25 cannot promise (name > theme > description, exact > prefix > stem > fuzzy), which
// unlike BM25 does not depend on the other documents, so that the static copy's shards rank as the live index.
import MiniSearch, { type Options, type Query, type SearchResult as MiniResult } from 'minisearch';
import { stemmer as stemFr } from '@orama/stemmers/french';
import { stemmer as stemEn } from '@orama/stemmers/english';
import { runToEnd, type Steps } from './slices.js';

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

type Field = 'name' | 'nameStem' | 'theme' | 'themeStem' | 'desc' | 'descStem';
const FIELDS: Field[] = ['name', 'nameStem', 'theme', 'themeStem', 'desc', 'descStem'];
/** Fields holding the folded words as written, matched exactly, by prefix or fuzzily. */
const PLAIN: Field[] = ['name', 'theme', 'desc'];
const GROUP: Record<Field, 'name' | 'theme' | 'desc'> = {
  name: 'name', nameStem: 'name', theme: 'theme', themeStem: 'theme', desc: 'desc', descStem: 'desc',
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

/**
 * A function of one word, remembered: indexing a directory folds and stems its words millions of times, but
 * they are drawn from a vocabulary of a few tens of thousands. Forgotten past `max` words, to stay bounded.
 */
function remembered(f: (word: string) => string, max = 200_000): (word: string) => string {
  let memo = new Map<string, string>();
  return (word) => {
    let out = memo.get(word);
    if (out === undefined) {
      if (memo.size >= max) memo = new Map();
      memo.set(word, (out = f(word)));
    }
    return out;
  };
}

const foldText = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae');
const foldWord = remembered(foldText);
const stemFrWord = remembered(stemFr);
const stemEnWord = remembered(stemEn);

/** Lower case, without accents or ligatures: "Données" and "donnees" are the same word. */
export function fold(text: string): string {
  // Words repeat, whole texts rarely do.
  return text.length <= 32 ? foldWord(text) : foldText(text);
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
  return { fr: stemFrWord(folded), en: stemEnWord(folded) };
}

// Stems are stored marked, French "<" and English ">": MiniSearch merges the match information of sub-queries
// by term, so a stem equal to a plain word ("scop") would otherwise hide in which field the word matched; and
// one stemmed field per kind of text holds both languages, each word stemmed in its own language.
const FR = '<';
const EN = '>';
/** Separates the French and the English text of a stemmed field (see extractField). */
const LANG_BREAK = '\u0001';

/**
 * Index-time tokens: every word, and for names each part of a compound ("OpenStreetMap" also gives open,
 * street, map) and the whole name run together ("data.gouv.fr" also gives datagouvfr), so that split and joined
 * spellings both find it. Case is kept here for the compound split; processTerm folds. Words of the stemmed
 * theme and description fields come marked with their language.
 */
function tokenize(text: string, field?: string): string[] {
  if (field === 'themeStem' || field === 'descStem') {
    const [fr = '', en = ''] = text.split(LANG_BREAK);
    return [...rawWords(fr).map((w) => FR + w), ...rawWords(en).map((w) => EN + w)];
  }
  const list = rawWords(text);
  if (field !== 'name' && field !== 'nameStem') return list;
  const out = [...list, ...list.flatMap(parts)];
  for (const name of text.split('\n')) {
    const joined = (name.match(WORD) ?? []).join('');
    if (joined && !list.includes(joined)) out.push(joined);
  }
  return out;
}

function processTerm(term: string, field?: string): string | string[] | null {
  if (field === 'themeStem' || field === 'descStem') {
    const folded = fold(term.slice(1));
    if (!keep(folded)) return null;
    return term[0] === FR ? FR + stemFrWord(folded) : EN + stemEnWord(folded);
  }
  const folded = fold(term);
  if (!keep(folded)) return null;
  if (field === 'nameStem') return [FR + stemFrWord(folded), EN + stemEnWord(folded)];
  return folded;
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
    case 'themeStem':
      return `${doc.themeFr}${LANG_BREAK}${doc.themeEn}`;
    case 'descStem':
      return `${doc.descFr}${LANG_BREAK}${doc.descEn}`;
    default:
      // The id field.
      return (doc as unknown as Record<string, string>)[field];
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

export function createEngineIndex(documents: readonly EngineDocument[]): MiniSearch<EngineDocument> {
  return runToEnd(engineIndexSteps(documents));
}

/** createEngineIndex in steps, a pause allowed every few documents (see slices.ts). */
export function* engineIndexSteps(documents: readonly EngineDocument[]): Steps<MiniSearch<EngineDocument>> {
  const index = new MiniSearch<EngineDocument>(ENGINE_OPTIONS);
  for (let i = 0; i < documents.length; i++) {
    if (i % 32 === 31) yield;
    index.add(documents[i]);
  }
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
    { queries: [FR + w.fr, EN + w.en], fields: ['nameStem', 'themeStem', 'descStem'] },
  ];
  return { combineWith: 'OR', queries };
}

/** A document's score and the index terms it matched (for highlighting). */
export interface EngineHit {
  id: number;
  score: number;
  /** Breaks ties within a tier: how many field groups each word matched in, and how well. */
  evidence: number;
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
  if (!field.endsWith('Stem')) {
    if (term === w.word) return 'exact';
    if (term.startsWith(w.word) || (joined && field === 'name' && term.startsWith(joined))) return 'prefix';
    if (fuzzy && w.edits && withinEdits(term, w.word, w.edits)) return 'fuzzy';
    return undefined;
  }
  return term === FR + w.fr || term === EN + w.en ? 'stem' : undefined;
}

/**
 * The tiered score of a MiniSearch result: per query word, its best (field group, match kind); and the
 * evidence that breaks ties within a tier: per query word, the best match in each field group, added up (a word
 * found in the theme and the description beats one found in the theme only). Both depend on the document and
 * the query alone, never on the other documents of the index, so a static copy split in shards ranks exactly
 * as the live index.
 */
function tierScore(result: MiniResult, query: AnalysedQuery, weights: TermWeights): { score: number; evidence: number } {
  let score = 0;
  let evidence = 0;
  for (let i = 0; i < query.words.length; i++) {
    let name = 0;
    let theme = 0;
    let desc = 0;
    for (const term in result.match) {
      const perField = weights(term, i);
      for (const field of result.match[term] as Field[]) {
        const weight = perField[field];
        if (!weight) continue;
        const group = GROUP[field];
        if (group === 'name') name = Math.max(name, weight);
        else if (group === 'theme') theme = Math.max(theme, weight);
        else desc = Math.max(desc, weight);
      }
    }
    score += Math.max(name, theme, desc);
    evidence += name + theme + desc;
  }
  return { score, evidence };
}

/** What a matched index term is worth to a query word in each field: (term, word) → field → weight. */
type TermWeights = (term: string, word: number) => Partial<Record<Field, number>>;

/**
 * The weights depend on the term, the field and the query word, never on the document: worked out once per
 * query for each term, where thousands of documents share a few dozen terms.
 */
function termWeights(query: AnalysedQuery, fuzzy: boolean[]): TermWeights {
  const memo = query.words.map(() => new Map<string, Partial<Record<Field, number>>>());
  return (term, i) => {
    let perField = memo[i].get(term);
    if (!perField) {
      perField = {};
      for (const field of FIELDS) {
        const kind = kindOf(term, field, query.words[i], query.joined, fuzzy[i]);
        if (kind) perField[field] = GROUP_WEIGHT[GROUP[field]] * KIND_WEIGHT[kind];
      }
      memo[i].set(term, perField);
    }
    return perField;
  };
}

/**
 * Searches one or several indexes (the static copy's shards) and returns every match with its tiered score.
 * Every word must match (or the words run together must start a name). A word is searched with typo tolerance
 * only when, as written, it matches nothing in any index: a real word is never drowned by its near-misses, and
 * facet counts stay honest. Since a word that matches nothing empties the whole query, the words are looked at
 * one by one only when the query as written finds nothing, so that most queries cost one search per index.
 */
export function searchEngine(indexes: ReadonlyArray<MiniSearch<EngineDocument>>, query: AnalysedQuery): EngineHit[] {
  if (!query.words.length) return [];
  const tree = (fuzzy: boolean[]): Query => {
    const all: Query = { combineWith: 'AND', queries: query.words.map((w, i) => wordQuery(w, fuzzy[i])) };
    return query.joined ? { combineWith: 'OR', queries: [all, { queries: [query.joined], fields: ['name'], prefix: true }] } : all;
  };
  const run = (fuzzy: boolean[]) => {
    const hits: EngineHit[] = [];
    const weights = termWeights(query, fuzzy);
    for (const index of indexes) {
      for (const result of index.search(tree(fuzzy))) {
        const { score, evidence } = tierScore(result, query, weights);
        hits.push({ id: result.id as number, score, evidence, terms: result.terms });
      }
    }
    return hits;
  };
  const exact = query.words.map(() => false);
  const hits = run(exact);
  if (hits.length) return hits;
  const fuzzy = query.words.map((w) => w.edits > 0 && indexes.every((index) => index.search(wordQuery(w, false)).length === 0));
  return fuzzy.some(Boolean) ? run(fuzzy) : hits;
}

/** Best first: the tiers, then the evidence, then the caller's stable order (`rank[id]`: position by sort key). */
export function compareHits(a: EngineHit, b: EngineHit, rank: ArrayLike<number>): number {
  return b.score - a.score || b.evidence - a.evidence || rank[a.id] - rank[b.id];
}

/** Positions of documents by their sort keys (`rank[id]`), for compareHits and for listing without words. */
export function rankBy(keys: ReadonlyMap<number, string> | readonly string[]): Int32Array {
  const entries: Array<[number, string]> = Array.isArray(keys) ? keys.map((k, i): [number, string] => [i, k]) : [...(keys as ReadonlyMap<number, string>)];
  entries.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] - b[0]));
  const rank = new Int32Array(entries.reduce((n, [id]) => Math.max(n, id + 1), 0));
  entries.forEach(([id], i) => (rank[id] = i));
  return rank;
}

/** The facet values of every document, as small integers, read once: filtering and counting then touch no strings. */
export interface FacetTable<F extends string> {
  /**
   * Keeps the candidates (in their order) that pass the filters and counts the facet values: within a facet the
   * chosen values are alternatives, across facets they all apply; a facet's counts ignore its own filter, so that
   * its other values say what choosing them would add. One pass over the candidates.
   */
  filterAndCount(candidates: readonly number[], filters: Partial<Record<F, readonly string[]>>): { matching: number[]; counts: Record<F, Map<string, number>> };
}

export function facetTable<F extends string>(ids: readonly number[], facets: readonly F[], valuesOf: (doc: number, facet: F) => readonly string[]): FacetTable<F> {
  const size = ids.reduce((n, id) => Math.max(n, id + 1), 0);
  const table = facets.map((facet) => {
    const index = new Map<string, number>();
    const intern = (v: string) => {
      let i = index.get(v);
      if (i === undefined) index.set(v, (i = index.size));
      return i;
    };
    const perDoc = new Array<number[] | undefined>(size);
    for (const id of ids) perDoc[id] = [...new Set(valuesOf(id, facet))].map(intern);
    const start = new Int32Array(size + 1);
    for (let id = 0; id < size; id++) start[id + 1] = start[id] + (perDoc[id]?.length ?? 0);
    const values = new Int32Array(start[size]);
    for (let id = 0; id < size; id++) perDoc[id]?.forEach((v, j) => (values[start[id] + j] = v));
    return { facet, index, names: [...index.keys()], start, values };
  });
  return {
    filterAndCount(candidates, filters) {
      const chosen = table.map((t) => {
        const wanted = filters[t.facet] ?? [];
        if (!wanted.length) return undefined;
        const flags = new Uint8Array(t.names.length);
        for (const v of wanted) {
          const i = t.index.get(v);
          if (i !== undefined) flags[i] = 1;
        }
        return flags;
      });
      const counts = table.map((t) => new Int32Array(t.names.length));
      const matching: number[] = [];
      const passes = (doc: number, f: number) => {
        const { start, values } = table[f];
        for (let j = start[doc]; j < start[doc + 1]; j++) if (chosen[f]![values[j]]) return true;
        return false;
      };
      for (const doc of candidates) {
        // The one facet it fails (counted for that facet alone), or none; failing two, it counts nowhere.
        let failed = -1;
        let failures = 0;
        for (let f = 0; f < table.length && failures < 2; f++) if (chosen[f] && !passes(doc, f) && ++failures === 1) failed = f;
        if (failures > 1) continue;
        if (!failures) matching.push(doc);
        for (let f = 0; f < table.length; f++) {
          if (failures && failed !== f) continue;
          const { start, values } = table[f];
          for (let j = start[doc]; j < start[doc + 1]; j++) counts[f][values[j]]++;
        }
      }
      const byFacet = Object.fromEntries(table.map((t, f) => [t.facet, new Map(t.names.flatMap((name, i): Array<[string, number]> => (counts[f][i] ? [[name, counts[f][i]]] : [])))]));
      return { matching, counts: byFacet as Record<F, Map<string, number>> };
    },
  };
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
