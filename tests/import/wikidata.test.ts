import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE, FIXTURES, ONTOLOGY, VALID, copyDataset } from '../helpers.js';
import { run } from '../cli/run.js';
import { readWikidata, readLicenceMap, wikidataDate, qidFrom, licenceMapFromResults } from '../../src/import/wikidata.js';
import { ImportError } from '../../src/import/publiccode.js';
import { toTurtle } from '../../src/import/draft.js';

const WD = path.join(FIXTURES, 'wikidata');
const NOW = new Date('2026-11-30T12:00:00Z');
const LICENCES = path.join(ONTOLOGY, 'mappings', 'wikidata-licences.json');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const statement = (property: string, id: string, rank = 'normal') => ({
  mainsnak: { snaktype: 'value', property, datavalue: { value: { 'entity-type': 'item', id }, type: 'wikibase-entityid' } },
  type: 'statement',
  rank,
});

describe('Wikidata importer', { timeout: 120_000 }, () => {
  it('turns an organisation item into an organisation entry with sameAs, its website and founding year', async () => {
    const read = readWikidata(await readFile(path.join(WD, 'Q3080414.json'), 'utf8'), 'Q3080414', await readLicenceMap(LICENCES), NOW, 'actors');
    const turtle = toTurtle(read.entry, BASE);
    expect(read.entry.kind).toBe('actors');
    expect(turtle).toContain('schema:sameAs <http://www.wikidata.org/entity/Q3080414>');
    expect(turtle).toContain('schema:url <https://framasoft.org/>');
    expect(turtle).toContain('schema:foundingDate "2004"^^xsd:gYear');
    expect(turtle).toContain('dcterms:source <http://www.wikidata.org/entity/Q3080414>');
    expect(turtle).toContain('prov:generatedAtTime "2026-11-30T12:00:00Z"^^xsd:dateTime');
    // Wikidata gives no description in the fixture: none is invented.
    expect(turtle).not.toContain('schema:description');
    expect(read.notes.map((n) => n.field)).toEqual(['descriptions.fr', 'descriptions.en']);
  });

  it('maps a licence item through its SPDX id from the mapping file, skips deprecated statements and prefers preferred ones', async () => {
    const doc = JSON.parse(await readFile(path.join(WD, 'Q936.json'), 'utf8'));
    // Statements added by this test, to exercise the mapping: not claims about the real item.
    doc.entities.Q936.claims.P275 = [statement('P275', 'Q27020062'), statement('P275', 'Q334661', 'deprecated')];
    doc.entities.Q936.claims.P1324 = [{ mainsnak: { snaktype: 'value', property: 'P1324', datavalue: { value: 'https://example.org/a.git', type: 'string' } }, rank: 'normal' },
      { mainsnak: { snaktype: 'value', property: 'P1324', datavalue: { value: 'https://example.org/b', type: 'string' } }, rank: 'preferred' }];
    const read = readWikidata(JSON.stringify(doc), undefined, await readLicenceMap(LICENCES), NOW);
    expect(read.entry.kind).toBe('commons');
    const turtle = toTurtle(read.entry, BASE);
    expect(turtle).toContain('schema:license spdx:AGPL-3.0-or-later');
    expect(turtle).not.toContain('spdx:MIT');
    expect(turtle).toContain('schema:codeRepository <https://example.org/b>');
    expect(turtle).not.toContain('example.org/a');
    expect(turtle).toContain('schema:dateCreated "2004"^^xsd:gYear');
    doc.entities.Q936.claims.P275 = [statement('P275', 'Q99999999')];
    const unmapped = readWikidata(JSON.stringify(doc), 'Q936', { licences: {} }, NOW);
    expect(unmapped.notes.find((n) => n.field === 'P275')?.message).toMatch(/Q99999999 has no SPDX identifier in the mapping file/);
  });

  it('writes the entry through the validator: a commons without licence or text is reported, not written', async () => {
    const { dir, cleanup } = await copyDataset(VALID);
    cleanups.push(cleanup);
    const cli = await run('import.ts', ['wikidata', path.join(WD, 'Q936.json'), '--data', dir, '--as', 'commons', '--theme', 'mapping']);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('not written: ');
    expect(cli.stdout).toMatch(/commons\/openstreetmap\.ttl:\d+:\d+ error: commons:openstreetmap: Missing French description/);
    expect(cli.stdout).toMatch(/error: commons:openstreetmap: Licence: an SPDX IRI is required/);
    expect(cli.stdout).toMatch(/error: commons:openstreetmap: Carrier: at least one organisation/);
  });

  it('reads ids, dates and licence query results, and refuses what is not entity JSON', async () => {
    expect(qidFrom('https://www.wikidata.org/wiki/Q3080414')).toBe('Q3080414');
    expect(qidFrom('http://www.wikidata.org/entity/Q936')).toBe('Q936');
    expect(qidFrom('Q0')).toBeUndefined();
    expect(wikidataDate({ time: '+2016-03-00T00:00:00Z', precision: 10 })).toMatchObject({ value: '2016-03' });
    expect(wikidataDate({ time: '+2016-03-04T00:00:00Z', precision: 11 })).toMatchObject({ value: '2016-03-04' });
    expect(wikidataDate({ time: '+2000-00-00T00:00:00Z', precision: 8 })).toBeUndefined();
    expect(licenceMapFromResults({ results: { bindings: [
      { licence: { value: 'http://www.wikidata.org/entity/Q27020062' }, spdx: { value: 'agpl-3.0-or-later' } },
      { licence: { value: 'http://www.wikidata.org/entity/Q1' }, spdx: { value: 'Not-A-Licence' } },
    ] } }, 'x').licences).toEqual({ Q27020062: 'AGPL-3.0-or-later' });
    expect(() => readWikidata('{"foo": 1}', undefined, { licences: {} }, NOW)).toThrow(/no "entities" object/);
    expect(() => readWikidata('not json', undefined, { licences: {} }, NOW)).toThrow(ImportError);
    const bare = JSON.stringify({ entities: { Q5: { id: 'Q5', labels: { en: { value: 'x' } }, claims: {} } } });
    expect(() => readWikidata(bare, undefined, { licences: {} }, NOW)).toThrow(/--as commons or --as organisation/);
  });

  it('imports an organisation from a saved file with the CLI, matching nothing by name alone', async () => {
    const { dir, cleanup } = await copyDataset(VALID);
    cleanups.push(cleanup);
    const cli = await run('import.ts', ['wikidata', path.join(WD, 'Q3080414.json'), '--data', dir, '--as', 'organisation', '--draft']);
    expect(cli.stdout).toContain('written: ');
    const written = await readFile(path.join(dir, 'actors', 'framasoft.ttl'), 'utf8');
    expect(written).toContain('schema:sameAs <http://www.wikidata.org/entity/Q3080414>');
    expect(cli.stderr).toMatch(/no French description on Wikidata; none is invented/);
  });
});
