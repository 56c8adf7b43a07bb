// Shapes must accept what the vocabulary documents, not only reject mistakes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../../src/validate/run-validate.js';
import { BASE, DATA, FIXTURES, ROOT } from '../helpers.js';

const validate = (dir: string) => runValidate({ paths: [dir], dataDir: DATA, baseIri: BASE, lang: 'en', cwd: ROOT });

describe('shapes', () => {
  it('accept a SCIC membership with roles, a college and a typed start date, written with relative IRIs', async () => {
    const run = await validate(path.join(FIXTURES, 'membership'));
    expect(run.findings).toEqual([]);
    expect(run.files).toBe(2);
  });

  it('accept the small real dataset used by the server tests', async () => {
    expect((await validate(path.join(FIXTURES, 'valid'))).findings).toEqual([]);
  });
});
