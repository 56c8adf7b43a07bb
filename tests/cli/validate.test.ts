import { describe, expect, it } from 'vitest';
import { npmRun, run } from './run.js';

describe('npm run validate', () => {
  it('exits 0 on a valid dataset', async () => {
    const result = await run('validate.ts', ['tests/fixtures/valid']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/8 files checked: 0 errors, 0 warnings/);
  });

  it('exits 1 and prints file:line:column, message and hint on a broken one', async () => {
    const result = await run('validate.ts', ['tests/fixtures/invalid/dangling-link']);
    expect(result.code).toBe(1);
    expect(result.stdout.trim()).toBe(
      'tests/fixtures/invalid/dangling-link/commons/decidim.ttl:17:22 error: actor:open-source-politic is not described by any file — did you mean actor:open-source-politics? If not, describe it in a new file tests/fixtures/invalid/dangling-link/actors/open-source-politic.ttl',
    );
  });

  it('writes GitHub annotations with --format github, in French with --lang fr', async () => {
    const result = await run('validate.ts', ['tests/fixtures/invalid/unknown-licence', '--format', 'github', '--lang', 'fr']);
    expect(result.code).toBe(1);
    expect(result.stdout.trim()).toBe(
      "::error file=tests/fixtures/invalid/unknown-licence/commons/decidim.ttl,line=14,col=18,title=unknown-licence::spdx%3AAGPL-3.0-onyl n'est pas un identifiant de licence SPDX — vouliez-vous dire spdx:AGPL-3.0-only ? Sinon, choisissez l'identifiant exact sur https://spdx.org/licenses/ (par exemple AGPL-3.0-only, MIT, etalab-2.0)".replace('spdx%3A', 'spdx:'),
    );
  });

  it('writes JSON for tools with --format json', async () => {
    const result = await run('validate.ts', ['tests/fixtures/invalid/path-mismatch', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ file: 'tests/fixtures/invalid/path-mismatch/commons/decidim.ttl', line: 8, column: 1, code: 'path-mismatch', severity: 'error' }),
    ]);
  });

  it('reports only on the paths asked for, but always on syntax errors', async () => {
    const one = await run('validate.ts', ['tests/fixtures/invalid/duplicate-subject/commons/decidim.ttl']);
    expect(one.code).toBe(0);
    const other = await run('validate.ts', ['tests/fixtures/invalid/syntax/actors']);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/commons\/decidim\.ttl:10:3 error: Turtle syntax error/);
  });

  it('exits 2 on a usage error', async () => {
    expect((await run('validate.ts', ['--format', 'xml'])).code).toBe(2);
    expect((await run('validate.ts', ['no/such/path'])).code).toBe(2);
  });
});

// The commands exactly as README and CONTRIBUTING write them, through npm itself: without `--`, npm keeps
// --lang and --format for itself and passes only their values on, which the validator must still understand.
describe('npm run validate, as documented', { timeout: 120_000 }, () => {
  const npm = (args: string[]) => npmRun(['validate', ...args]);
  const findings = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('tests/') || line.startsWith('::'));

  it('npm run validate FILE --lang fr: French throughout, summary line included', async () => {
    const result = await npm(['tests/fixtures/invalid/unterminated-string', '--lang', 'fr']);
    expect(result.code).toBe(1);
    expect(findings(result.stdout)).toEqual([
      'tests/fixtures/invalid/unterminated-string/commons/decidim.ttl:9:15 erreur : erreur de syntaxe Turtle : texte non terminé : ce guillemet n\'est jamais fermé — fermez le texte par le même guillemet sur cette ligne, ou utilisez """…""" pour un texte sur plusieurs lignes',
    ]);
    expect(result.stderr).toMatch(/2 fichiers vérifiés : 1 erreur, 0 avertissement/);
    expect(result.stderr).not.toMatch(/no such file/);
  });

  it('npm run validate FILE --format github, and with --lang fr after it', async () => {
    const result = await npm(['tests/fixtures/invalid/unknown-licence', '--format', 'github']);
    expect(result.code).toBe(1);
    expect(findings(result.stdout)).toEqual([expect.stringMatching(/^::error file=tests\/fixtures\/invalid\/unknown-licence\/commons\/decidim\.ttl,line=14,col=18,title=unknown-licence::spdx:AGPL-3\.0-onyl is not/)]);
    const french = await npm(['tests/fixtures/invalid/unknown-licence', '--format', 'github', '--lang', 'fr']);
    expect(findings(french.stdout)).toEqual([expect.stringMatching(/title=unknown-licence::spdx:AGPL-3\.0-onyl n'est pas un identifiant/)]);
  });

  it('still takes the flags after --, and says what to do with a value it cannot place', async () => {
    const result = await npm(['--', 'tests/fixtures/valid', '--lang', 'fr']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/8 fichiers vérifiés : 0 erreur, 0 avertissement/);
    const unknown = await npm(['tests/fixtures/valid', 'nowhere']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/nowhere: no such file or folder \(if it was the value of a flag, npm kept the flag: write npm run validate -- … --flag value\)/);
  });
});
