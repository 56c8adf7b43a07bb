// **sources** finds the Turtle files of a dataset and names each one: where it is on disk,
// how a contributor sees it, the named graph it loads into and, for data files, the entry its path announces.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, type NamedNode } from 'n3';

export type SourceRoot = 'ontology' | 'data';

export interface SourceFile {
  /** Absolute path on disk. */
  absolute: string;
  /** Path shown to people: relative to the working directory, with forward slashes. */
  display: string;
  root: SourceRoot;
  /** Path inside its root, with forward slashes (e.g. commons/decidim.ttl). */
  relative: string;
  /** Named graph holding this file's triples. */
  graph: NamedNode;
  /** For data files: the entry IRI that the path announces (base + id/<kind>/<slug>). */
  entity?: string;
  /** The file's text (on a graph from the loading thread, read from `utf8` when asked: see shareTexts). */
  text: string;
  /** The text as UTF-8, in memory shared between threads (see shareTexts). */
  utf8?: Uint8Array;
  /** Where the first byte that is not UTF-8 is, when the file is not valid UTF-8 (its text is then decoded lossily). */
  badByte?: { line: number; column: number };
}

/**
 * Moves the files' texts into one SharedArrayBuffer, as UTF-8; each file keeps a view of its bytes (`utf8`), and
 * `text` becomes a getter that decodes them (see textFromShared). A load reads each text once to parse it (and
 * again only for a finding's line and column), so the strings need not stay: at 1M triples they were 165 MB of
 * the loading thread's heap for 113 MB of Turtle, and the same again in the main thread's once posted there, plus
 * the copy in transit; shared, the bytes cross threads without a copy. Files already shared are left as they are.
 */
export function shareTexts(files: SourceFile[]): void {
  const todo = files.filter((f) => !f.utf8);
  // The loading thread's own reads are shared already (checkDataset); only files given in memory are left.
  if (!todo.length) return;
  const shared = new Uint8Array(new SharedArrayBuffer(todo.reduce((n, f) => n + Buffer.byteLength(f.text), 0)));
  const encoder = new TextEncoder();
  let at = 0;
  for (const file of todo) {
    const { written } = encoder.encodeInto(file.text, shared.subarray(at));
    file.utf8 = shared.subarray(at, (at += written));
    textFromShared(file);
  }
}

/** `text` read from the shared bytes when asked: a page of /source, the engine's load, a parse (a few KB each). */
export function textFromShared(file: SourceFile): void {
  const bytes = file.utf8!;
  Object.defineProperty(file, 'text', {
    // Enumerable: a copy of the file (a spread, a structured clone) carries its text, as it did when it was a
    // field. Configurable: the loading thread removes it before posting the files, whose bytes are shared.
    enumerable: true,
    configurable: true,
    get: () => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  });
}

async function listFiles(dir: string, keep: (name: string) => boolean): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

const listTurtle = (dir: string) => listFiles(dir, (name) => name.endsWith('.ttl'));

export function toDisplayPath(absolute: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, absolute);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? absolute : rel).split(path.sep).join('/');
}

export function entityForPath(baseIri: string, relative: string): string {
  return `${baseIri}id/${relative.replace(/\.ttl$/, '')}`;
}

export function graphIri(baseIri: string, root: SourceRoot, relative: string): NamedNode {
  return DataFactory.namedNode(`${baseIri}source/${root}/${relative}`);
}

/** How many bytes of Turtle the folders hold (a missing folder holds none: reading it says what is wrong). */
export async function turtleBytes(dirs: readonly string[], cwd = process.cwd()): Promise<number> {
  let total = 0;
  for (const dir of dirs) {
    const files = await listTurtle(path.resolve(cwd, dir)).catch(() => []);
    for (const file of files) total += (await stat(file)).size;
  }
  return total;
}

/** Reads every .ttl file below the ontology and data folders, in a stable order. */
export async function readSources(dirs: { ontology: string; data: string }, baseIri: string, cwd = process.cwd()): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const root of ['ontology', 'data'] as const) {
    const dir = path.resolve(cwd, dirs[root]);
    for (const absolute of await listTurtle(dir)) {
      const relative = path.relative(dir, absolute).split(path.sep).join('/');
      files.push({
        absolute,
        display: toDisplayPath(absolute, cwd),
        root,
        relative,
        graph: graphIri(baseIri, root, relative),
        entity: root === 'data' ? entityForPath(baseIri, relative) : undefined,
        ...decodeUtf8(await readFile(absolute)),
      });
    }
  }
  return files;
}

/**
 * Decodes UTF-8 strictly: a Latin-1 file would otherwise load as "d\uFFFDfense" and be published so.
 * On a bad byte, says where it is (line, and column in characters) so that the contributor can find it.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string; badByte?: { line: number; column: number } } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    let line = 1;
    let column = 1;
    for (let i = 0; i < bytes.length; ) {
      const length = sequenceLength(bytes, i);
      if (!length) return { text, badByte: { line, column } };
      if (bytes[i] === 0x0a) [line, column] = [line + 1, 1];
      else column++;
      i += length;
    }
    return { text };
  }
}

/** The length of the well-formed UTF-8 sequence at `i` (RFC 3629), or 0 when it is not one. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const [lo, hi] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Files of the data folder that the loader skips and that look like a mistake: anything not .ttl inside an
 * entry folder (data/actors/lqdn.txt), and RDF-looking files at the top (notes and READMEs may live there).
 * Hidden files are never reported.
 */
export async function listIgnoredFiles(dataDir: string, cwd = process.cwd()): Promise<string[]> {
  const dir = path.resolve(cwd, dataDir);
  return (await listFiles(dir, (name) => !name.endsWith('.ttl') && !name.startsWith('.')))
    .filter((file) => {
      const parts = path.relative(dir, file).split(path.sep);
      return !parts.some((part) => part.startsWith('.')) && (parts.length > 1 || RDF_LIKE.test(parts[0]));
    })
    .map((file) => toDisplayPath(file, cwd));
}

const RDF_LIKE = /\.(turtle|ttl\.\w+|n3|nt|nq|trig|rdf|owl|jsonld)$/i;
