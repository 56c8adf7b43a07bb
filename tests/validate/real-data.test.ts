// The bundled data is the project's promise to its users: it must validate clean, warnings included,
// and meet the floor the cooperative set for its first release.
import { describe, expect, it } from 'vitest';
import { checkDataset } from '../../src/validate/check-dataset.js';
import { PREFIXES, RDF_TYPE, UC } from '../../src/rdf/namespaces.js';
import { BASE, DATA, ONTOLOGY, ROOT } from '../helpers.js';

const checked = await checkDataset({ ontologyDir: ONTOLOGY, dataDir: DATA, baseIri: BASE, cwd: ROOT });
const store = checked.union!;
const subjectsOf = (type: string) => new Set(store.getQuads(null, RDF_TYPE, type, null).map((q) => q.subject.value));

describe('the bundled data/', () => {
  it('has no error and no warning', () => {
    expect(checked.findings.map((f) => `${f.location.file}:${f.location.line} ${f.message}`)).toEqual([]);
  });

  it('describes at least 25 commons and 30 organisations', () => {
    expect(subjectsOf(`${UC}DigitalCommons`).size).toBeGreaterThanOrEqual(25);
    const organisations = new Set([...subjectsOf(`${PREFIXES.org}Organization`), ...subjectsOf(`${PREFIXES.org}FormalOrganization`)]);
    expect(organisations.size).toBeGreaterThanOrEqual(30);
  });

  it('gives every commons and organisation a French and an English description', () => {
    const entries = [...subjectsOf(`${UC}DigitalCommons`), ...subjectsOf(`${PREFIXES.org}FormalOrganization`), ...subjectsOf(`${PREFIXES.org}Organization`)];
    for (const entry of entries) {
      const langs = store.getQuads(entry, `${PREFIXES.schema}description`, null, null).map((q) => (q.object as { language: string }).language);
      // fr and en, once each; an imported entry may keep its source's own language too (@it, @nl).
      expect(langs.filter((l) => l === 'fr' || l === 'en').sort(), entry).toEqual(['en', 'fr']);
      expect(new Set(langs).size, entry).toBe(langs.length);
    }
  });

  it('contains no e-mail address', () => {
    const mails = store.getQuads(null, null, null, null).filter((q) => /mailto:|[\w.+-]+@[\w-]+\.[\w.]+/.test(q.object.value));
    expect(mails.map((q) => q.object.value)).toEqual([]);
  });

  it('links each French region to Wikidata', () => {
    const regions = store.getQuads(null, `${PREFIXES.skos}broader`, `${BASE}id/territories/france`, null).map((q) => q.subject.value);
    expect(regions.length).toBe(18);
    for (const region of regions) {
      expect(store.getQuads(region, `${PREFIXES.skos}exactMatch`, null, null)[0]?.object.value, region).toMatch(/^http:\/\/www\.wikidata\.org\/entity\/Q\d+$/);
    }
  });
});

describe('the uc: vocabulary', () => {
  it('gives every term a label and a comment in French and English', () => {
    const terms = new Set(store.getQuads(null, RDF_TYPE, null, null).map((q) => q.subject.value).filter((s) => s.startsWith(UC)));
    expect(terms.size).toBeGreaterThan(8);
    const langs = (term: string, p: string) => store.getQuads(term, p, null, null).map((q) => (q.object as { language: string }).language).sort();
    for (const term of terms) {
      expect(langs(term, `${PREFIXES.rdfs}label`), term).toEqual(['en', 'fr']);
      expect(langs(term, `${PREFIXES.rdfs}comment`), term).toEqual(['en', 'fr']);
    }
  });
});
