import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocales } from '../../src/render/views.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function folder(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'uc-locales-'));
  for (const [name, strings] of Object.entries(files)) await writeFile(path.join(dir, name), JSON.stringify(strings));
  return dir;
}

describe('readLocales', () => {
  it('merges fr.json with every <topic>.fr.json, and keeps the languages apart', async () => {
    const dir = await folder({ 'fr.json': { a: 'A' }, 'search.fr.json': { b: 'B' }, 'en.json': { a: 'A-en' }, 'search.en.json': { b: 'B-en' } });
    const locales = await readLocales(dir);
    expect(locales.fr).toEqual({ a: 'A', b: 'B' });
    expect(locales.en).toEqual({ a: 'A-en', b: 'B-en' });
  });

  it('refuses a string defined in two files, naming it', async () => {
    const dir = await folder({ 'fr.json': { a: 'A' }, 'x.fr.json': { a: 'autre' }, 'en.json': {} });
    await expect(readLocales(dir)).rejects.toThrow('"a" is defined twice (again in x.fr.json)');
  });

  it('gives the project every string in both languages', async () => {
    const { fr, en } = await readLocales(path.join(ROOT, 'views', 'locales'));
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });
});
