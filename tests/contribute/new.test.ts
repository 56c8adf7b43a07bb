// `npm run new` as a contributor runs it: the file lands at the right path, built from the shapes; left as
// is, the validator reports each TODO once; filled in, it validates clean; an existing slug is refused.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIND_NAMES, readEntryModel } from '../../src/contribute/entry-model.js';
import { skeleton } from '../../src/contribute/skeleton.js';
import { runValidate } from '../../src/validate/run-validate.js';
import { slugify } from '../../src/validate/slug.js';
import { BASE, ONTOLOGY, ROOT, VALID, copyDataset } from '../helpers.js';
import { npmRun } from '../cli/run.js';

const npmRunSilent = (args: string[]) => npmRun(['--silent', ...args]);

/** What a contributor would write in place of each TODO, by the placeholder's form. */
const FILLED: [RegExp, string][] = [
  [/"TODO: [^"]*"@fr/, '"Fiche d\'essai écrite par les tests de npm run new."@fr'],
  [/"TODO: [^"]*"@en/, '"Test entry written by the tests of npm run new."@en'],
  [/type:TODO/, 'type:association'],
  [/theme:TODO/, 'theme:open-data'],
  [/actor:TODO/, 'actor:la-mednum'],
  [/commons:TODO/, 'commons:decidim'],
  [/spdx:TODO/, 'spdx:AGPL-3.0-only'],
  [/<https:\/\/TODO>/, '<https://example.org/new-entry>'],
  [/"TODO"\^\^xsd:gYear/, '"2024"^^xsd:gYear'],
];

const fill = (text: string) => FILLED.reduce((t, [pattern, value]) => t.replace(new RegExp(pattern, 'g'), value), text);

describe('npm run new', { timeout: 120_000 }, () => {
  let dataset: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dataset = await copyDataset(VALID);
  });
  afterAll(async () => dataset.cleanup());

  it('makes slugs of lowercase ASCII letters, digits and hyphens, accents folded', () => {
    expect(slugify('La Quadrature du Net')).toBe('la-quadrature-du-net');
    expect(slugify("Fédération de l'Économie sociale & solidaire")).toBe('federation-de-l-economie-sociale-solidaire');
    expect(slugify('  Œuvre — 2024 ! ')).toBe('oeuvre-2024');
  });

  it.each(KIND_NAMES)('%s: writes the skeleton at the right path; each TODO is one finding; filled, it validates', async (kind) => {
    const name = `La Quadrature du Net ${kind}`;
    const result = await npmRunSilent(['new', '--', kind, name, '--data', dataset.dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const folder = readEntryModel().kind(kind).folder;
    const file = path.join(dataset.dir, folder, `la-quadrature-du-net-${kind}.ttl`);
    expect(result.stdout).toContain(`Created ${file}.`);
    expect(result.stdout).toContain(`npm run validate ${file}`);
    expect(result.stdout).toMatch(/pull request/);

    const validate = () => runValidate({ paths: [file], dataDir: dataset.dir, baseIri: BASE, lang: 'en', cwd: ROOT });
    const raw = await validate();
    expect(raw.findings.length).toBeGreaterThan(0);
    expect(raw.findings.map((f) => f.code)).toEqual(raw.findings.map(() => 'placeholder'));

    const text = await readFile(file, 'utf8');
    await writeFile(file, fill(text));
    expect(fill(text).split('\n').filter((line) => !line.trim().startsWith('#') && line.includes('TODO'))).toEqual([]);
    expect((await validate()).findings).toEqual([]);
  });

  it('refuses a slug that exists, and leaves the file alone', async () => {
    const file = path.join(dataset.dir, 'actors', 'la-mednum.ttl');
    const before = await readFile(file, 'utf8');
    const result = await npmRunSilent(['new', '--', 'organisation', 'La Mednum', '--data', dataset.dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} already exists`);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('speaks French with --lang fr, also without -- before it', async () => {
    const result = await npmRunSilent(['new', 'commons', 'Les Communs Essai', '--lang', 'fr', '--', '--data', dataset.dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Étapes suivantes');
    const text = await readFile(path.join(dataset.dir, 'commons', 'les-communs-essai.ttl'), 'utf8');
    expect(text).toMatch(/# Porté par \(obligatoire\)/);
  });

  it('follows the shapes: a property added to shapes.ttl appears in the skeleton', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'uc-ontology-'));
    try {
      await cp(ONTOLOGY, dir, { recursive: true });
      const shapes = path.join(dir, 'shapes.ttl');
      await writeFile(shapes, `${await readFile(shapes, 'utf8')}
ucsh:Organization sh:property [ sh:path schema:email ; sh:minCount 1 ; sh:nodeKind sh:IRI ; sh:name "Courriel"@fr, "Email"@en ] ,
  [ sh:path schema:slogan ; sh:datatype xsd:string ; sh:name "Devise"@fr, "Motto"@en ] .
`);
      const model = readEntryModel({ ontologyDir: dir });
      const text = skeleton({ model, kind: model.kind('organisation'), name: 'X', slug: 'x', file: 'data/actors/x.ttl', lang: 'en' });
      expect(text).toMatch(/^ {2}# Email \(required\)/m);
      expect(text).toMatch(/^ {2}schema:email <https:\/\/TODO> ;$/m);
      expect(text).toMatch(/^ {2}# schema:slogan "…" ; {2}# Motto/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
