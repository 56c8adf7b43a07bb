// **static-urls** is the URL scheme of the static copy, and the one rewrite its pages go through. A static
// host ignores query strings, so what the live server puts in `?lang=en&page=2` moves into the path:
//   /commons?lang=en&page=2  →  /en/commons/page=2  (file en/commons/page=2.html)
//   /id/commons/decidim      →  /id/commons/decidim (file id/commons/decidim.html, beside decidim.ttl…)
//   /?lang=en                →  /en/               (file en/index.html)
// French, the default language, keeps the live paths, so entity IRIs stay what they are on every host.

export type Lang = 'fr' | 'en';

/** What a link of a page points at, for the static copy. */
export type Target =
  | { kind: 'page'; url: string; file: string; live: string; lang: Lang }
  | { kind: 'file'; url: string; file: string; live: string }
  | { kind: 'dynamic'; live: string }
  | { kind: 'external' };

/**
 * Paths only a running server answers: the query endpoint and editor, the contribution form, the health check,
 * and the change log (ActivityStreams paged by `since`, read from git at each load).
 */
const DYNAMIC = /^\/(sparql|contribute|health|changes)(\/|$)/;
/** A path naming a file by its extension (assets, dumps, an entity in one syntax, the feed…). */
const FILE = /\.[a-z0-9]{1,8}$/i;
/** Free-text searches cannot be written out in advance: they stay with the live server (or the search script). */
const FREE_TEXT = new Set(['q', 'query']);
/**
 * The ecosystem map's filters and ego views combine (kinds × themes × territories × focus × depth, each view
 * linking to the others): written out, they would grow without bound. Only the whole map is static.
 */
const LIVE_FILTERED = new Set(['/ecosystem']);

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The file (relative to the output folder) that holds a URL path; undefined for a path that would escape it. */
export function fileOfPath(path: string): string | undefined {
  const decoded = safeDecode(path);
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\0') || s.includes('\\'))) return undefined;
  return segments.join('/');
}

/**
 * Where `href` (as a page of the live server writes it: a path, possibly with a query and a fragment) lives in the
 * static copy. `origin` is the live server's, against which relative links are read.
 */
export function staticTarget(href: string, origin: string): Target {
  let url: URL;
  try {
    url = new URL(href, origin);
  } catch {
    return { kind: 'external' };
  }
  if (url.origin !== new URL(origin).origin) return { kind: 'external' };
  const live = `${url.pathname}${url.search}`;
  const params = new URLSearchParams(url.search);
  const keys = [...params.keys()];
  if (DYNAMIC.test(url.pathname) || keys.some((k) => FREE_TEXT.has(k))) return { kind: 'dynamic', live };
  if (LIVE_FILTERED.has(url.pathname.replace(/\/$/, '')) && keys.some((k) => k !== 'lang')) return { kind: 'dynamic', live };
  if (FILE.test(url.pathname) || url.pathname.startsWith('/assets/') || url.pathname.startsWith('/.well-known/')) {
    const file = fileOfPath(url.pathname);
    return file ? { kind: 'file', url: url.pathname, file, live: url.pathname } : { kind: 'external' };
  }
  const lang: Lang = params.get('lang') === 'en' ? 'en' : 'fr';
  params.delete('lang');
  const suffix = [...params].map(([k, v]) => `/${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('');
  const base = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  const prefix = lang === 'en' ? '/en' : '';
  const path = `${prefix}${base}${suffix}`;
  const file = fileOfPath(path);
  if (file === undefined) return { kind: 'external' };
  // A home page is a folder's index.html (/ and /en/); every other page is a .html file named after its path.
  const home = !base && !suffix;
  return { kind: 'page', url: home ? `${prefix}/` : path, file: home ? `${file ? `${file}/` : ''}index.html` : `${file}.html`, live, lang };
}

/** The static URL of a live page path in a language (for the sitemap). */
export function staticPageUrl(path: string, lang: Lang): string {
  const target = staticTarget(lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path, 'http://live.invalid');
  return target.kind === 'page' ? target.url : path;
}

const unescapeAttribute = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&#x60;/g, '`');
const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * The static copy of a page: the live page with each link to this site moved to its static URL, links to what
 * only the live server does (SPARQL, the form) made absolute on `liveUrl` when given, and nothing else changed.
 * Reports every link it met, so that the build can fetch what they point at.
 */
export function rewriteLinks(html: string, origin: string, liveUrl: string | undefined, found?: (target: Target) => void): string {
  return html.replace(/\b(href|src|action)="([^"]*)"/g, (whole, attribute: string, value: string) => {
    const href = unescapeAttribute(value);
    if (href.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return whole;
    const hash = href.includes('#') ? href.slice(href.indexOf('#')) : '';
    const target = staticTarget(href.slice(0, href.length - hash.length), origin);
    found?.(target);
    if (target.kind === 'external') return whole;
    if (target.kind === 'dynamic') return liveUrl ? `${attribute}="${escapeAttribute(`${liveUrl.replace(/\/$/, '')}${target.live}${hash}`)}"` : whole;
    // A form submits to a page: its own fields make the query, which a static host ignores; the page is the list itself.
    return `${attribute}="${escapeAttribute(`${target.url}${hash}`)}"`;
  });
}
