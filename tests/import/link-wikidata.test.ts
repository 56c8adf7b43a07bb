import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE, FIXTURES, VALID, copyDataset } from '../helpers.js';
import { run } from '../cli/run.js';
import { indexDirectory } from '../../src/import/organisations.js';
import { candidateQuery, proposeLinks } from '../../src/import/link-wikidata.js';
import { runValidate } from '../../src/validate/run-validate.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
const b = (item: string, property: string, address: string) => ({ item: { value: `http://www.wikidata.org/entity/${item}` }, property: { value: property }, address: { value: address } });
const results = (...bindings: ReturnType<typeof b>[]) => ({ head: { vars: ['item', 'property', 'address'] }, results: { bindings } });

describe('link-wikidata', { timeout: 120_000 }, () => {
  it('links on an exact website or repository match only, one to one, never by name', async () => {
    const index = await indexDirectory(VALID, BASE);
    const { links, skipped } = proposeLinks(results(
      b('Q100', 'P1324', 'https://github.com/decidim/decidim'),
      b('Q200', 'P856', 'https://decidim.org/some/other/page'),
      b('Q300', 'P856', 'https://www.opensourcepolitics.eu/'),
      b('Q301', 'P856', 'https://opensourcepolitics.eu'),
    ), index);
    expect(links).toEqual([{ entry: `${BASE}id/commons/decidim`, item: 'http://www.wikidata.org/entity/Q100', address: 'https://github.com/decidim/decidim', property: 'P1324' }]);
    expect(skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/several items share its address/)]);
  });

  it('shows the diff and writes nothing without --yes; with --yes the data stays valid', async () => {
    const { dir, cleanup } = await copyDataset(VALID);
    cleanups.push(cleanup);
    const file = path.join(dir, 'results.json');
    await writeFile(file, JSON.stringify(results(b('Q100', 'P1324', 'http://github.com/decidim/decidim/'))));
    const before = await readFile(path.join(dir, 'commons', 'decidim.ttl'), 'utf8');
    const shown = await run('link-wikidata.ts', [file, '--data', dir]);
    expect(shown.code).toBe(0);
    // The link goes inside the entry's own block: its last line loses its " ." and the link closes it.
    expect(shown.stdout).toContain([
      '@@ P1324 http://github.com/decidim/decidim/ @@',
      '-  schema:funder actor:ajuntament-de-barcelona .',
      '+  schema:funder actor:ajuntament-de-barcelona ;',
      '+  <http://schema.org/sameAs> <http://www.wikidata.org/entity/Q100> .',
    ].join('\n'));
    expect(shown.stderr).toContain('nothing written');
    expect(await readFile(path.join(dir, 'commons', 'decidim.ttl'), 'utf8')).toBe(before);
    const written = await run('link-wikidata.ts', [file, '--data', dir, '--yes']);
    expect(written.code).toBe(0);
    expect(await readFile(path.join(dir, 'commons', 'decidim.ttl'), 'utf8')).toContain('<http://www.wikidata.org/entity/Q100>');
    const validated = await runValidate({ paths: [], dataDir: dir, baseIri: BASE, lang: 'en', cwd: dir });
    // Not even a warning: the entry is still described in one block.
    expect(validated.findings).toEqual([]);
    // Run again: already linked, nothing new.
    expect((await run('link-wikidata.ts', [file, '--data', dir, '--yes'])).stdout).toContain('no new link');
  });

  it('prints the documented query with the directory’s addresses, and refuses a file that is not query results', async () => {
    const index = await indexDirectory(VALID, BASE);
    const template = await readFile(path.join(FIXTURES, '..', '..', 'ontology', 'queries', 'wikidata', 'link-candidates.rq'), 'utf8');
    const query = candidateQuery(template, index);
    expect(query).toContain('<https://github.com/decidim/decidim>');
    expect(query).toContain('<https://www.decidim.org/>');
    expect(query).toMatch(/wdt:P856 \?address/);
    const { dir, cleanup } = await copyDataset(VALID);
    cleanups.push(cleanup);
    await writeFile(path.join(dir, 'bad.json'), '{"rows": []}');
    const bad = await run('link-wikidata.ts', [path.join(dir, 'bad.json'), '--data', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not SPARQL JSON results');
  });
});
