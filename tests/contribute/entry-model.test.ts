// The entry model is read from ontology/shapes.ttl: these tests pin what the real shapes say, and show that a
// property added to the shapes reaches the model (and so the skeletons and the form) with no other change.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEntryModel, KIND_NAMES } from '../../src/contribute/entry-model.js';
import { ONTOLOGY } from '../helpers.js';

const model = readEntryModel();
const field = (kind: (typeof KIND_NAMES)[number], name: string) => model.kind(kind).fields.find((f) => f.name === name);

describe('entry model', () => {
  it('has the four kinds of entry, each with its class, folder and prefix', () => {
    expect(model.kinds.map((k) => [k.kind, k.type, k.folder, k.prefix])).toEqual([
      ['commons', 'uc:DigitalCommons', 'commons', 'commons'],
      ['organisation', 'org:Organization', 'actors', 'actor'],
      ['service', 'uc:Service', 'services', 'service'],
      ['project', 'uc:Project', 'projects', 'project'],
    ]);
    expect(model.kind('commons').label).toEqual({ fr: 'commun numérique', en: 'digital commons' });
    expect(model.kinds.every((k) => k.closed)).toBe(true);
  });

  it('lists the required fields of each kind from sh:minCount and sh:qualifiedMinCount', () => {
    const required = (kind: (typeof KIND_NAMES)[number]) => model.kind(kind).fields.filter((f) => f.required).map((f) => f.name);
    expect(required('commons')).toEqual(['schema:name', 'schema:description', 'schema:license', 'dcterms:subject', 'schema:maintainer']);
    expect(required('organisation')).toEqual(['schema:name', 'schema:description', 'org:classification']);
    expect(required('service').sort()).toEqual(['dcterms:subject', 'schema:description', 'schema:name', 'schema:provider', 'schema:url']);
    expect(required('project')).toEqual(['schema:name', 'schema:description', 'dcterms:subject']);
    // Merged from three shapes on schema:description: French required, English a warning, any language
    // tag allowed (an imported Italian or Dutch description is kept in its language).
    expect(field('commons', 'schema:description')).toMatchObject({
      required: true, recommended: false, requiredLanguages: ['fr'], recommendedLanguages: ['en'], uniqueLang: true, value: 'text', languageTagged: true,
    });
    expect(field('commons', 'schema:description')?.languages).toBeUndefined();
    expect(model.kind('commons').oneOf).toEqual([
      expect.objectContaining({ fields: ['http://schema.org/url', 'http://schema.org/codeRepository'] }),
    ]);
  });

  it('says what values each field takes: entries, concepts, choices, dates, texts', () => {
    expect(field('commons', 'schema:maintainer')).toMatchObject({ value: 'entry', kind: 'organisation', class: 'http://www.w3.org/ns/org#Organization' });
    expect(field('commons', 'uc:buildsOn')).toMatchObject({ value: 'entry', kind: 'commons' });
    expect(field('commons', 'dcterms:subject')).toMatchObject({ value: 'concept', scheme: 'https://w3id.org/usages-communs/id/themes' });
    expect(field('organisation', 'org:classification')).toMatchObject({ value: 'concept', maxCount: 1, required: true });
    expect(field('commons', 'codemeta:developmentStatus')?.choices).toContain('active');
    expect(field('project', 'schema:startDate')).toMatchObject({ value: 'date', maxCount: 1 });
    expect(field('project', 'uc:context')).toMatchObject({ value: 'text', languages: ['fr', 'en'], languageTagged: true });
    expect(field('commons', 'schema:programmingLanguage')).toMatchObject({ value: 'string', languageTagged: false });
    expect(field('commons', 'schema:license')).toMatchObject({ value: 'iri', pattern: '^http://spdx\\.org/licenses/[A-Za-z0-9.+-]+$' });
    expect(field('organisation', 'schema:name')?.label).toEqual({ fr: 'Nom', en: 'Name' });
    expect(field('commons', 'uc:usedBy')?.description.en).toMatch(/uses it/);
  });

  it('describes memberships, with the SCIC college and a nested period', () => {
    const byName = new Map(model.membership.fields.map((f) => [f.name, f]));
    expect([...byName.keys()]).toEqual(['org:member', 'org:organization', 'org:role', 'uc:college', 'org:memberDuring']);
    expect(byName.get('uc:college')).toMatchObject({ value: 'concept', scheme: 'https://w3id.org/usages-communs/id/colleges', maxCount: 1, required: false });
    const period = byName.get('org:memberDuring')!;
    expect(period.value).toBe('nested');
    expect(period.shape?.map((f) => f.name)).toEqual(['time:hasBeginning', 'time:hasEnd']);
    expect(period.shape?.[0].shape?.[0]).toMatchObject({ name: 'time:inXSDDate', value: 'date' });
  });

  it('reads the concept schemes with their labels and files', () => {
    const colleges = model.schemes.get('https://w3id.org/usages-communs/id/colleges')!;
    expect(colleges.file).toBe('ontology/schemes/colleges.ttl');
    expect(colleges.concepts.map((c) => c.name)).toContain('college:workers');
    const themes = model.schemes.get('https://w3id.org/usages-communs/id/themes')!;
    expect(themes.concepts.find((c) => c.name === 'theme:open-data')?.label).toEqual({ fr: 'Données ouvertes', en: 'Open data' });
  });

  it('follows the shapes: a property added to shapes.ttl appears in the model', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'uc-ontology-'));
    try {
      await cp(ONTOLOGY, dir, { recursive: true });
      const shapes = path.join(dir, 'shapes.ttl');
      const text = await readFile(shapes, 'utf8');
      await writeFile(shapes, `${text}\nucsh:Organization sh:property [ sh:path schema:email ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ;\n  sh:name "Courriel"@fr, "Email"@en ] .\n`);
      const changed = readEntryModel({ ontologyDir: dir });
      expect(changed.kind('organisation').fields.find((f) => f.name === 'schema:email')).toMatchObject({
        required: true, maxCount: 1, value: 'iri', label: { fr: 'Courriel', en: 'Email' },
      });
      expect(changed.kind('commons').fields.some((f) => f.name === 'schema:email')).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
