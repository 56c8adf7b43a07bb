// npm start as a user runs it: a real process, real signals.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, run, waitFor } from './run.js';
import { VALID } from '../helpers.js';

const serving = /serving (http:\/\/\S+)/;
// Each test starts the real CLI (a loading thread, then a query worker): 5–10 s on a quiet machine, several
// times that on a shared CI machine. A safety net against hangs, not a speed check.
const SAFETY = 180_000;

describe('npm start', () => {
  it('serves the data, then stops cleanly on SIGTERM', async () => {
    const child = cli('serve.ts', ['--port', '0', '--host', '127.0.0.1', '--data', 'tests/fixtures/valid']);
    const [, url] = await waitFor(child, serving);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
  }, SAFETY);

  it('refuses to start on broken data and says where the error is', async () => {
    const result = await run('serve.ts', ['--port', '0', '--data', 'tests/fixtures/invalid/dangling-link']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('tests/fixtures/invalid/dangling-link/commons/decidim.ttl:17:22 error: actor:open-source-politic is not described by any file');
    expect(result.stderr).toContain('nothing is served');
  });

  it('serves shape violations as warnings with --no-strict, but never a syntax error', async () => {
    const child = cli('serve.ts', ['--port', '0', '--host', '127.0.0.1', '--no-strict', '--data', 'tests/fixtures/invalid/dangling-link']);
    const [, url] = await waitFor(child, serving);
    expect((await (await fetch(`${url}/health`)).json()).warnings).toBe(1);
    child.kill('SIGTERM');
    const syntax = await run('serve.ts', ['--port', '0', '--no-strict', '--data', 'tests/fixtures/invalid/syntax']);
    expect(syntax.code).toBe(1);
  }, SAFETY);

  it('reloads on SIGHUP, and keeps the last good data when the new data is broken', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'uc-serve-'));
    try {
      await cp(VALID, dir, { recursive: true });
      const child = cli('serve.ts', ['--port', '0', '--host', '127.0.0.1', '--data', dir]);
      const [, url] = await waitFor(child, serving);
      const count = async () => Number(/data-count="commons">(\d+)</.exec(await (await fetch(url)).text())?.[1]);
      expect(await count()).toBe(2);

      await writeFile(path.join(dir, 'commons', 'broken.ttl'), '<a> <b> ');
      child.kill('SIGHUP');
      await waitFor(child, /reload failed, still serving the previous data/);
      expect(await count()).toBe(2);

      await rm(path.join(dir, 'commons', 'semapps.ttl'));
      await rm(path.join(dir, 'commons', 'broken.ttl'));
      child.kill('SIGHUP');
      await waitFor(child, /reloaded:/);
      expect(await count()).toBe(1);
      child.kill('SIGTERM');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, SAFETY);

  it('--watch reloads on a file change, and a broken change keeps the last good data with its error on the pages', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'uc-watch-'));
    await cp(VALID, dir, { recursive: true });
    const child = cli('serve.ts', ['--port', '0', '--host', '127.0.0.1', '--watch', '--data', dir]);
    try {
      const [, url] = await waitFor(child, serving);
      const count = async () => Number(/data-count="commons">(\d+)</.exec(await (await fetch(url)).text())?.[1]);
      expect(await count()).toBe(2);
      await writeFile(path.join(dir, 'commons', 'broken.ttl'), '<a> <b> ');
      await waitFor(child, /reload after a change failed, still serving the previous data/);
      const page = await (await fetch(url)).text();
      expect(page).toMatch(/class="reload-problem" role="alert"/);
      expect(page).toMatch(/commons\/broken\.ttl:1:\d+ /);
      expect(await count()).toBe(2);
      await rm(path.join(dir, 'commons', 'broken.ttl'));
      await rm(path.join(dir, 'commons', 'semapps.ttl'));
      await waitFor(child, /reloaded after a change/);
      // The two removals may come as one reload or two: wait for the one that saw both.
      while ((await count()) !== 1) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await (await fetch(url)).text()).not.toContain('reload-problem');
    } finally {
      child.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    }
  }, SAFETY);

  it('logs each phase of the start and of a reload on a line of its own', async () => {
    const child = cli('serve.ts', ['--port', '0', '--host', '127.0.0.1', '--data', 'tests/fixtures/valid']);
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    try {
      await waitFor(child, serving);
      const phases = ['read and parse', 'validation', 'views and search index', 'SPARQL workers'];
      for (const phase of phases) expect(output).toMatch(new RegExp(`^start: ${phase} \\d+\\.\\d+ s`, 'm'));
      expect(output).toMatch(/^start: read and parse .* \(\d+ files, \d+ triples\)$/m);
      expect(output).toMatch(/^start: validation .* \(strict; shapes: \d+ batches\)$/m);
      child.kill('SIGHUP');
      await Promise.all([waitFor(child, /^reload: SPARQL workers /m), waitFor(child, /^reload: views and search index /m)]);
      for (const phase of phases) expect(output).toMatch(new RegExp(`^reload: ${phase} \\d+\\.\\d+ s`, 'm'));
      // Nothing changed: every batch of the shapes is known from the start.
      const [, checked, unchanged] = /^reload: validation .* \(strict; shapes: (\d+) batches, (\d+) unchanged\)$/m.exec(output)!;
      expect(unchanged).toBe(checked);
    } finally {
      child.kill('SIGTERM');
    }
  }, SAFETY);

  it('explains a bad option instead of starting', async () => {
    const result = await run('serve.ts', ['--port', 'eighty']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/port "eighty" is not a number/);
    expect(result.stderr).toMatch(/usage: npm start/);
  });
});
