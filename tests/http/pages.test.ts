// The HTML pages over HTTP, on the real server: every page type in both languages, search in the URL,
// paging, 404s, links to the serving origin, no script sent, and the weight budget of list pages.
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { DATA, FIXTURES, ROOT, VALID, copyDataset } from '../helpers.js';

let real: RunningServer;
let fixtures: RunningServer;
let project: Awaited<ReturnType<typeof copyDataset>>;
beforeAll(async () => {
  project = await copyDataset(path.join(FIXTURES, 'project'));
  [real, fixtures] = await Promise.all([
    startServer(createConfig({ port: '0', host: '127.0.0.1', data: DATA, editBaseUrl: 'https://example.org/edit/main' }, {}), () => {}),
    startServer(createConfig({ port: '0', host: '127.0.0.1', data: project.dir }, {}), () => {}),
  ]);
});
afterAll(async () => {
  await real?.close();
  await fixtures?.close();
  await project?.cleanup();
});

const get = (server: RunningServer, p: string, headers: Record<string, string> = { accept: 'text/html' }) => fetch(`${server.url}${p}`, { headers });
const html = async (server: RunningServer, p: string, headers?: Record<string, string>) => {
  const response = await get(server, p, headers);
  expect(response.status, p).toBe(200);
  return response.text();
};
const hrefs = (page: string) => [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));

const PAGES = [
  '/', '/commons', '/commons?q=donnees', '/actors', '/actors?q=cooperative&type=scop', '/ecosystem', '/statistics', '/id/commons/decidim', '/id/actors/dinum', '/id/services/data-gouv-fr',
  '/id/themes/open-data', '/id/skills/software-development', '/id/territories/france', '/id/actor-types/association', '/id/themes',
];

