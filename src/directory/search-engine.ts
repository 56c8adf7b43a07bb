// **search-engine** is the one search engine of the live site and of the static copy: the same analyser, the
// same index, the same query and the same ranking, run by the server and bundled for the browser
// (src/browser/search.ts). It imports nothing from Node, so that the bundle is this file as it is.
//
// The index is ours: per field, the sorted terms and the ids of the documents holding each, in typed arrays,
// with prefix lookups by bisection and bounded typo lookups over the terms. The ranking it serves is in tiers
// (name > theme > description, exact > prefix > stem > fuzzy) and, unlike BM25, depends on the document and the
// query only, so that the static copy's shards rank as the live index; it needs no term frequencies, and a
// search reads only the postings of the terms its words match, into arrays the size of the list. (MiniSearch
// served here until a million-triple directory: scoring every posting with BM25 and one object per hit took
// 170 ms a search, and its radix tree with per-document frequencies most of a gigabyte.)
// The stemmers are Snowball's French and Porter's English from @orama/stemmers (one small file per language).
// What is ours besides: folding, elision, stop words, compound names.
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
/** Where a field's group sits in searchEngine's per-document triple of best weights. */
const GROUP_INDEX: Record<Field, number> = { name: 0, nameStem: 0, theme: 1, themeStem: 1, desc: 2, descStem: 2 };
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

