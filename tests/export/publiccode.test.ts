import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BASE, FIXTURES, ONTOLOGY, VALID, copyDataset } from '../helpers.js';
import { run } from '../cli/run.js';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { loadGraph } from '../../src/graph/load-graph.js';
import { commonsToPubliccode, REQUIRED_KEYS, toPubliccodeYaml } from '../../src/export/publiccode.js';
import { readPubliccode } from '../../src/import/publiccode.js';

const ENTRY = `${BASE}id/commons/web-analytics-italia-portale`;
let dir: string;
let cleanup: () => Promise<void>;
let server: RunningServer;

// A dataset holding an entry imported (by the CLI, as a contributor would) from the real AgID file,
// after its French translation was added, with the two organisations it names.
beforeAll(async () => {
  ({ dir, cleanup } = await copyDataset(VALID));
  await writeFile(path.join(dir, 'actors', 'agid.ttl'), `PREFIX schema: <http://schema.org/>\nPREFIX org: <http://www.w3.org/ns/org#>\nPREFIX type: <${BASE}id/actor-types/>\n<${BASE}id/actors/agid> a org:Organization ; schema:name "AgID" ; schema:alternateName "Agenzia per l'Italia Digitale" ; schema:description "Agence italienne du numérique."@fr, "Italy's digital agency."@en ; org:classification type:public-body .\n`);
  await writeFile(path.join(dir, 'actors', 'indra.ttl'), `PREFIX schema: <http://schema.org/>\nPREFIX org: <http://www.w3.org/ns/org#>\nPREFIX type: <${BASE}id/actor-types/>\n<${BASE}id/actors/indra> a org:Organization ; schema:name "Indra Italia" ; schema:description "Entreprise de services numériques."@fr ; org:classification type:private-company .\n`);
  const yaml = (await readFile(path.join(FIXTURES, 'publiccode', 'wai-portal.yml'), 'utf8')).replace('description:\n  it:', 'description:\n  fr:\n    shortDescription: Plateforme nationale de statistiques de fréquentation des sites web de l’administration italienne.\n  it:');
  await writeFile(path.join(dir, '..', `${path.basename(dir)}-wai.yml`), yaml);
  const imported = await run('import.ts', ['publiccode', path.join(dir, '..', `${path.basename(dir)}-wai.yml`), '--data', dir, '--theme', 'open-data', '--source', 'https://github.com/AgID/wai-portal/blob/main/publiccode.yml']);
  expect(imported.code, imported.stdout + imported.stderr).toBe(0);
  server = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: dir }, {}), () => {});
}, 120_000);
afterAll(async () => {
  await server?.close();
  await rm(path.join(dir, '..', `${path.basename(dir)}-wai.yml`), { force: true });
  await cleanup?.();
});

describe('publiccode.yml export', { timeout: 120_000 }, () => {
  it('round-trips through the importer: what was imported comes back out', async () => {
    const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: dir, baseIri: BASE, strict: true });
    const exported = commonsToPubliccode(graph.union, ENTRY)!;
    const yaml = toPubliccodeYaml(exported, ENTRY);
    const again = readPubliccode(yaml, 'https://example.org/again', new Date('2026-11-30T12:00:00Z'));
    const original = readPubliccode(await readFile(path.join(FIXTURES, 'publiccode', 'wai-portal.yml'), 'utf8'), 'https://example.org/first', new Date('2026-11-30T12:00:00Z'));
    for (const p of ['name', 'url', 'codeRepository', 'license', 'operatingSystem', 'datePublished'].map((l) => `http://schema.org/${l}`)
      .concat(['https://codemeta.github.io/terms/developmentStatus', 'https://w3id.org/usages-communs/ns#softwareType'])) {
      expect(again.commons.values.get(p), p).toEqual(original.commons.values.get(p));
    }
    const descriptions = again.commons.values.get('http://schema.org/description')!;
    expect(descriptions).toContainEqual(original.commons.values.get('http://schema.org/description')![0]);
    expect(descriptions.map((d) => ('lang' in d ? d.lang : ''))).toEqual(['fr', 'it']);
    expect(again.organisations).toContainEqual({ role: 'maintainer', name: 'AgID', website: undefined });
    expect(again.organisations).toContainEqual({ role: 'usedBy', name: 'AgID', website: undefined });
  });

  it('has every key the standard requires, or names it as missing, never invented', async () => {
    const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: dir, baseIri: BASE, strict: true });
    const { doc, missing } = commonsToPubliccode(graph.union, ENTRY)!;
    const has = (key: string): boolean => {
      if (key.startsWith('description.<lang>.')) {
        const field = key.split('.')[2];
        const langs = Object.values((doc.description ?? {}) as Record<string, Record<string, unknown>>);
        return langs.length > 0 && langs.every((d) => d[field] !== undefined);
      }
      return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc) !== undefined;
    };
    for (const key of REQUIRED_KEYS) {
      const named = missing.some((m) => m === key || m.replace(/^description\.[a-z-]+\./, 'description.<lang>.') === key);
      expect(has(key) || named, key).toBe(true);
    }
    expect(missing).toEqual(expect.arrayContaining(['maintenance.type', 'localisation.availableLanguages', 'description.fr.features']));
    expect(doc).toMatchObject({ publiccodeYmlVersion: '0.4', developmentStatus: 'development', softwareType: 'standalone/web', platforms: ['web'], legal: { license: 'AGPL-3.0-or-later', repoOwner: 'AgID' } });
    // The standard limits shortDescription to 150 characters: a longer text is never cut.
    for (const d of Object.values(doc.description as Record<string, { shortDescription?: string }>)) if (d.shortDescription) expect([...d.shortDescription].length).toBeLessThanOrEqual(150);
  });

  it('is served at /id/commons/<slug>/publiccode.yml, and the entry page shows where and when it was imported', async () => {
    const response = await fetch(`${server.url}/id/commons/web-analytics-italia-portale/publiccode.yml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    const body = await response.text();
    expect(parseYaml(body)).toMatchObject({ name: 'Web Analytics Italia - Portale', url: 'https://github.com/agid/wai-portal' });
    expect(body).toMatch(/^# Required by the standard but not known to the directory/m);
    expect((await fetch(`${server.url}/id/commons/no-such-commons/publiccode.yml`)).status).toBe(404);
    expect((await fetch(`${server.url}/id/commons/decidim/publiccode.yml`)).status).toBe(200);
    const page = await (await fetch(`${server.url}/id/commons/web-analytics-italia-portale`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('https://github.com/AgID/wai-portal/blob/main/publiccode.yml');
    expect(page).toMatch(/Importé le|Imported on/);
    expect(page).toMatch(/Source des informations|Source of the information/);
  });

  it('writes one file per exportable commons with npm run export', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'uc-export-'));
    try {
      const result = await run('export.ts', ['publiccode', out, '--data', dir]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/\d+ publiccode\.yml written/);
      const yaml = parseYaml(await readFile(path.join(out, 'web-analytics-italia-portale', 'publiccode.yml'), 'utf8'));
      expect(yaml.legal.license).toBe('AGPL-3.0-or-later');
      expect(parseYaml(await readFile(path.join(out, 'decidim', 'publiccode.yml'), 'utf8')).name).toBe('Decidim');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