describe('pages', () => {
  it.each(PAGES)('%s renders in French by default and in English on request, with the other language one link away', async (p) => {
    const fr = await get(real, p);
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(fr.headers.get('vary')).toMatch(/Accept-Language/);
    const frHtml = await fr.text();
    expect(frHtml).toContain('<html lang="fr">');
    expect(hrefs(frHtml)).toContain(`${p}${p.includes('?') ? '&' : '?'}lang=en`);
    const en = await html(real, p, { accept: 'text/html', 'accept-language': 'en' });
    expect(en).toContain('<html lang="en">');
    expect(await html(real, `${p}${p.includes('?') ? '&' : '?'}lang=en`)).toContain('<html lang="en">');
  });

  it.each(PAGES)('%s sends no script (only JSON-LD data) and links only to this origin or to http(s) pages', async (p) => {
    const page = await html(real, p);
    expect(page.match(/<script(?![^>]*application\/ld\+json)/g)).toBeNull();
    for (const href of hrefs(page)) expect(href, href).toMatch(/^(\/|#|https?:\/\/)/);
    // Entries of the directory link to the serving origin, not to their canonical IRIs.
    expect(hrefs(page).filter((h) => h.startsWith('https://w3id.org/'))).toEqual([]);
  });

  it('shows a commons page with its relations, links, source file and edit link, and JSON-LD', async () => {
    const page = await html(real, '/id/commons/decidim');
    expect(page).toContain('<h1>Decidim</h1>');
    expect(page).toContain('href="/id/actors/decidim-association"');
    expect(page).toContain('href="https://github.com/decidim/decidim"');
    expect(page).toContain('<code>data/commons/decidim.ttl</code>');
    expect(page).toContain('href="https://example.org/edit/main/data/commons/decidim.ttl"');
    const jsonLd = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)?.[1];
    expect(JSON.parse(jsonLd!)).toMatchObject({ '@type': ['SoftwareApplication'], name: 'Decidim' });
  });

  it('keeps the English page language on links to other pages', async () => {
    const page = await html(real, '/id/commons/decidim?lang=en');
    expect(hrefs(page)).toContain('/id/actors/decidim-association?lang=en');
  });

  it('shows the project portfolio, marking text in another language than the page', async () => {
    const page = await html(fixtures, '/id/projects/exemple-projet?lang=en');
    for (const heading of ['Context and mission', 'Method', 'The cooperative&#x27;s role', 'Where it stands today', 'Commons produced', 'Builds on']) expect(page).toContain(heading);
    expect(page).toContain('<span lang="fr">État fictif : terminé, repris par le partenaire.</span>');
    expect(page).toContain('href="/id/actors/exemple-commanditaire?lang=en"');
  });

  it('answers 404 with a page for an unknown entry', async () => {
    const response = await get(real, '/id/commons/no-such-commons');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Page introuvable');
  });
});

describe('commons list and search', () => {
  it('searches without accents and keeps the query and facets in a GET form', async () => {
    const page = await html(real, '/commons?q=donnees&theme=open-data');
    expect(page).toContain('href="/id/commons/base-adresse-nationale"');
    expect(page).toMatch(/<form class="finder" method="get" action="\/commons"/);
    expect(page).toContain('value="donnees"');
    expect(page).toMatch(/name="theme" value="open-data" checked/);
    expect(page).toMatch(/Licence<\/legend>/);
  });

  it('pages the list with links that keep the query', async () => {
    const first = await html(real, '/commons');
    expect(hrefs(first)).toContain('/commons?page=2');
    const second = await html(real, '/commons?page=2&lang=en');
    expect(hrefs(second)).toContain('/commons?lang=en');
    expect(second).toMatch(/Page 2 of \d+/);
  });

  it('stays under the 50 KB budget for HTML and CSS on list pages', async () => {
    const css = (await readFile(path.join(ROOT, 'views', 'assets', 'site.css'))).length;
    for (const p of ['/commons', '/commons?page=2', '/actors', '/actors?page=2&lang=en', '/id/themes/open-data', '/id/themes', '/id/actor-types/association', '/']) {
      const size = Buffer.byteLength(await html(real, p));
      expect(size + css, p).toBeLessThan(50 * 1024);
    }
  });
});

describe('organisations list and search', () => {
  it('is linked from the header of every page, in both languages', async () => {
    expect(await html(real, '/')).toContain('<a href="/actors">Organisations</a>');
    expect(hrefs(await html(real, '/id/commons/decidim?lang=en'))).toContain('/actors?lang=en');
  });

  it('filters by type in a GET form, linking each result to its page with its type and description', async () => {
    const page = await html(real, '/actors?type=association');
    expect(page).toMatch(/<form class="finder" method="get" action="\/actors"/);
    expect(page).toMatch(/name="type" value="association" checked/);
    expect(page).toContain('<h1>Les organisations</h1>');
    expect(page).toMatch(/<h3><a href="\/id\/actors\/framasoft">Framasoft<\/a><\/h3><p class="types">Association<\/p><p>Association d&#x27;éducation populaire/);
    // Only associations are listed; the type facet still offers the other types, with their counts.
    expect(page).not.toContain('href="/id/actors/coopaname"');
    expect(page).toMatch(/name="type" value="scop"> <label for="[^"]+">[^<]+ <span class="count">\(\d+\)<\/span>/);
    for (const legend of ['Type d&#x27;organisation', 'Territoire', 'Compétences']) expect(page).toContain(`<legend>${legend}</legend>`);
  });

  it('searches without accents, in English, keeping the query and the language in the links', async () => {
    const page = await html(real, '/actors?q=cooperative&lang=en');
    expect(page).toContain('<h1>Organisations</h1>');
    expect(page).toContain('href="/id/actors/coopaname?lang=en"');
    expect(page).toContain('value="cooperative"');
    expect(page).toContain('<input type="hidden" name="lang" value="en">');
    expect(hrefs(page)).toContain('/actors?q=cooperative&lang=fr');
    expect(await html(real, '/actors?q=zzzz&lang=en')).toContain('No organisation matches.');
  });

  it('pages the list with links that keep the filters', async () => {
    const first = await html(real, '/actors');
    expect(hrefs(first)).toContain('/actors?page=2');
    expect(hrefs(await html(real, '/actors?page=2&lang=en'))).toContain('/actors?lang=en');
  });
});

describe('after a reload', () => {
  it('serves pages and search built from the new graph', async () => {
    const dataset = await copyDataset(VALID);
    const server = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: dataset.dir }, {}), () => {});
    try {
      expect((await get(server, '/id/commons/framadate')).status).toBe(404);
      await cp(path.join(DATA, 'commons', 'framadate.ttl'), path.join(dataset.dir, 'commons', 'framadate.ttl'));
      await cp(path.join(DATA, 'actors', 'framasoft.ttl'), path.join(dataset.dir, 'actors', 'framasoft.ttl'));
      expect((await server.graphRef.reload()).ok).toBe(true);
      expect(await html(server, '/id/commons/framadate')).toContain('href="/id/actors/framasoft"');
      expect(await html(server, '/commons?q=framadate')).toContain('href="/id/commons/framadate"');
      expect(await html(server, '/id/actors/framasoft')).toContain('href="/id/commons/framadate"');
    } finally {
      await server.close();
      await dataset.cleanup();
    }
  });
});