// Stems are stored marked, French "<" and English ">", so that highlighting tells a stem from a plain word equal to
// it ("scop"); one stemmed field per kind of text holds both languages, each word stemmed in its own language.
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
function tokenize(text: string, field: Field): string[] {
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

function processTerm(term: string, field: Field): string | string[] | null {
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
function extractField(doc: EngineDocument, field: Field): string {
  switch (field) {
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
  }
}

/** The terms a field of a document gives the index, each once (tokenize, then processTerm). */
function fieldTerms(doc: EngineDocument, field: Field): Set<string> {
  const out = new Set<string>();
  for (const token of tokenize(extractField(doc, field), field)) {
    const term = processTerm(token, field);
    if (term === null) continue;
    if (typeof term === 'string') out.add(term);
    else for (const t of term) out.add(t);
  }
  return out;
}

/**
 * One field's inverted index: its terms in code-unit order (a prefix is a contiguous run, found by bisection)
 * and, for term `t`, the ids of the documents holding it in `docs[start[t]…start[t + 1]]`, ascending. Typed
 * arrays, not objects per posting: a million-triple directory indexes in tens of megabytes.
 */
interface FieldPostings {
  terms: string[];
  start: Int32Array;
  docs: Int32Array;
}

/**
 * The engine's index of a list (or of one shard of it in the static copy). Our ranking needs to know only which
 * documents hold a term in which field: no term frequencies, no document lengths, so the index is a set of
 * postings per field, and a search touches only the postings of the terms its words match.
 */
export interface EngineIndex {
  readonly fields: Readonly<Record<Field, FieldPostings>>;
  /** One more than the largest document id (the size of the score arrays). */
  readonly end: number;
}

function pack(byTerm: Map<string, number[]>): FieldPostings {
  const terms = [...byTerm.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const start = new Int32Array(terms.length + 1);
  terms.forEach((t, i) => (start[i + 1] = start[i] + byTerm.get(t)!.length));
  const docs = new Int32Array(start[terms.length]);
  terms.forEach((t, i) => docs.set(byTerm.get(t)!.sort((a, b) => a - b), start[i]));
  return { terms, start, docs };
}

export function createEngineIndex(documents: readonly EngineDocument[]): EngineIndex {
  return runToEnd(engineIndexSteps(documents));
}

/** createEngineIndex in steps, a pause allowed every few documents (see slices.ts). */
export function* engineIndexSteps(documents: readonly EngineDocument[]): Steps<EngineIndex> {
  const byField = FIELDS.map(() => new Map<string, number[]>());
  let end = 0;
  for (let i = 0; i < documents.length; i++) {
    if (i % 32 === 31) yield;
    const doc = documents[i];
    end = Math.max(end, doc.id + 1);
    FIELDS.forEach((field, f) => {
      for (const term of fieldTerms(doc, field)) {
        const list = byField[f].get(term);
        if (list) list.push(doc.id);
        else byField[f].set(term, [doc.id]);
      }
    });
  }
  yield;
  return { fields: Object.fromEntries(FIELDS.map((field, f) => [field, pack(byField[f])])) as Record<Field, FieldPostings>, end };
}

/**
 * The index as JSON, for the static copy: per field its terms, how many documents hold each, and the ids as
 * gaps from the previous id of the same term (small numbers, which is what makes the shards small).
 */
export function engineIndexJSON(index: EngineIndex): unknown {
  const fields = Object.fromEntries(
    FIELDS.map((field) => {
      const { terms, start, docs } = index.fields[field];
      const counts: number[] = [];
      const gaps: number[] = [];
      for (let t = 0; t < terms.length; t++) {
        counts.push(start[t + 1] - start[t]);
        for (let j = start[t]; j < start[t + 1]; j++) gaps.push(j === start[t] ? docs[j] : docs[j] - docs[j - 1]);
      }
      return [field, { terms, counts, gaps }];
    }),
  );
  return { end: index.end, fields };
}

/** engineIndexJSON's form back into an index, checked, since the static copy's files can be edited by hand. */
export function loadEngineIndex(json: unknown): EngineIndex {
  const bad = (why: string): never => {
    throw new Error(`search index: ${why}`);
  };
  const { end, fields } = (json ?? {}) as { end?: unknown; fields?: Record<string, { terms?: unknown; counts?: unknown; gaps?: unknown } | undefined> };
  if (!Number.isInteger(end) || !fields) bad('not an index (expected "end" and "fields")');
  const loaded = FIELDS.map((field): FieldPostings => {
    const { terms, counts, gaps } = fields![field] ?? bad(`the field "${field}" is missing`);
    if (!Array.isArray(terms) || !Array.isArray(counts) || !Array.isArray(gaps) || counts.length !== terms.length) return bad(`the field "${field}" is malformed`);
    const start = new Int32Array(terms.length + 1);
    counts.forEach((n: number, t) => (start[t + 1] = start[t] + n));
    if (start[terms.length] !== gaps.length) bad(`the field "${field}" has ${gaps.length} postings for ${start[terms.length]} counted`);
    const docs = new Int32Array(gaps.length);
    for (let t = 0; t < terms.length; t++) {
      for (let j = start[t]; j < start[t + 1]; j++) docs[j] = j === start[t] ? gaps[j] : docs[j - 1] + gaps[j];
    }
    return { terms: terms as string[], start, docs };
  });
  return { fields: Object.fromEntries(FIELDS.map((field, f) => [field, loaded[f]])) as Record<Field, FieldPostings>, end: end as number };
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

/** Two rows of the edit-distance table, kept: a typo search compares the word with every term of a field. */
let rows = [new Int32Array(64), new Int32Array(64)];

/** Edit distance, giving up past `max` (words are short, and only fuzzy candidates get here). */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let [previous, row] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      if (row[j] < least) least = row[j];
    }
    if (least > max) return false;
    [previous, row] = [row, previous];
  }
  return previous[b.length] <= max;
}

/** The first position of `terms` (sorted) not before `key`. */
function lowerBound(terms: readonly string[], key: string): number {
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (terms[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An index term a query word matches in a field, with what it is worth there (GROUP_WEIGHT × KIND_WEIGHT). */
interface TermMatch {
  field: Field;
  term: number;
  weight: number;
}

const weightOf = (field: Field, kind: MatchKind) => GROUP_WEIGHT[GROUP[field]] * KIND_WEIGHT[kind];

/**
 * The index terms one word matches, in each field: as written in the plain fields (exact, or as a prefix; or
 * within its edits when `fuzzy`), the words of the query run together as the beginning of a name, and its stems
 * in the stemmed fields. A term takes the best kind it qualifies for (exact > prefix > fuzzy).
 */
function wordMatches(index: EngineIndex, w: QueryWord, joined: string | undefined, fuzzy: boolean): TermMatch[] {
  const out: TermMatch[] = [];
  for (const field of PLAIN) {
    const { terms } = index.fields[field];
    const prefixed = (prefix: string, each: (t: number) => void) => {
      for (let t = lowerBound(terms, prefix); t < terms.length && terms[t].startsWith(prefix); t++) each(t);
    };
    prefixed(w.word, (t) => out.push({ field, term: t, weight: weightOf(field, terms[t] === w.word ? 'exact' : 'prefix') }));
    if (joined && field === 'name') prefixed(joined, (t) => terms[t].startsWith(w.word) || out.push({ field, term: t, weight: weightOf(field, 'prefix') }));
    if (fuzzy && w.edits) {
      for (let t = 0; t < terms.length; t++) {
        const term = terms[t];
        if (!term.startsWith(w.word) && !(joined && field === 'name' && term.startsWith(joined)) && withinEdits(term, w.word, w.edits)) out.push({ field, term: t, weight: weightOf(field, 'fuzzy') });
      }
    }
  }
  for (const field of ['nameStem', 'themeStem', 'descStem'] as const) {
    const { terms } = index.fields[field];
    for (const stem of new Set([FR + w.fr, EN + w.en])) {
      const t = lowerBound(terms, stem);
      if (terms[t] === stem) out.push({ field, term: t, weight: weightOf(field, 'stem') });
    }
  }
  return out;
}

/**
 * What a search found: the matching documents, and for each its tiered score and the evidence that breaks ties
 * within a tier (both in arrays by document id). Valid until the next search, which reuses the arrays: read
 * (order, page, highlight) before searching again.
 */
export interface EngineMatches {
  /** The matching document ids, in no particular order. */
  ids: Int32Array;
  score: Float64Array;
  evidence: Float64Array;
  /** The index terms a matching document matched (folded words and marked stems), to highlight them. */
  terms(id: number): string[];
}

/**
 * searchEngine's arrays, kept from one search to the next: a common word in a large list would otherwise allocate
 * megabytes per search, and allocating them cost more than the search itself (2.1 ms against 0.7 ms for 20,000
 * hits among 42,000 documents), the garbage collector then pausing for them. Working arrays are all zero between
 * searches; the scores stay readable until the next search.
 */
let scratch = { score: new Float64Array(0), evidence: new Float64Array(0), best: new Float64Array(0), first: new Int32Array(0), touched: new Int32Array(0), matchedWords: new Uint8Array(0) };
/** Counts searches, so that matches read after the next search are refused rather than wrong. */
let searches = 0;
function scratchOf(size: number): typeof scratch {
  if (scratch.touched.length < size) {
    scratch = { score: new Float64Array(size), evidence: new Float64Array(size), best: new Float64Array(3 * size), first: new Int32Array(size), touched: new Int32Array(size), matchedWords: new Uint8Array(size) };
  } else {
    scratch.score.fill(0);
    scratch.evidence.fill(0);
  }
  return scratch;
}

const NO_MATCHES: EngineMatches = { ids: new Int32Array(0), score: new Float64Array(0), evidence: new Float64Array(0), terms: () => [] };

/**
 * Searches one or several indexes (the static copy's shards, whose ids do not overlap). Every word must match,
 * or the words run together must begin a name. The score, per word: its best (field group × match kind), added
 * up; the evidence, per word: its best match in each field group, added up (a word found in the theme and in the
 * description beats one found in the theme only). Both depend on the document and the query alone, never on the
 * other documents, so a static copy split in shards ranks exactly as the live index.
 *
 * A word is searched with typo tolerance only when, as written, it matches nothing in any index: a real word is
 * never drowned by its near-misses, and facet counts stay honest.
 *
 * The cost is the postings of the matched terms, read once, and arrays the size of the list: no object per
 * document, however many documents a common word matches.
 */
export function searchEngine(indexes: readonly EngineIndex[], query: AnalysedQuery): EngineMatches {
  if (!query.words.length || !indexes.length) return NO_MATCHES;
  const plain = query.words.map((w) => indexes.map((index) => wordMatches(index, w, undefined, false)));
  const fuzzy = query.words.map((w, i) => w.edits > 0 && plain[i].every((m) => m.length === 0));
  // Looked up again only when something is added: the words run together, or typos.
  const matches = query.words.map((w, i) => (query.joined || fuzzy[i] ? indexes.map((index) => wordMatches(index, w, query.joined, fuzzy[i])) : plain[i]));

  const size = indexes.reduce((n, index) => Math.max(n, index.end), 0);
  const { score, evidence, best, first, touched, matchedWords } = scratchOf(size);
  const search = ++searches;
  let hits = 0;
  let firstCount = 0;
  for (let i = 0; i < query.words.length; i++) {
    // Only documents that matched every word before this one are looked at: `matchedWords[doc] === i` on first
    // sight, then i + 1. `best` holds, per document, the word's best weight in each field group, side by side.
    const list = i === 0 ? first : touched;
    let n = 0;
    for (let x = 0; x < indexes.length; x++) {
      for (const { field, term, weight } of matches[i][x]) {
        const { start, docs } = indexes[x].fields[field];
        const group = GROUP_INDEX[field];
        for (let j = start[term]; j < start[term + 1]; j++) {
          const doc = docs[j];
          const seen = matchedWords[doc];
          if (seen === i) {
            matchedWords[doc] = i + 1;
            list[n++] = doc;
          } else if (seen !== i + 1) continue;
          const at = 3 * doc + group;
          if (weight > best[at]) best[at] = weight;
        }
      }
    }
    for (let k = 0; k < n; k++) {
      const doc = list[k];
      const name = best[3 * doc];
      const theme = best[3 * doc + 1];
      const desc = best[3 * doc + 2];
      score[doc] += Math.max(name, theme, desc);
      evidence[doc] += name + theme + desc;
      best[3 * doc] = best[3 * doc + 1] = best[3 * doc + 2] = 0;
    }
    if (i === 0) firstCount = n;
    hits = n;
  }
  // The last word's list holds the documents that matched every word; the first word's, every one to reset.
  const ids = (query.words.length === 1 ? first : touched).slice(0, hits);
  for (let k = 0; k < firstCount; k++) matchedWords[first[k]] = 0;

  const terms = (id: number): string[] => {
    if (search !== searches) throw new Error('search engine: matches read after the next search (read them before searching again)');
    const out = new Set<string>();
    indexes.forEach((index, x) => {
      for (const perWord of matches) {
        for (const { field, term } of perWord[x]) {
          const { terms: names, start, docs } = index.fields[field];
          let lo = start[term];
          let hi = start[term + 1];
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (docs[mid] < id) lo = mid + 1;
            else hi = mid;
          }
          if (lo < start[term + 1] && docs[lo] === id) out.add(names[term]);
        }
      }
    });
    return [...out];
  };
  return { ids, score, evidence, terms };
}

/** Best first: the tiers, then the evidence, then the caller's stable order (`rank[id]`: position by sort key). */
export function compareHits(a: number, b: number, found: EngineMatches, rank: ArrayLike<number>): number {
  return found.score[b] - found.score[a] || found.evidence[b] - found.evidence[a] || rank[a] - rank[b];
}

/**
 * Positions `from` to `to` of `ids` in the order of `compare`, without sorting them all: a bounded max-heap keeps
 * the `to` best seen so far (n log to), since a page shows 20 of what may be tens of thousands of hits.
 */
export function bestOf(ids: ArrayLike<number>, compare: (a: number, b: number) => number, from: number, to: number): number[] {
  if (to <= from) return [];
  const heap: number[] = [];
  // The root is the worst kept: the one compare puts last.
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && compare(heap[l], heap[worst]) > 0) worst = l;
      if (r < heap.length && compare(heap[r], heap[worst]) > 0) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst], heap[i]];
      i = worst;
    }
  };
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    if (heap.length < to) {
      heap.push(id);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (compare(heap[i], heap[parent]) <= 0) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    } else if (compare(id, heap[0]) < 0) {
      heap[0] = id;
      down(0);
    }
  }
  return heap.sort(compare).slice(from, to);
}

