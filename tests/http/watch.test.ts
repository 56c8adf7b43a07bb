// `--watch` and /health on the real server and real files: a change to a file in a temporary copy of the
// data reloads the graph; a broken change keeps the last good graph served, and its error (file, line,
// message) is on every page and in /health until the file is fixed.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { VALID, copyDataset } from '../helpers.js';

type Health = { status: string; lastReload: null | { at: string; ok: boolean; error?: { file?: string; line?: number; column?: number; message: string; count: number } } };

/** Waits until /health reports a reload attempt after `after` (the test's own timeout bounds the wait). */
async function nextReload(server: RunningServer, after: string | undefined): Promise<Health> {
  for (;;) {
    const health = (await (await fetch(`${server.url}/health`)).json()) as Health;
    if (health.lastReload && health.lastReload.at !== after) return health;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('--watch', () => {
  let data: Awaited<ReturnType<typeof copyDataset>>;
  let server: RunningServer;
  let file: string;
  let original: string;
  const page = async (p: string) => (await fetch(`${server.url}${p}`, { headers: { accept: 'text/html' } })).text();

  beforeAll(async () => {
    data = await copyDataset(VALID);
    file = path.join(data.dir, 'commons', 'decidim.ttl');
    original = await readFile(file, 'utf8');
    server = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: data.dir, watch: true }, {}), () => {});
  });
  afterAll(async () => {
    await server?.close();
    await data?.cleanup();
  });

  it('reloads when a data file changes', async () => {
    expect((await fetch(`${server.url}/health`).then((r) => r.json())).lastReload).toBeNull();
    await writeFile(file, original.replace('schema:name "Decidim"', 'schema:name "Decidim renamed"'));
    const health = await nextReload(server, undefined);
    expect(health).toMatchObject({ status: 'ok', lastReload: { ok: true } });
    expect(await page('/id/commons/decidim')).toContain('Decidim renamed');
    expect(await page('/')).not.toContain('reload-problem');
  });

  it('keeps serving the last good graph on a broken change, and shows its error on every page and in /health', async () => {
    const before = ((await fetch(`${server.url}/health`).then((r) => r.json())) as Health).lastReload!.at;
    // line 9: an unclosed string
    await writeFile(file, original.replace('schema:name "Decidim" ;', 'schema:name "Decidim broken ;'));
    const health = await nextReload(server, before);
    expect(health.status).toBe('degraded');
    expect(health.lastReload).toMatchObject({ ok: false, error: { line: 9 } });
    expect(health.lastReload!.error!.file).toMatch(/commons\/decidim\.ttl$/);
    expect(health.lastReload!.error!.message.length).toBeGreaterThan(0);
    for (const p of ['/', '/commons', '/id/commons/decidim', '/id/actors/la-mednum?lang=en']) {
      const html = await page(p);
      expect(html, p).toContain('class="reload-problem" role="alert"');
      expect(html, p).toMatch(/commons\/decidim\.ttl:9:\d+ /);
    }
    // the previous graph is still the one served
    expect(await page('/id/commons/decidim')).toContain('Decidim renamed');

    await writeFile(file, original);
    const fixed = await nextReload(server, health.lastReload!.at);
    expect(fixed).toMatchObject({ status: 'ok', lastReload: { ok: true } });
    expect(fixed.lastReload!.error).toBeUndefined();
    expect(await page('/')).not.toContain('reload-problem');
    expect(await page('/id/commons/decidim')).not.toContain('Decidim renamed');
  });
});

describe('/health after a reload without --watch', () => {
  it('says when the last reload was tried, that it failed and its first error, and never shows it on pages', async () => {
    const data = await copyDataset(VALID);
    const server = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: data.dir }, {}), () => {});
    try {
      await writeFile(path.join(data.dir, 'commons', 'semapps.ttl'), 'this is not turtle\n');
      const result = await server.graphRef.reload();
      expect(result.ok).toBe(false);
      const health = (await fetch(`${server.url}/health`).then((r) => r.json())) as Health;
      expect(health.status).toBe('degraded');
      expect(health.lastReload).toMatchObject({ ok: false, error: { line: 1, count: 1 } });
      expect(health.lastReload!.error!.file).toMatch(/commons\/semapps\.ttl$/);
      expect(Date.parse(health.lastReload!.at)).not.toBeNaN();
      const html = await (await fetch(`${server.url}/`, { headers: { accept: 'text/html' } })).text();
      expect(html).not.toContain('reload-problem');
    } finally {
      await server.close();
      await data.cleanup();
    }
    // Starting a server inside the test takes long on a busy machine: a safety net, not a speed assertion.
  }, 180_000);
});
