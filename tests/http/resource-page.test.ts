// The fallback page of described IRIs, on its own (the dedicated pages, mounted before it in the app,
// would otherwise answer first): labels, anchors, links on this origin, and everything escaped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createGraphRef } from '../../src/graph/graph-ref.js';
import { createViews } from '../../src/render/views.js';
import { resourcePageRoutes } from '../../src/http/routes/resource-page.js';
import { BASE, FIXTURES, ONTOLOGY, ROOT, VALID } from '../helpers.js';

const servers: Server[] = [];
async function serve(dataDir: string, baseIri: string, strict: boolean): Promise<string> {
  const graphRef = await createGraphRef({ ontologyDir: ONTOLOGY, dataDir, baseIri, strict, cwd: ROOT });
  const app = express().use(resourcePageRoutes(graphRef, await createViews(path.join(ROOT, 'views'))));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let bundled: string;
let hostile: string;
beforeAll(async () => {
  bundled = await serve(VALID, BASE, true);
  hostile = await serve(path.join(FIXTURES, 'other-base'), 'https://example.org/dir/', false);
});
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

const html = async (url: string) => {
  const response = await fetch(url, { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  return response.text();
};

describe('resource page', () => {
  it('renders the vocabulary with labels, its terms as anchors and links to each syntax', async () => {
    const page = await html(`${bundled}/ns`);
    expect(page).toContain('<h1>Vocabulaire Usages communs</h1>');
    expect(page).toContain('id="DigitalCommons"');
    expect(page).toContain('href="/ns.ttl"');
    // Local IRIs link to this origin, not to w3id; predicates show as prefixed names.
    expect(page).toContain('href="/ns"');
    expect(page).not.toContain(`href="${BASE}ns"`);
    expect(page).toContain('rdfs:comment');
  });

  it('renders a concept scheme in English on request, with labels rather than IRIs', async () => {
    const page = await html(`${bundled}/id/themes?lang=en`);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1>Themes</h1>');
    expect(page).toContain('<a href="/id/themes/civic-participation">Civic participation</a>');
    // A literal in another language than the page's says so.
    expect(page).toContain('<span lang="fr">Thèmes</span>');
  });

  it('shows what points to an entity', async () => {
    const page = await html(`${bundled}/id/actors/open-source-politics`);
    expect(page).toContain('<a href="/id/commons/decidim">Decidim</a>');
  });

  it('leaves unknown IRIs and syntax extensions to other routes', async () => {
    expect((await fetch(`${bundled}/id/commons/nowhere`)).status).toBe(404);
    expect((await fetch(`${bundled}/id/commons/decidim.ttl`)).status).toBe(404);
  });

  it('escapes markup and never makes a javascript: IRI a live link', async () => {
    const page = await html(`${hostile}/id/commons/atlas`);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
    expect(page).not.toContain('<img');
    expect(page).not.toMatch(/href="javascript:/i);
    expect(page).toContain('javascript:alert(1)');
  });
});