/** Positions `from` to `to` of the matching documents: best first after a search (`found`), else as given. */
export function pageOf(matching: readonly number[], found: EngineMatches | undefined, rank: ArrayLike<number>, from: number, to: number): number[] {
  return found ? bestOf(matching, (a, b) => compareHits(a, b, found, rank), from, to) : matching.slice(from, to);
}

/** Positions of documents by their sort keys (`rank[id]`), for compareHits and for listing without words. */
export function rankBy(keys: ReadonlyMap<number, string> | readonly string[]): Int32Array {
  const entries: Array<[number, string]> = Array.isArray(keys) ? keys.map((k, i): [number, string] => [i, k]) : [...(keys as ReadonlyMap<number, string>)];
  entries.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] - b[0]));
  const rank = new Int32Array(entries.reduce((n, [id]) => Math.max(n, id + 1), 0));
  entries.forEach(([id], i) => (rank[id] = i));
  return rank;
}

/** The facet values of every document, read once: filtering and counting then touch no strings. */
export interface FacetTable<F extends string> {
  /**
   * Keeps the candidates (in their order) that pass the filters and counts the facet values: within a facet the
   * chosen values are alternatives, across facets they all apply; a facet's counts ignore its own filter, so that
   * its other values say what choosing them would add.
   */
  filterAndCount(candidates: ArrayLike<number>, filters: Partial<Record<F, readonly string[]>>): { matching: number[]; counts: Record<F, Map<string, number>> };
}

