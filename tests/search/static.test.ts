// The static copy's search: shards of the same engine's index that together hold every entry, give the same
// answers as the live index, fit the page budget, and a real Chromium running the bundled script on a page
// served as a static host would (files only, query strings ignored) shows the hits.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadGraph } from '../../src/graph/load-graph.js';
import { buildDirectory } from '../../src/directory/directory.js';
import { createPagesFromDirectory } from '../../src/directory/pages.js';
import { analyseQuery, bestOf, compareHits, loadEngineIndex, rankBy, searchEngine } from '../../src/directory/search-engine.js';
import { listIndex, type RelevanceQuery } from '../../src/directory/search-quality.js';
import { buildStaticSearch, LIST_NAMES, type Manifest, type Shard, type StaticFile } from '../../src/directory/search-static.js';
import { parseSearchQuery } from '../../src/directory/search.js';
import { createViews } from '../../src/render/views.js';
import { BASE, DATA, ONTOLOGY, ROOT } from '../helpers.js';
import { launchBrowser, SKIP_BROWSER } from '../http/browser.js';

const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: DATA, baseIri: BASE, strict: true, cwd: ROOT });
const directory = buildDirectory(graph);
const { queries } = JSON.parse(await readFile(path.join(ROOT, 'tests', 'search', 'relevance.json'), 'utf8')) as { queries: RelevanceQuery[] };
const files = await buildStaticSearch(directory);
const byPath = new Map(files.map((f) => [f.path, f]));
const json = <T>(p: string): T => JSON.parse(String(byPath.get(p)!.body)) as T;
const gz = (f: StaticFile | string) => gzipSync(typeof f === 'string' ? f : f.body).length;

/** Runs a query over a list's shards the way the browser script does. */
function staticSearch(shardFiles: StaticFile[], q: string): number[] {
  const shards = shardFiles.map((f) => JSON.parse(String(f.body)) as Shard);
  const rank = rankBy(new Map(shards.flatMap((s) => s.docs.map((d) => [d.id, d.sortKey] as const))));
  const found = searchEngine(shards.map((s) => loadEngineIndex(s.index)), analyseQuery(q));
  return bestOf(found.ids, (a, b) => compareHits(a, b, found, rank), 0, found.ids.length);
}
const shardsOf = (list: string, lang: string, all = files) => {
  const manifest = JSON.parse(String(all.find((f) => f.path === `search/${list}.${lang}.json`)!.body)) as Manifest;
  return manifest.shards.map((name) => all.find((f) => f.path === `search/${name}`)!);
};

describe('static search files', () => {
  it('has a manifest per list and language whose shards exist and hold every entry once', () => {
    for (const list of LIST_NAMES) {
      for (const lang of ['fr', 'en']) {
        const ids = shardsOf(list, lang).flatMap((f) => (JSON.parse(String(f.body)) as Shard).docs.map((d) => d.id));
        expect(ids.sort((a, b) => a - b)).toEqual(listIndex(directory, list).documents.map((_, i) => i));
      }
    }
    expect(json<Manifest>('search/commons.en.json')).toMatchObject({ list: 'commons', lang: 'en', total: directory.reader.all('commons').length });
  });

  it('links each hit in its language and keeps what a card shows', () => {
    const docs = shardsOf('commons', 'en').flatMap((f) => (JSON.parse(String(f.body)) as Shard).docs);
    const decidim = docs.find((d) => d.href.startsWith('/id/commons/decidim'))!;
    expect(decidim).toMatchObject({ href: '/id/commons/decidim?lang=en', name: 'Decidim' });
    expect(decidim.text).toMatch(/participatory/);
  });

  it('answers the relevance set exactly as the live index does, in one shard or in many', async () => {
    const many = await buildStaticSearch(directory, { maxShardBytes: 2048 });
    expect(shardsOf('commons', 'fr', many).length).toBeGreaterThan(3);
    for (const query of queries) {
      const index = listIndex(directory, query.list);
      const live = index.search(parseSearchQuery(new URLSearchParams({ q: query.q }), index.facets)).hits.map((h) => index.documents.indexOf(h));
      // The ranking depends on each document and the query only, never on the rest of its shard.
      expect(staticSearch(shardsOf(query.list, 'fr'), query.q).slice(0, live.length), query.q).toEqual(live);
      expect(staticSearch(shardsOf(query.list, 'en', many), query.q).slice(0, live.length), query.q).toEqual(live);
    }
  });

  it('keeps a list page, its stylesheet, the script and its largest shard within 50 KB as sent (gzipped)', async () => {
    const pages = createPagesFromDirectory(directory, await createViews(path.join(ROOT, 'views')), { staticSearch: true });
    const css = await readFile(path.join(ROOT, 'views', 'assets', 'site.css'));
    const script = byPath.get('assets/search.js')!;
    const render = { commons: pages.renderSearch, actors: pages.renderActors, services: pages.renderServices, projects: pages.renderProjects };
    for (const list of LIST_NAMES) {
      for (const lang of ['fr', 'en'] as const) {
        const page = render[list]('', lang);
        expect(page).toContain(`data-search-index="/search/${list}.${lang}.json"`);
        expect(page).toContain('<script type="module" src="/assets/search.js"></script>');
        const largest = Math.max(...shardsOf(list, lang).map(gz));
        expect(gz(page) + gz(css.toString()) + gz(script) + largest, `${list} ${lang}`).toBeLessThanOrEqual(50 * 1024);
      }
    }
  });
});

