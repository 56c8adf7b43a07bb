// Every IRI under the configured base is dereferenceable at its path, whatever the dataset: another folder
// served under --base-iri https://example.org/dir/ (non-strict, since the bundled schemes keep their w3id IRIs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { PREFIXES, UC } from '../../src/rdf/namespaces.js';
import { FIXTURES } from '../helpers.js';
import { hasTriple, parseRdf } from './parse-rdf.js';

const BASE = 'https://example.org/dir/';
let running: RunningServer;
beforeAll(async () => {
  const config = createConfig({ port: '0', host: '127.0.0.1', data: path.join(FIXTURES, 'other-base'), baseIri: BASE, strict: false }, {});
  running = await startServer(config, () => {});
});
afterAll(() => running.close());

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${running.url}${p}`, { headers });

describe('another dataset under another base IRI', () => {
  it.each([
    ['/id/commons/atlas', `${BASE}id/commons/atlas`, `${PREFIXES.schema}maintainer`, `${BASE}id/actors/cartographes`],
    ['/id/actors/cartographes', `${BASE}id/commons/atlas`, `${PREFIXES.schema}maintainer`, `${BASE}id/actors/cartographes`],
    ['/id/projects/carte-commune', `${BASE}id/projects/carte-commune`, `${UC}buildsOn`, `${BASE}id/commons/atlas`],
  ])('serves %s with its canonical IRIs', async (at, s, p, o) => {
    for (const type of ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml']) {
      const response = await get(at, { accept: type });
      expect(response.status).toBe(200);
      expect(hasTriple(await parseRdf(await response.text(), type, `${BASE}${at.slice(1)}`), s, p, o)).toBe(true);
    }
  });

  it('names the canonical IRI under the configured base and the alternates on this origin', async () => {
    const link = (await get('/id/commons/atlas.ttl')).headers.get('link') ?? '';
    expect(link).toContain(`<${BASE}id/commons/atlas>; rel="canonical"`);
    expect(link).toContain('</id/commons/atlas.jsonld>; rel="alternate"');
  });

  it('writes the base\'s own prefixes in Turtle', async () => {
    expect(await (await get('/id/commons/atlas.ttl')).text()).toContain(`@prefix commons: <${BASE}id/commons/>`);
  });

  it('does not serve the w3id entities of the bundled dataset', async () => {
    expect((await get('/id/commons/decidim', { accept: 'text/turtle' })).status).toBe(404);
  });

  it('shows a plain page for an entity of any kind, links on this origin', async () => {
    const response = await get('/id/projects/carte-commune', { accept: 'text/html' });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Carte commune');
    expect(html).toContain('href="/id/commons/atlas"');
  });
});
