// Every kind of finding has a broken dataset in tests/fixtures/invalid/<case>/, with the exact report
// expected from the validator in its expected.txt: location, message and hint.
import { readdirSync, readFileSync } from 'node:fs';
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
  });

  it.each(cases)('%s: reports exactly the expected findings', async (name) => {
    const dir = path.join(INVALID, name);
    const expected = readFileSync(path.join(dir, 'expected.txt'), 'utf8').trim();
    const run = await runValidate({ paths: [dir], dataDir: path.join(ROOT, 'data'), baseIri: BASE, lang: 'en', cwd: ROOT });
    expect(formatText(run.findings)).toBe(expected);
    expect(run.findings.some((f) => f.severity === 'error')).toBe(true);
  });
});