describe.skipIf(SKIP_BROWSER)('static search in Chromium', () => {
  let browser: Browser;
  const ORIGIN = 'http://static.test';
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(url: string) {
    const pages = createPagesFromDirectory(directory, await createViews(path.join(ROOT, 'views')), { staticSearch: true });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    // A static host: one file per path, the query string ignored.
    await page.route(`${ORIGIN}/**`, (route) => {
      const { pathname } = new URL(route.request().url());
      const file = byPath.get(pathname.slice(1));
      if (file) return route.fulfill({ body: Buffer.from(file.body), contentType: pathname.endsWith('.js') ? 'text/javascript' : 'application/json' });
      if (pathname.startsWith('/assets/')) return route.fulfill({ path: path.join(ROOT, 'views', pathname), contentType: pathname.endsWith('.css') ? 'text/css' : undefined });
      if (pathname === '/favicon.ico') return route.fulfill({ path: path.join(ROOT, 'views', 'assets', 'favicon.ico') });
      if (pathname === '/commons') return route.fulfill({ body: pages.renderSearch('', 'fr'), contentType: 'text/html; charset=utf-8' });
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await page.goto(`${ORIGIN}${url}`);
    return { page, errors };
  }

  it('shows the hits of a typed query, marked, without reloading, and keeps it in the URL', async () => {
    const { page, errors } = await open('/commons');
    const before = await page.locator('section.results li').count();
    expect(before).toBeGreaterThan(3);
    await page.fill('#q', 'open street');
    await page.waitForFunction(() => document.querySelector('section.results li h3')?.textContent === 'OpenStreetMap');
    expect(await page.locator('section.results li h3 mark').first().textContent()).toBe('OpenStreetMap');
    expect(await page.locator('section.results h2').textContent()).toMatch(/^2 résultat/);
    expect(new URL(page.url()).search).toBe('?q=open+street');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads the query and the facets from the URL, which a static host ignores, and updates the counts', async () => {
    const { page, errors } = await open('/commons?q=carte&licence=ODbL-1.0');
    await page.waitForFunction(() => /^\d+ résultat/.test(document.querySelector('section.results h2')?.textContent ?? '') && document.querySelector('#q') instanceof HTMLInputElement && (document.querySelector('#q') as HTMLInputElement).value === 'carte');
    await page.waitForFunction(() => document.querySelectorAll('section.results li').length > 0 && document.querySelectorAll('section.results li').length < 5);
    const names = await page.locator('section.results li h3').allTextContents();
    expect(names).toContain('OpenStreetMap');
    expect(await page.locator('input[name="licence"][value="ODbL-1.0"]').isChecked()).toBe(true);
    const count = await page.locator('label[for="' + (await page.locator('input[name="licence"][value="ODbL-1.0"]').getAttribute('id')) + '"] .count').textContent();
    expect(count).toBe(`(${names.length})`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
