// **sources** finds the Turtle files of a dataset and names each one: where it is on disk,
// how a contributor sees it, the named graph it loads into and, for data files, the entry its path announces.
import { readdir, readFile } from 'node:fs/promises';
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
  text: string;
}

async function listTurtle(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ttl'))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

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
        text: await readFile(absolute, 'utf8'),
      });
    }
  }
  return files;
}
