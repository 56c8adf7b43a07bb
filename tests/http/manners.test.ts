// The live site's manners (issue 11), on the real server with the bundled data: compression by
// Accept-Encoding, favicon, robots.txt and sitemap, schema.org JSON-LD on every page type, DCAT licence and
// publisher, application/json, CORS preflights, 405, /data without waiting, French pages in French.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser } from 'n3';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { chooseEncoding } from '../../src/http/compression.js';
import { parseExample } from '../../src/sparql/examples.js';
import { PREFIXES } from '../../src/rdf/namespaces.js';
import { BASE, DATA, ROOT, VALID } from '../helpers.js';

let running: RunningServer;
beforeAll(async () => {
  running = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: DATA }, {}), () => {});
}, 60_000);
afterAll(() => running?.close());

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request: fetch would decode the body, and these tests look at the bytes on the wire. */
function raw(p: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  const url = new URL(p, running.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
const text = async (p: string, headers: Record<string, string> = { accept: 'text/html' }) => (await raw(p, headers)).body.toString('utf8');
const decode = (r: Raw) => (r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.body) : r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body);
/** The schema.org JSON-LD blocks of a page, parsed. */
const jsonLdOf = (page: string) => [...page.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);

describe('compression', () => {
  it('chooses brotli, then gzip, by the client\'s Accept-Encoding and q-values', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip;q=1, br;q=0.5')).toBe('gzip');
    expect(chooseEncoding('br;q=0, *')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
  });

  const YASGUI = path.dirname(createRequire(import.meta.url).resolve('@zazuko/yasgui/build/yasgui.min.js'));
  it.each([
    ['a page', '/commons', { accept: 'text/html' }],
    ['an entity page', '/id/commons/decidim', { accept: 'text/html' }],
    ['Turtle', '/id/commons/decidim', { accept: 'text/turtle' }],
    ['JSON-LD', '/id/actors/dinum', { accept: 'application/ld+json' }],
    ['the stylesheet', '/assets/site.css', {}],
    ['the query editor script', '/assets/yasgui/yasgui.min.js', {}],
    ['the sitemap', '/sitemap.xml', {}],
  ])('compresses %s with brotli and gzip, says Vary: Accept-Encoding, and decodes to the same bytes', async (_what, p, headers) => {
    const plain = await raw(p, headers);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    for (const encoding of ['br', 'gzip']) {
      const compressed = await raw(p, { ...headers, 'accept-encoding': encoding });
      expect(compressed.status).toBe(200);
      expect(compressed.headers['content-encoding']).toBe(encoding);
      expect(compressed.headers.vary).toMatch(/Accept-Encoding/i);
      expect(compressed.body.length).toBeLessThan(plain.body.length);
      const decoded = decode(compressed);
      // Pages carry no per-request content, so the bytes are the same; the ETag is weak or per encoding.
      expect(decoded.equals(plain.body), `${p} as ${encoding}`).toBe(true);
    }
    if (p === '/assets/yasgui/yasgui.min.js') expect(plain.body.equals(await readFile(path.join(YASGUI, 'yasgui.min.js')))).toBe(true);
  });

  it('leaves small bodies, HEAD, already-encoded dumps and images alone', async () => {
    const small = await raw('/health', { 'accept-encoding': 'br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    const head = await raw('/commons', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const dump = await raw('/data/dump.ttl', { 'accept-encoding': 'gzip, br' });
    expect(dump.headers['content-encoding']).toBe('gzip');
    expect(new Parser().parse(gunzipSync(dump.body).toString('utf8')).length).toBeGreaterThan(1000);
    const icon = await raw('/favicon.ico', { 'accept-encoding': 'br' });
    expect(icon.headers['content-encoding']).toBeUndefined();
  });

  it('still answers 304 to a revalidation of a compressed page', async () => {
    const first = await raw('/commons', { accept: 'text/html', 'accept-encoding': 'br' });
    expect(first.headers.etag).toBeDefined();
    const again = await raw('/commons', { accept: 'text/html', 'accept-encoding': 'br', 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
  });
});

describe('favicon, robots.txt and sitemap.xml', () => {
  it('serves a favicon where browsers look, and every page links to icons that exist', async () => {
    const ico = await raw('/favicon.ico');
    expect(ico.status).toBe(200);
    expect(ico.headers['content-type']).toBe('image/x-icon');
    expect(ico.body.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0]))).toBe(true);
    const page = await text('/');
    const icons = [...page.matchAll(/<link rel="icon" href="([^"]+)"/g)].map((m) => m[1]);
    expect(icons).toEqual(['/favicon.ico', '/assets/favicon.svg']);
    for (const icon of icons) expect((await raw(icon)).status, icon).toBe(200);
    expect((await raw('/assets/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('robots.txt allows the pages, keeps crawlers off the query endpoint, and names the sitemap of this origin', async () => {
    const robots = await raw('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers['content-type']).toMatch(/^text\/plain/);
    const body = robots.body.toString();
    expect(body).toContain('User-agent: *');
    expect(body).toContain('Disallow: /sparql');
    expect(body).toContain(`Sitemap: ${running.url}/sitemap.xml`);
  });

  it('sitemap.xml lists every entry and page in both languages, each with its hreflang alternates, and each URL answers', async () => {
    const sitemap = (await raw('/sitemap.xml')).body.toString();
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(locs).toContain(`${running.url}/id/commons/decidim`);
    expect(locs).toContain(`${running.url}/id/commons/decidim?lang=en`);
    expect(locs).toContain(`${running.url}/id/services/data-gouv-fr`);
    expect(locs).toContain(`${running.url}/commons?lang=en`);
    expect(sitemap).toContain(`<xhtml:link rel="alternate" hreflang="en" href="${running.url}/id/actors/dinum?lang=en"/>`);
    expect(locs.length).toBeGreaterThan(100);
    // Every tenth URL, in both languages: a sitemap that lists a 404 is worse than none.
    for (const loc of locs.filter((_, i) => i % 10 === 0)) expect((await raw(loc, { accept: 'text/html' })).status, loc).toBe(200);
  });
});

describe('schema.org JSON-LD on every page that describes something', () => {
  it.each([
    ['/', 'WebSite'],
    ['/commons', 'CollectionPage'],
    ['/actors', 'CollectionPage'],
    ['/data', 'Dataset'],
    ['/id/commons/decidim', 'SoftwareApplication'],
    ['/id/actors/dinum', 'Organization'],
    ['/id/services/data-gouv-fr', 'Service'],
    ['/id/themes/open-data', 'DefinedTerm'],
    ['/id/themes', 'DefinedTermSet'],
  ])('%s describes a %s', async (p, type) => {
    for (const lang of ['fr', 'en']) {
      const blocks = jsonLdOf(await text(`${p}?lang=${lang}`));
      expect(blocks, p).toHaveLength(1);
      const [doc] = blocks;
      expect(doc['@context']).toBe('https://schema.org');
      expect([doc['@type']].flat()).toContain(type);
      expect(doc.inLanguage).toBe(lang);
    }
  });

  it('names the entry, its links and relations as the page does', async () => {
    const [service] = jsonLdOf(await text('/id/services/data-gouv-fr'));
    expect(service['@id']).toBe(`${BASE}id/services/data-gouv-fr`);
    expect(service.name).toBe('data.gouv.fr');
    expect(service.provider).toMatchObject([{ '@type': 'Organization', '@id': `${BASE}id/actors/dinum` }]);
    const [list] = jsonLdOf(await text('/commons?q=decidim'));
    const items = (list.mainEntity as { itemListElement: Array<{ position: number; item: { '@id': string } }> }).itemListElement;
    expect(items[0]).toMatchObject({ position: 1, item: { '@id': `${BASE}id/commons/decidim` } });
    const [dataset] = jsonLdOf(await text('/data'));
    expect(dataset.license).toBe('http://spdx.org/licenses/CC0-1.0');
    expect((dataset.distribution as unknown[]).length).toBeGreaterThanOrEqual(4);
  });

  it('keeps "</script>" in the data from closing the element', async () => {
    const page = await text('/id/commons/decidim');
    const block = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1];
    expect(block).not.toMatch(/[<>]/);
  });
});

describe('DCAT', () => {
  it('gives the dataset and the catalogue a licence and a publisher that the directory describes', async () => {
    const turtle = (await raw('/.well-known/void', { accept: 'text/turtle' })).body.toString();
    const quads = new Parser().parse(turtle);
    const { dcterms } = PREFIXES;
    for (const subject of [`${BASE}dataset`, BASE]) {
      expect(quads.some((q) => q.subject.value === subject && q.predicate.value === `${dcterms}license` && q.object.value === 'http://spdx.org/licenses/CC0-1.0'), subject).toBe(true);
      const publisher = quads.find((q) => q.subject.value === subject && q.predicate.value === `${dcterms}publisher`)?.object.value;
      expect(publisher).toBe(`${BASE}id/actors/usages-communs`);
      expect((await raw(`/${publisher!.slice(BASE.length)}`, { accept: 'text/turtle' })).status).toBe(200);
    }
  });
});

describe('protocol manners', () => {
  it('answers Accept: application/json with JSON-LD on entity IRIs and on the dataset description', async () => {
    for (const p of ['/id/commons/decidim', '/id/themes/open-data', '/dataset']) {
      const r = await raw(p, { accept: 'application/json' });
      expect(r.status, p).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/ld\+json(; charset=utf-8)?$/);
      expect(JSON.parse(r.body.toString())).toBeTruthy();
    }
    // A browser-like header that also names JSON keeps the page.
    const browser = await raw('/id/commons/decidim', { accept: 'text/html,application/json;q=0.9,*/*;q=0.8' });
    expect(browser.headers['content-type']).toMatch(/^text\/html/);
  });

  it.each(['/', '/commons', '/id/commons/decidim', '/id/themes/open-data', '/data/dump.ttl', '/.well-known/void', '/sitemap.xml'])(
    'answers a CORS preflight on %s', async (p) => {
      const r = await raw(p, { origin: 'https://partner.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept, x-requested-with' }, 'OPTIONS');
      expect(r.status).toBe(204);
      expect(r.headers['access-control-allow-origin']).toBe('*');
      expect(r.headers['access-control-allow-methods']).toContain('GET');
      expect(r.headers['access-control-allow-headers']).toBe('accept, x-requested-with');
      expect(r.headers.allow).toBe('GET, HEAD, OPTIONS');
    });

  it('answers 405 with Allow to methods a page does not take', async () => {
    for (const [method, p] of [['POST', '/commons'], ['PUT', '/id/commons/decidim'], ['DELETE', '/'], ['PATCH', '/data']]) {
      const r = await raw(p, {}, method);
      expect(r.status, `${method} ${p}`).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD, OPTIONS');
      expect(r.body.toString()).toContain(method);
    }
  });
});

describe('every French page is French', () => {
  it('translates codemeta statuses', async () => {
    const fr = await text('/id/commons/dsfr');
    expect(fr).toMatch(/<dt>Statut<\/dt><dd>actif<\/dd>/);
    const en = await text('/id/commons/dsfr?lang=en');
    expect(en).toMatch(/<dd>active<\/dd>/);
  });

  it('explains each example query in the page\'s language, and shows only that language\'s header lines', async () => {
    const fr = await text('/data');
    const en = await text('/data?lang=en');
    expect(fr).toContain('Les thèmes sont des concepts SKOS');
    expect(fr).not.toContain('Themes are SKOS concepts');
    expect(en).toContain('Themes are SKOS concepts');
    expect(en).not.toContain('Les thèmes sont des concepts SKOS');
    expect(fr).not.toContain('# en:');
    expect(en).not.toContain('# fr:');
  });

  it('refuses an example whose comment is in one language only', () => {
    expect(() => parseExample('x.rq', '# fr: Titre\n# en: Title\n# en-comment: only English\nASK {}')).toThrow(/x\.rq: a comment in English only; add the "# fr-comment: …" line/);
    const ok = parseExample('x.rq', '# fr: Titre\n# en: Title\n# fr-comment: Un\n# en-comment: One\nASK {}');
    expect(ok.comment).toEqual({ fr: 'Un', en: 'One' });
    expect(ok.queryIn.fr).toBe('# fr: Titre\n# fr-comment: Un\nASK {}');
  });

  it('gives every example query of ontology/queries/ both comments or neither', async () => {
    const { loadExamples } = await import('../../src/sparql/examples.js');
    const examples = await loadExamples(path.join(ROOT, 'ontology', 'queries'));
    expect(examples.filter((e) => e.comment.fr).length).toBeGreaterThanOrEqual(5);
  });

  it('counts on the home page what each theme page lists, services included', async () => {
    const home = await text('/');
    const themes = [...home.matchAll(/<li><a href="(\/id\/themes\/[^"]+)">[^<]*<\/a> <span class="count">\((\d+)\)<\/span><\/li>/g)];
    expect(themes.length).toBeGreaterThan(5);
    const strings = JSON.parse(await readFile(path.join(ROOT, 'views', 'locales', 'fr.json'), 'utf8')) as Record<string, string>;
    const headings = ['rel.usedInCommons', 'rel.usedInActors', 'rel.usedInServices', 'rel.usedInProjects'].map((k) => strings[k]);
    let withServices = 0;
    for (const [, href, count] of themes) {
      const page = await text(href);
      const listed = [...page.matchAll(/<h2 id="rel-\d+">([^<]+)<\/h2>\s*<ul>(.*?)<\/ul>/gs)]
        .filter((m) => headings.includes(m[1]))
        .reduce((n, m) => n + (m[2].match(/<li>/g) ?? []).length, 0);
      expect(Number(count), href).toBe(listed);
      if (page.includes(`>${strings['rel.usedInServices']}</h2>`)) withServices++;
    }
    expect(withServices).toBeGreaterThan(0);
  });
});

describe('/data never makes a visitor wait', () => {
  it('runs the examples when the graph loads, shows the page at once meanwhile, and runs nothing on a request', async () => {
    const { createGraphRef } = await import('../../src/graph/graph-ref.js');
    const { createViews } = await import('../../src/render/views.js');
    const { createSparqlService } = await import('../../src/sparql/service.js');
    const { loadExamples } = await import('../../src/sparql/examples.js');
    const { createApp } = await import('../../src/http/create-app.js');
    // The small fixture: what is measured is when the examples run, not how long they take.
    const config = createConfig({ port: '0', host: '127.0.0.1', data: VALID, sparqlWorkers: '1' }, {});
    const graphRef = await createGraphRef({ ontologyDir: config.ontologyDir, dataDir: config.dataDir, baseIri: config.baseIri, strict: true });
    const real = await createSparqlService(graphRef, config.sparql);
    // The test holds the endpoint's answers until it opens the gate: "still computing" is then a certainty, not a race.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let calls = 0;
    const service = { answer: async (r: Parameters<typeof real.answer>[0]) => { calls++; await gate; return real.answer(r); }, close: () => real.close() };
    const examples = await loadExamples(path.join(config.ontologyDir, 'queries'));
    const app = createApp({ graphRef, views: await createViews(config.viewsDir), viewsDir: config.viewsDir, sparql: { service, examples, maxPerClient: 4 }, log: () => {} });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/data`;
    try {
      expect(calls).toBe(1); // started with the app, before any request
      const early = await fetch(url);
      expect(early.status).toBe(200);
      expect(await early.text()).toContain('résultats en cours de calcul');
      open();
      await (app.locals.examplesReady as () => Promise<void>)();
      expect(calls).toBe(examples.length);
      const later = await (await fetch(url)).text();
      expect(later).not.toContain('résultats en cours de calcul');
      expect(later).toContain('Decidim');
      expect(calls).toBe(examples.length);
      // A reload computes the new graph's results at once, without a request asking for them.
      await graphRef.reload();
      expect(calls).toBe(examples.length + 1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await real.close();
    }
  }, 300_000);
});