/** Set bits of a 32-bit word. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * The documents holding each facet value, as a bitset over the list for a common value (a word of 32 documents
 * at a time, counted with bitCount) and as a list of ids for a rare one (fewer than one in 32 documents, where
 * the list is smaller than the bitset). A query then costs a few passes of size/32 words, whatever the number of
 * candidates, instead of a pass over every candidate's values: a common word matches most of a large list.
 */
export function facetTable<F extends string>(ids: readonly number[], facets: readonly F[], valuesOf: (doc: number, facet: F) => readonly string[]): FacetTable<F> {
  const size = ids.reduce((n, id) => Math.max(n, id + 1), 0);
  const words = (size + 31) >>> 5;
  const table = facets.map((facet) => {
    const holders = new Map<string, number[]>();
    for (const id of ids) {
      for (const v of new Set(valuesOf(id, facet))) {
        const list = holders.get(v);
        if (list) list.push(id);
        else holders.set(v, [id]);
      }
    }
    const values = [...holders].map(([name, list]) => {
      if (list.length * 32 < size) return { name, list: Int32Array.from(list), bits: undefined };
      const bits = new Int32Array(words);
      for (const id of list) bits[id >>> 5] |= 1 << (id & 31);
      return { name, list: undefined, bits };
    });
    return { facet, values, byName: new Map(values.map((v) => [v.name, v])) };
  });
  return {
    filterAndCount(candidates, filters) {
      const inCandidates = new Int32Array(words);
      for (let c = 0; c < candidates.length; c++) inCandidates[candidates[c] >>> 5] |= 1 << (candidates[c] & 31);
      // Per facet with a filter, the documents holding one of its chosen values.
      const passing = table.map(({ facet, byName }) => {
        const chosen = filters[facet] ?? [];
        if (!chosen.length) return undefined;
        const bits = new Int32Array(words);
        for (const name of chosen) {
          const value = byName.get(name);
          if (value?.bits) for (let w = 0; w < words; w++) bits[w] |= value.bits[w];
          else if (value?.list) for (const id of value.list) bits[id >>> 5] |= 1 << (id & 31);
        }
        return bits;
      });
      /** Candidates passing every filter but the one of facet `except` (-1: every filter). */
      const passingAllBut = (except: number) => {
        const bits = inCandidates.slice();
        passing.forEach((p, f) => {
          if (p && f !== except) for (let w = 0; w < words; w++) bits[w] &= p[w];
        });
        return bits;
      };
      const all = passingAllBut(-1);
      const counts = table.map(({ values }, f) => {
        const mask = passing[f] ? passingAllBut(f) : all;
        const out = new Map<string, number>();
        for (const { name, list, bits } of values) {
          let n = 0;
          if (bits) for (let w = 0; w < words; w++) n += bitCount(bits[w] & mask[w]);
          else for (const id of list) n += (mask[id >>> 5] >>> (id & 31)) & 1;
          if (n) out.set(name, n);
        }
        return [table[f].facet, out] as const;
      });
      const matching: number[] = [];
      for (let c = 0; c < candidates.length; c++) if ((all[candidates[c] >>> 5] >>> (candidates[c] & 31)) & 1) matching.push(candidates[c]);
      return { matching, counts: Object.fromEntries(counts) as Record<F, Map<string, number>> };
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
