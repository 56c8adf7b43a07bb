import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BASE, FIXTURES, ONTOLOGY, VALID, copyDataset } from '../helpers.js';
import { run } from '../cli/run.js';
import { readPubliccode, ImportError } from '../../src/import/publiccode.js';
import { assemble } from '../../src/import/assemble.js';
import { indexDirectory } from '../../src/import/organisations.js';
import { readCategoryThemes } from '../../src/import/themes.js';
import { plan, validateAndWrite } from '../../src/import/write.js';
import { runValidate } from '../../src/validate/run-validate.js';

const PC = path.join(FIXTURES, 'publiccode');
const NOW = new Date('2026-11-30T12:00:00Z');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function dataset(extra: Record<string, string> = {}) {
  const { dir, cleanup } = await copyDataset(VALID);
  cleanups.push(cleanup);
  for (const [file, text] of Object.entries(extra)) await writeFile(path.join(dir, file), text);
  return dir;
}

async function importFile(name: string, dataDir: string, options: { themes?: string[]; draft?: boolean; dryRun?: boolean } = {}) {
  const yaml = await readFile(path.join(PC, name), 'utf8');
  const source = `https://example.org/${name}`;
  const read = readPubliccode(yaml, source, NOW);
  const index = await indexDirectory(dataDir, BASE);
  const categories = await readCategoryThemes(ONTOLOGY, BASE);
  const themes = [...new Set(read.categories.flatMap((c) => categories.get(c) ?? []))];
  const assembled = assemble(read.commons, read.organisations, themes, index, source, { themes: options.themes });
  const files = plan([assembled.entry, ...assembled.skeletons], BASE);
  const result = await validateAndWrite(files, { dataDir, ontologyDir: ONTOLOGY, baseIri: BASE, lang: 'en', draft: options.draft, dryRun: options.dryRun, cwd: dataDir });
  return { read, assembled, result, turtle: files.map((f) => f.turtle).join('\n') };
}

/** Every string under maintenance.contacts (names, e-mails, phones…) and contractors' e-mails. */
function personalValues(yaml: string): string[] {
  const doc = parseYaml(yaml) as { maintenance?: { contacts?: Record<string, string>[]; contractors?: Record<string, string>[] } };
  const contacts = (doc.maintenance?.contacts ?? []).flatMap((c) => Object.entries(c).filter(([k]) => k !== 'affiliation').map(([, v]) => String(v)));
  const emails = (doc.maintenance?.contractors ?? []).map((c) => c.email).filter(Boolean);
  return [...contacts, ...emails];
}

