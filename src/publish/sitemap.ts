// **sitemap** lists the public pages for search engines (sitemaps.org), each with its other-language
// version (hreflang alternates), and robots.txt pointing at it. Shared by the live server and the static build,
// which differ only in how a page's URL is written for a language.
import type { Directory } from '../directory/directory.js';
import { iriToPath } from '../rdf/iri-paths.js';
import { LANGS, type Lang } from '../render/views.js';

/** The sitemaps.org limit of URLs in one file; beyond it, an index lists several files. */
export const SITEMAP_MAX_URLS = 50_000;

/** Pages that are not entries, in the order of the navigation. */
export const SITE_PAGES = ['/', '/commons', '/actors', '/services', '/projects', '/ecosystem', '/statistics', '/data'];
const ENTRY_KINDS = ['commons', 'actor', 'service', 'project', 'concept', 'scheme'] as const;

/** Paths of every public HTML page of the directory (in its default language). */
export function publicPagePaths(directory: Directory): string[] {
  const entries = ENTRY_KINDS.flatMap((kind) => directory.reader.all(kind)).map((iri) => iriToPath(iri, directory.baseIri)).filter((p): p is string => !!p);
  return [...SITE_PAGES, ...entries];
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The sitemap files: `sitemap.xml` alone, or (beyond 50,000 URLs) an index `sitemap.xml` and `sitemap-N.xml`.
 * `urlOf(path, lang)` writes a page's absolute URL.
 */
export function sitemapFiles(paths: readonly string[], urlOf: (path: string, lang: Lang) => string): Map<string, string> {
  const entries = paths.flatMap((p) => {
    const urls = LANGS.map((l) => xml(urlOf(p, l)));
    const alternates = LANGS.map((l, i) => `<xhtml:link rel="alternate" hreflang="${l}" href="${urls[i]}"/>`).join('');
    return urls.map((url) => `<url><loc>${url}</loc>${alternates}</url>\n`);
  });
  const urlset = (part: string[]) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${part.join('')}</urlset>\n`;
  if (entries.length <= SITEMAP_MAX_URLS) return new Map([['sitemap.xml', urlset(entries)]]);
  const files = new Map<string, string>();
  for (let i = 0; i * SITEMAP_MAX_URLS < entries.length; i++) files.set(`sitemap-${i + 1}.xml`, urlset(entries.slice(i * SITEMAP_MAX_URLS, (i + 1) * SITEMAP_MAX_URLS)));
  const root = urlOf('/', 'fr').replace(/\/$/, '');
  const index = [...files.keys()].map((name) => `<sitemap><loc>${xml(`${root}/${name}`)}</loc></sitemap>\n`).join('');
  files.set('sitemap.xml', `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${index}</sitemapindex>\n`);
  return files;
}

/** robots.txt: everything may be crawled but the query endpoint and editor, which cost the server a query each. */
export function robotsTxt(sitemapUrl: string, dynamic = true): string {
  return ['User-agent: *', ...(dynamic ? ['Disallow: /sparql', 'Disallow: /sparql/'] : []), 'Allow: /', '', `Sitemap: ${sitemapUrl}`, ''].join('\n');
}
