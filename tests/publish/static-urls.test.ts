// The static copy's URL scheme and link rewrite, and the build's guard on its output folder.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { buildStatic } from '../../src/publish/build-static.js';
import { fileOfPath, rewriteLinks, staticPageUrl, staticTarget } from '../../src/publish/static-urls.js';
import { sitemapFiles, SITEMAP_MAX_URLS } from '../../src/publish/sitemap.js';

const LIVE = 'http://127.0.0.1:4000';

describe('static URL scheme', () => {
  it.each([
    ['/', '/', 'index.html'],
    ['/?lang=en', '/en/', 'en/index.html'],
    ['/commons', '/commons', 'commons.html'],
    ['/commons?page=2&lang=en', '/en/commons/page=2', 'en/commons/page=2.html'],
    ['/commons?theme=open-data&page=2', '/commons/theme=open-data/page=2', 'commons/theme=open-data/page=2.html'],
    ['/id/commons/decidim?lang=en', '/en/id/commons/decidim', 'en/id/commons/decidim.html'],
    ['/id/territories/%C3%AEle', '/id/territories/%C3%AEle', 'id/territories/île.html'],
  ])('puts the page %s at %s (%s)', (live, url, file) => {
    expect(staticTarget(live, LIVE)).toMatchObject({ kind: 'page', url, file });
  });

  it('keeps files, sends what needs a server to the live site, and leaves other origins alone', () => {
    expect(staticTarget('/id/commons/decidim.ttl', LIVE)).toMatchObject({ kind: 'file', file: 'id/commons/decidim.ttl' });
    expect(staticTarget('/assets/site.css', LIVE)).toMatchObject({ kind: 'file', file: 'assets/site.css' });
    expect(staticTarget('/sparql/editor?query=ASK%7B%7D', LIVE)).toEqual({ kind: 'dynamic', live: '/sparql/editor?query=ASK%7B%7D' });
    expect(staticTarget('/commons?q=decidim', LIVE)).toMatchObject({ kind: 'dynamic' });
    expect(staticTarget('/changes?since=2026-01-01', LIVE)).toMatchObject({ kind: 'dynamic' });
    // The ecosystem's filter and ego views combine without bound: only the whole map is written out.
    expect(staticTarget('/ecosystem?kind=funds&theme=mapping', LIVE)).toMatchObject({ kind: 'dynamic' });
    expect(staticTarget('/ecosystem?focus=actors/framasoft&depth=2', LIVE)).toMatchObject({ kind: 'dynamic' });
    expect(staticTarget('/ecosystem?lang=en', LIVE)).toMatchObject({ kind: 'page', url: '/en/ecosystem' });
    expect(staticTarget('/commons?theme=mapping', LIVE)).toMatchObject({ kind: 'page' });
    expect(staticTarget('https://example.org/x', LIVE)).toEqual({ kind: 'external' });
    expect(fileOfPath('/id/../../etc/passwd')).toBeUndefined();
    expect(staticTarget('/id/a%2F..%2F..%2F..%2Fetc', LIVE)).toEqual({ kind: 'external' });
  });

  it('rewrites only links to this site, keeping fragments and escaping', () => {
    const html = '<a href="/commons?page=2&amp;lang=en#list">n</a> <a href="/sparql">q</a> <a href="https://x.org/?a=1&amp;b=2">x</a> <a href="#main">m</a> <link rel="stylesheet" href="/assets/site.css">';
    const found: string[] = [];
    const out = rewriteLinks(html, LIVE, 'https://live.example.org/', (t) => found.push(t.kind));
    expect(out).toBe('<a href="/en/commons/page=2#list">n</a> <a href="https://live.example.org/sparql">q</a> <a href="https://x.org/?a=1&amp;b=2">x</a> <a href="#main">m</a> <link rel="stylesheet" href="/assets/site.css">');
    expect(found).toEqual(['page', 'dynamic', 'file']);
    expect(rewriteLinks('<a href="/sparql">q</a>', LIVE, undefined)).toBe('<a href="/sparql">q</a>');
  });

  it('writes sitemap URLs in the static scheme, and an index beyond 50,000 URLs', () => {
    expect(staticPageUrl('/id/commons/decidim', 'en')).toBe('/en/id/commons/decidim');
    const paths = Array.from({ length: SITEMAP_MAX_URLS / 2 + 1 }, (_, i) => `/id/commons/c${i}`);
    const files = sitemapFiles(paths, (p, lang) => `https://s.example${staticPageUrl(p, lang)}`);
    expect([...files.keys()].sort()).toEqual(['sitemap-1.xml', 'sitemap-2.xml', 'sitemap.xml']);
    expect(files.get('sitemap.xml')).toContain('<loc>https://s.example/sitemap-2.xml</loc>');
    expect(files.get('sitemap-1.xml')!.match(/<url>/g)).toHaveLength(SITEMAP_MAX_URLS);
  }, 120_000);
});

describe('build:static output folder', () => {
  it('refuses to empty a folder that holds something other than a previous build', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'uc-out-'));
    try {
      await writeFile(path.join(dir, 'precious.txt'), 'keep me');
      const config = createConfig({ port: '0', host: '127.0.0.1' }, {});
      await expect(buildStatic({ config, outDir: dir, baseUrl: 'https://s.example/' })).rejects.toThrow(/is not empty and holds no previous build/);
      expect(await readFile(path.join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
