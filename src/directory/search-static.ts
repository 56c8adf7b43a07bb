// **search-static** gives the static copy the live site's search: each list's index, serialised by the same
// engine (search-engine.ts) and split into shards small enough that a list page, the script and one shard stay
// within the page budget, and the browser script bundled with the engine and the stemmers.
// The static build (npm run build:static) writes what buildStaticSearch returns; /work/coord/search.md has the layout.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { LANGS, type Lang } from '../render/views.js';
import type { Directory } from './directory.js';
import { createEngineIndex, engineIndexJSON } from './search-engine.js';
import { engineDocument, type SearchIndex } from './search.js';

export const LIST_NAMES = ['commons', 'actors', 'services', 'projects'] as const;
export type ListName = (typeof LIST_NAMES)[number];
/**
 * Default largest shard, in gzipped bytes (what the static copy sends: it precompresses everything). With the
 * list page (~4 KB gzipped, with its stylesheet ~6 KB) and the script (~13 KB), a page stays under 50 KB.
 */
export const MAX_SHARD_BYTES = 24 * 1024;

/** What the browser shows of a hit without another request. */
export interface ShardDocument {
  id: number;
  href: string;
  name: string;
  /** The description in the page's language (or the best there is), cut to SNIPPET_CHARS. */
  text?: string;
  /** Language of `text` when it is not the page's. */
  lang?: string;
  types?: string[];
  sortKey: string;
  facets: Record<string, string[]>;
}

export interface Shard {
  /** The engine's index of this shard's documents, as engineIndexJSON gives it (load with loadEngineIndex). */
  index: unknown;
  docs: ShardDocument[];
}

export interface Manifest {
  list: ListName;
  lang: Lang;
  /** File names of the shards, relative to the manifest (the same folder). */
  shards: string[];
  total: number;
}

export interface StaticFile {
  /** Path from the output folder's root, without a leading slash. */
  path: string;
  body: string | Buffer;
}

export interface StaticSearchOptions {
  /** How the static copy links an entry in a language (default: the live site's links). */
  href?: (iri: string, lang: Lang) => string;
  /** Largest shard, gzipped (default MAX_SHARD_BYTES). */
  maxShardBytes?: number;
}

const SNIPPET_CHARS = 240;

const indexOf = (directory: Directory, list: ListName): SearchIndex<string> =>
  ({ commons: directory.search, actors: directory.actorSearch, services: directory.serviceSearch, projects: directory.projectSearch })[list] as SearchIndex<string>;

function shardDocument(directory: Directory, index: SearchIndex<string>, id: number, lang: Lang, href: StaticSearchOptions['href']): ShardDocument {
  const d = index.documents[id];
  const card = directory.card(d.iri, lang);
  const text = card.description?.text;
  return {
    id,
    href: href ? href(d.iri, lang) : `${card.link.href ?? d.iri}${card.link.local && lang !== 'fr' ? `?lang=${lang}` : ''}`,
    name: card.link.label.text,
    ...(text ? { text: text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS).replace(/\s*\S*$/, '')} …` : text } : {}),
    ...(card.description?.lang ? { lang: card.description.lang } : {}),
    ...(card.types.length ? { types: card.types.map((t) => t.text) } : {}),
    sortKey: d.sortKey,
    facets: d.facets,
  };
}

function shardBody(index: SearchIndex<string>, ids: number[], docs: ShardDocument[]): string {
  const engine = createEngineIndex(ids.map((id) => engineDocument(index.documents[id], id)));
  return JSON.stringify({ index: engineIndexJSON(engine), docs } satisfies Shard);
}

/**
 * The shards of one list in one language: consecutive runs of documents, halved until each one gzips
 * within the limit (n log n: each level of halving serialises every document once). A single document
 * larger than the limit is a shard of its own, and is reported rather than dropped.
 */
function shardsOf(directory: Directory, list: ListName, lang: Lang, options: StaticSearchOptions): string[] {
  const index = indexOf(directory, list);
  const max = options.maxShardBytes ?? MAX_SHARD_BYTES;
  const docs = index.documents.map((_, id) => shardDocument(directory, index, id, lang, options.href));
  const out: string[] = [];
  const split = (from: number, to: number) => {
    const ids = Array.from({ length: to - from }, (_, i) => from + i);
    const body = shardBody(index, ids, docs.slice(from, to));
    const size = gzipSync(body).length;
    if (size <= max || to - from === 1) {
      if (size > max) console.warn(`search: the ${list} entry ${index.documents[from].iri} alone makes a ${size}-byte gzipped shard (limit ${max})`);
      out.push(body);
      return;
    }
    const middle = (from + to) >> 1;
    split(from, middle);
    split(middle, to);
  };
  if (!docs.length) return [shardBody(index, [], [])];
  split(0, docs.length);
  return out;
}

/** The browser script: src/browser/search.ts with the engine and the stemmers, as one minified ES module. */
export async function buildSearchScript(): Promise<StaticFile> {
  // esbuild is a development dependency: only the static build needs it, never the server.
  const { build } = await import('esbuild');
  // Run by tsx the sources are .ts; from dist/ they are compiled .js beside each other: bundle whichever this is.
  const here = fileURLToPath(import.meta.url);
  const entry = path.join(path.dirname(here), '..', 'browser', `search${path.extname(here)}`);
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', target: 'es2020', write: false, legalComments: 'none', logLevel: 'silent' });
  return { path: 'assets/search.js', body: Buffer.from(result.outputFiles[0].contents) };
}

/** Every file of the static search: the script, and per list and language a manifest and its shards. */
export async function buildStaticSearch(directory: Directory, options: StaticSearchOptions = {}): Promise<StaticFile[]> {
  const files: StaticFile[] = [await buildSearchScript()];
  for (const list of LIST_NAMES) {
    for (const lang of LANGS) {
      const shards = shardsOf(directory, list, lang, options);
      const paths = shards.map((_, n) => `search/${list}.${lang}.${n}.json`);
      shards.forEach((body, n) => files.push({ path: paths[n], body }));
      const manifest: Manifest = { list, lang, shards: paths.map((p) => p.slice('search/'.length)), total: indexOf(directory, list).documents.length };
      files.push({ path: `search/${list}.${lang}.json`, body: JSON.stringify(manifest) });
    }
  }
  return files;
}