// The CLI runs through tsx, whose start-up time depends on the machine: generous limits, no timing asserted.
describe('publiccode.yml importer', { timeout: 120_000 }, () => {
  it('maps the fields of a Dutch file, keeping its description in Dutch, and reports the missing French text as the validator does', async () => {
    const dir = await dataset();
    const { turtle, result } = await importFile('signalen-frontend.yml', dir, { dryRun: true });
    expect(turtle).toContain('schema:name "Signalen frontend"');
    expect(turtle).toMatch(/schema:description "Signalen is een open source proces- en taaksysteem[^"]*"@nl/);
    expect(turtle).toContain('schema:url <https://signalen.org/>');
    expect(turtle).toContain('schema:codeRepository <https://github.com/Amsterdam/signals-frontend>');
    expect(turtle).toContain('schema:license spdx:MPL-2.0');
    expect(turtle).toContain('codemeta:developmentStatus "active"');
    expect(turtle).toContain('uc:softwareType "standalone/web"');
    expect(turtle).toContain('schema:operatingSystem "web"');
    expect(turtle).toContain('schema:datePublished "2021-05-20"^^xsd:date');
    expect(turtle).toContain('dcterms:source <https://example.org/signalen-frontend.yml>');
    expect(turtle).toContain('prov:generatedAtTime "2026-11-30T12:00:00Z"^^xsd:dateTime');
    expect(turtle).toContain('schema:maintainer actor:gemeente-amsterdam');
    expect(turtle).toContain('uc:usedBy actor:gemeente-amsterdam, actor:gemeente-s-hertogenbosch');
    const missingFr = result.findings.filter((f) => f.message.includes('Missing French description') && f.location.file.endsWith('commons/signalen-frontend.ttl'));
    expect(missingFr).toHaveLength(1);
    expect(missingFr[0].severity).toBe('error');
    expect(result.written).toBe(false);
    expect(await readdir(path.join(dir, 'commons'))).not.toContain('signalen-frontend.ttl');
  });

  it('never writes a contact: no name, e-mail or phone of the files appears in any output', async () => {
    for (const name of ['signalen-frontend.yml', 'catala.yml', 'wai-portal.yml', 'openoise-meter.yml']) {
      const yaml = await readFile(path.join(PC, name), 'utf8');
      const personal = personalValues(yaml);
      expect(personal.length, name).toBeGreaterThan(1);
      const dir = await dataset();
      const { turtle, read, assembled } = await importFile(name, dir, { draft: true });
      const written = (await Promise.all(['commons', 'actors'].flatMap(async (kind) =>
        Promise.all((await readdir(path.join(dir, kind))).map((f) => readFile(path.join(dir, kind, f), 'utf8')))))).flat().join('\n');
      const notes = JSON.stringify([...read.notes, ...assembled.notes]);
      const cli = await run('import.ts', ['publiccode', path.join(PC, name), '--data', dir, '--dry-run']);
      for (const value of personal) {
        for (const output of [turtle, written, notes, cli.stdout, cli.stderr]) expect(output.toLowerCase(), `${name}: ${value}`).not.toContain(value.toLowerCase());
      }
      expect(notes).toMatch(/contacts? dropped/);
    }
  });

  it('reconciles organisations with existing entries by website, then by name, and proposes skeletons for the rest', async () => {
    const dir = await dataset({
      'actors/prosecco.ttl': `PREFIX schema: <http://schema.org/>\nPREFIX org: <http://www.w3.org/ns/org#>\nPREFIX type: <${BASE}id/actor-types/>\n<${BASE}id/actors/prosecco> a org:Organization ; schema:name "Équipe-projet Prosecco"@fr ; schema:description "Équipe de recherche."@fr ; schema:url <https://team.inria.fr/prosecco> ; org:classification type:public-body .\n`,
      'actors/dgfip.ttl': `PREFIX schema: <http://schema.org/>\nPREFIX org: <http://www.w3.org/ns/org#>\nPREFIX type: <${BASE}id/actor-types/>\n<${BASE}id/actors/dgfip> a org:Organization ; schema:name "Direction générale des finances publiques (DGFIP)" ; schema:description "Administration fiscale."@fr ; org:classification type:public-body .\n`,
    });
    const { assembled, turtle } = await importFile('catala.yml', dir, { dryRun: true });
    const match = (name: RegExp) => assembled.links.find((l) => name.test(l.ref.name));
    expect(match(/INRIA/)).toMatchObject({ match: 'website', iri: `${BASE}id/actors/prosecco`, ref: { role: 'funder' } });
    expect(match(/DGFiP/)).toMatchObject({ match: 'name', iri: `${BASE}id/actors/dgfip`, ref: { role: 'usedBy' } });
    expect(turtle).toContain('schema:funder actor:prosecco');
    expect(turtle).toContain('uc:usedBy actor:dgfip');
    expect(assembled.skeletons).toHaveLength(0);

    const wai = await importFile('wai-portal.yml', await dataset(), { dryRun: true });
    // repoOwner, mainCopyrightOwner and usedBy name the same body: one skeleton, linked once as carrier.
    expect(wai.assembled.skeletons.map((s) => s.slug)).toEqual(['agenzia-per-l-italia-digitale', 'indra-italia']);
    expect(wai.turtle).toContain('schema:maintainer actor:agenzia-per-l-italia-digitale');
    expect(wai.turtle).not.toContain('schema:copyrightHolder');
    expect(wai.turtle).toContain('schema:contributor actor:indra-italia');
    expect(wai.turtle).toContain('schema:url <https://www.indracompany.com/en>');
  });

  it('maps categories to themes through the SKOS alignment in ontology/, and writes a valid entry like a hand-written one', async () => {
    const dir = await dataset({
      'actors/agid.ttl': `PREFIX schema: <http://schema.org/>\nPREFIX org: <http://www.w3.org/ns/org#>\nPREFIX type: <${BASE}id/actor-types/>\n<${BASE}id/actors/agid> a org:Organization ; schema:name "AgID" ; schema:alternateName "Agenzia per l’Italia digitale" ; schema:description "Agence italienne du numérique."@fr, "Italy's digital agency."@en ; org:classification type:public-body .\n`,
      'actors/indra.ttl': `PREFIX schema: <http://schema.org/>\nPREFIX org: <http://www.w3.org/ns/org#>\nPREFIX type: <${BASE}id/actor-types/>\n<${BASE}id/actors/indra> a org:Organization ; schema:name "Indra" ; schema:description "Entreprise de services numériques."@fr, "IT services company."@en ; schema:url <https://www.indracompany.com/> ; org:classification type:private-company .\n`,
    });
    const openoise = await importFile('openoise-meter.yml', dir, { dryRun: true });
    // geographic-information-systems is skos:closeMatch theme:mapping; data-analytics matches no theme.
    expect(openoise.turtle).toContain('dcterms:subject theme:mapping ;');
    const before = await importFile('wai-portal.yml', dir, { dryRun: true, themes: ['open-data'] });
    expect(before.turtle).toContain(`dcterms:subject theme:open-data`);
    expect(before.assembled.notes.some((n) => n.field === 'categories')).toBe(false);
    const errors = before.result.findings.filter((f) => f.severity === 'error').map((f) => f.message);
    // Only the French description is missing: nothing is invented to fill it.
    expect(errors).toEqual([expect.stringContaining('Missing French description')]);

    // A contributor adds the French translation, as the report asks; then the entry is valid and written.
    const yaml = (await readFile(path.join(PC, 'wai-portal.yml'), 'utf8')).replace('description:\n  it:', 'description:\n  fr:\n    shortDescription: Plateforme nationale de collecte et d’analyse des statistiques de fréquentation des sites web de l’administration italienne.\n  it:');
    await writeFile(path.join(dir, 'wai.yml'), yaml);
    const cli = await run('import.ts', ['publiccode', path.join(dir, 'wai.yml'), '--data', dir, '--theme', 'open-data', '--source', 'https://github.com/AgID/wai-portal/blob/main/publiccode.yml']);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toContain('written: ');
    const validated = await runValidate({ paths: [path.join(dir, 'commons', 'web-analytics-italia-portale.ttl')], dataDir: dir, baseIri: BASE, lang: 'en', cwd: dir });
    expect(validated.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const written = await readFile(path.join(dir, 'commons', 'web-analytics-italia-portale.ttl'), 'utf8');
    expect(written).toContain('schema:maintainer actor:agid');
    expect(written).toContain('schema:contributor actor:indra');
    expect(written).toContain('dcterms:source <https://github.com/AgID/wai-portal/blob/main/publiccode.yml>');
  });

  it('normalises licences case-insensitively and leaves deprecated ones for the validator to report', async () => {
    const catala = readPubliccode(await readFile(path.join(PC, 'catala.yml'), 'utf8'), 'https://example.org/c', NOW);
    expect(catala.commons.values.get('http://schema.org/license')).toEqual([{ iri: 'http://spdx.org/licenses/Apache-2.0' }]);
    const yaml = (await readFile(path.join(PC, 'catala.yml'), 'utf8')).replace('license: apache-2.0', 'license: agpl-3.0');
    const dir = await dataset();
    await writeFile(path.join(dir, 'old.yml'), yaml);
    const cli = await run('import.ts', ['publiccode', path.join(dir, 'old.yml'), '--data', dir, '--dry-run', '--theme', 'free-software']);
    expect(cli.stdout).toContain('schema:license spdx:AGPL-3.0 ');
    expect(cli.stdout).toMatch(/error: spdx:AGPL-3\.0 is a deprecated SPDX identifier — say which version applies/);
    expect(cli.code).toBe(1);
    const or = readPubliccode(yaml.replace('license: agpl-3.0', 'license: "(MIT OR eupl-1.2)"'), 'https://example.org/c', NOW);
    expect(or.commons.values.get('http://schema.org/license')).toEqual([{ iri: 'http://spdx.org/licenses/MIT' }, { iri: 'http://spdx.org/licenses/EUPL-1.2' }]);
  });

  it('reads version 0.4 keys (organisation.uri, fundedBy uri) and refuses what it cannot read, saying where', async () => {
    const v04 = readPubliccode(`publiccodeYmlVersion: "0.4"\nname: Outil\nurl: https://git.example.org/outil.git\norganisation:\n  uri: https://www.example.org/\n  name: Ville exemple\nfundedBy:\n  - name: Fonds exemple\n    uri: https://fonds.example.org/\nlegal:\n  license: EUPL-1.2\n`, 'https://example.org/p', NOW);
    expect(v04.organisations).toEqual([
      { role: 'maintainer', name: 'Ville exemple', website: 'https://www.example.org/' },
      { role: 'funder', name: 'Fonds exemple', website: 'https://fonds.example.org/' },
    ]);
    expect(v04.commons.values.get('http://schema.org/codeRepository')).toEqual([{ iri: 'https://git.example.org/outil' }]);
    expect(() => readPubliccode('name: [unclosed', 'x:y', NOW)).toThrow(/not valid YAML \(line 1, column \d+\)/);
    expect(() => readPubliccode('publiccodeYmlVersion: "0.1"\nname: x\n', 'x:y', NOW)).toThrow(ImportError);
    expect(() => readPubliccode('publiccodeYmlVersion: "0.2"\n', 'x:y', NOW)).toThrow(/"name" is missing/);
    const cli = await run('import.ts', ['publiccode', path.join(PC, 'no-such-file.yml')]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('no-such-file.yml: no such file');
  });
});

describe('publiccode.yml importer, from a URL given on the command line', { timeout: 120_000 }, () => {
  it('fetches that one document, records it as the source, and follows no link found inside', async () => {
    const { createServer } = await import('node:http');
    const yaml = await readFile(path.join(PC, 'catala.yml'), 'utf8');
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(yaml);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/catala/publiccode.yml`;
      const dir = await dataset();
      const cli = await run('import.ts', ['publiccode', url, '--data', dir, '--dry-run']);
      expect(cli.stdout).toContain(`dcterms:source <${url}>`);
      expect(cli.stdout).toContain('schema:name "Catala"');
      // landingURL, roadmap, logo and the funder's page are in the file: none of them is requested.
      expect(requests).toEqual(['/catala/publiccode.yml']);
    } finally {
      server.close();
    }
  });
});
