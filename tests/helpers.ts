// Shared test helpers: paths of the fixtures and of the real data, and a temporary copy of a dataset.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BASE_IRI } from '../src/rdf/namespaces.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ONTOLOGY = path.join(ROOT, 'ontology');
export const DATA = path.join(ROOT, 'data');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
export const VALID = path.join(FIXTURES, 'valid');
export const BASE = DEFAULT_BASE_IRI;

/** Copies a dataset to a fresh temporary folder that the test may change; returns it and a cleanup. */
export async function copyDataset(from: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'uc-data-'));
  await cp(from, dir, { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies several fixture datasets into one fresh temporary folder (e.g. the project and membership fixtures). */
export async function mergeDatasets(...from: string[]): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'uc-data-'));
  for (const source of from) await cp(source, dir, { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
