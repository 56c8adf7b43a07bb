// Every kind of finding has a broken dataset in tests/fixtures/invalid/<case>/, with the exact report
// expected from the validator in its expected.txt: location, message and hint.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../../src/validate/run-validate.js';
import { formatText } from '../../src/validate/format.js';
import { FINDING_CODES } from '../../src/validate/finding.js';
import { BASE, FIXTURES, ROOT } from '../helpers.js';

const INVALID = path.join(FIXTURES, 'invalid');
const cases = readdirSync(INVALID).sort();

describe('validator on broken fixtures', () => {
  it('covers every kind of finding the validator can report', async () => {
    const seen = new Set<string>();
    for (const name of cases) {
      const run = await runValidate({ paths: [path.join(INVALID, name)], dataDir: path.join(ROOT, 'data'), baseIri: BASE, lang: 'en', cwd: ROOT });
      for (const f of run.findings) seen.add(f.code);
    }
    expect([...seen].sort()).toEqual([...FINDING_CODES].sort());
  }, 120_000);

  it.each(cases)('%s: reports exactly the expected findings', async (name) => {
    const dir = path.join(INVALID, name);
    const expected = readFileSync(path.join(dir, 'expected.txt'), 'utf8').trim();
    const run = await runValidate({ paths: [dir], dataDir: path.join(ROOT, 'data'), baseIri: BASE, lang: 'en', cwd: ROOT });
    expect(formatText(run.findings)).toBe(expected);
    // Each case shows a problem: an error, or for what still loads (a skipped file, a likely duplicate) a warning.
    expect(run.findings.length).toBeGreaterThan(0);
  });

  // French mode is French throughout, the Turtle parser's own messages included.
  it.each(cases.filter((name) => existsSync(path.join(INVALID, name, 'expected.fr.txt'))))('%s: reports the same in French', async (name) => {
    const dir = path.join(INVALID, name);
    const expected = readFileSync(path.join(dir, 'expected.fr.txt'), 'utf8').trim();
    const run = await runValidate({ paths: [dir], dataDir: path.join(ROOT, 'data'), baseIri: BASE, lang: 'fr', cwd: ROOT });
    expect(formatText(run.findings, 'fr')).toBe(expected);
  });
});
