// The static copy served by a real nginx and a real Apache (Debian's, as CI installs them) from a temporary
// folder, each on a random port with its own config, pid and logs: every internal link and asset of the build
// answers, entity IRIs negotiate by Accept like the live server, and pages are the live server's pages with
// their links moved. Apache reads only the build's .htaccess.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { buildStatic, type StaticBuildReport } from '../../src/publish/build-static.js';
import { nginxConfig } from '../../src/publish/server-config.js';
import { rewriteLinks, staticTarget } from '../../src/publish/static-urls.js';
import { BASE, DATA } from '../helpers.js';
import { parseRdf } from '../http/parse-rdf.js';
import { NGINX, startNginx, stopServer, untilListening, type RunningNginx } from '../helpers/nginx.js';

const APACHE = '/usr/sbin/apache2';
const LIVE = 'https://live.example.org';

let work: string;
let site: string;
let report: StaticBuildReport;
let live: RunningServer;
let nginx: RunningNginx | undefined;
let apache: ChildProcess | undefined;
let origin: string;
let apacheOrigin: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'uc-static-hosts-'));
  site = path.join(work, 'site');
  const config = createConfig({ port: '0', host: '127.0.0.1', data: DATA }, {});
  [report, live] = await Promise.all([
    buildStatic({ config, outDir: site, baseUrl: 'https://static.example.org/', liveUrl: LIVE }),
    // The server as the build runs it: list pages load the static search script.
    startServer({ ...config, staticSearch: true }, () => {}),
  ]);
  // The servers' workers may run as another user: the site must be readable by them.
  await chmod(work, 0o755);
  const port = await freePort();
  // Included, as a host installs it: a conf.d file in the http context.
  await writeFile(path.join(work, 'site.conf'), nginxConfig({ root: site, listen: `127.0.0.1:${port}` }));
  nginx = await startNginx(port, [`include ${work}/site.conf;`]);
  origin = nginx.origin;

  const apachePort = await freePort();
  apacheOrigin = `http://127.0.0.1:${apachePort}`;
  const modules = ['mpm_event', 'authz_core', 'dir', 'mime', 'rewrite', 'headers', 'env'];
  await writeFile(path.join(work, 'httpd.conf'), [
    `ServerRoot ${work}`,
    `Listen 127.0.0.1:${apachePort}`,
    `PidFile ${work}/httpd.pid`,
    `ErrorLog ${work}/apache-error.log`,
    'ServerName localhost',
    ...modules.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
    // Only the .htaccess says which types the files have.
    'TypesConfig /dev/null',
    ...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
    `DocumentRoot ${site}`,
    `<Directory ${site}>`,
    '  AllowOverride All',
    '  Require all granted',
    '</Directory>',
    '',
  ].join('\n'));
  apache = spawn(APACHE, ['-f', path.join(work, 'httpd.conf'), '-DFOREGROUND'], { stdio: 'ignore' });
  await untilListening(apachePort, apache, path.join(work, 'apache-error.log'));
}, 600_000);

afterAll(async () => {
  await nginx?.stop();
  await stopServer(apache, 'SIGTERM');
  await live?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const get = (p: string, headers: Record<string, string> = {}, method = 'GET', at = origin) => fetch(`${at}${p}`, { method, headers: { 'accept-encoding': 'identity', ...headers }, redirect: 'manual' });

async function htmlFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await htmlFiles(path.join(dir, entry.name), rel)));
    else if (entry.name.endsWith('.html')) out.push(rel);
  }
  return out;
}

const IRIS = ['/id/commons/decidim', '/id/actors/dinum', '/id/services/data-gouv-fr', '/id/themes/open-data', '/id/themes', '/ns'];
const RDF = [
  { accept: 'text/turtle', type: 'text/turtle; charset=utf-8' },
  { accept: 'application/ld+json', type: 'application/ld+json' },
  { accept: 'application/n-triples', type: 'application/n-triples; charset=utf-8' },
  { accept: 'application/rdf+xml', type: 'application/rdf+xml; charset=utf-8' },
  { accept: 'application/json', type: 'application/ld+json' },
  // rdflib.js and Jena name HTML too, at a lower q: they are RDF clients.
  { accept: 'text/turtle, application/rdf+xml;q=0.9, text/html;q=0.5, */*;q=0.1', type: 'text/turtle; charset=utf-8' },
];

/** An entity IRI on a static host: its page for browsers (English by Accept-Language), each RDF syntax for RDF clients. */
async function expectNegotiated(iri: string, at: string): Promise<void> {
  const page = await get(iri, { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }, 'GET', at);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('vary')).toMatch(/Accept/);
  expect(await page.text()).toContain('<html lang="fr">');
  const english = await get(iri, { accept: 'text/html', 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' }, 'GET', at);
  expect(await english.text()).toContain('<html lang="en">');
  for (const { accept, type } of RDF) {
    const response = await get(iri, { accept }, 'GET', at);
    expect(response.status, `${iri} ${accept}`).toBe(200);
    expect(response.headers.get('content-type'), `${iri} ${accept}`).toBe(type);
    expect(response.headers.get('vary')).toMatch(/Accept/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const triples = await parseRdf(await response.text(), type, `${BASE}${iri.slice(1)}`);
    expect(triples.some((t) => t.subject === `${BASE}${iri.slice(1)}`), `${iri} ${accept}`).toBe(true);
  }
}

describe('the static copy under a real nginx', () => {
  it('is there: nginx is installed (CI installs nginx-light) and the build wrote both languages', () => {
    expect(existsSync(NGINX)).toBe(true);
    expect(report.pages).toBeGreaterThan(200);
    for (const file of ['index.html', 'en/index.html', 'commons.html', 'en/commons.html', 'id/commons/decidim.html', 'en/id/commons/decidim.html',
      'id/commons/decidim.ttl', 'id/commons/decidim.jsonld', 'id/commons/decidim.nt', 'id/commons/decidim.rdf', 'data/dump.ttl', 'data/dump.nq',
      '.well-known/void.ttl', 'sitemap.xml', 'robots.txt', 'favicon.ico', 'assets/site.css', '404.html', 'commons.html.gz', 'commons.html.br', 'nginx.conf', '.htaccess']) {
      expect(existsSync(path.join(site, file)), file).toBe(true);
    }
  });

  it('answers 200 for every internal link and asset of every page', async () => {
    const files = await htmlFiles(site);
    const links = new Set<string>();
    let toLive = 0;
    for (const file of files.filter((f) => !f.endsWith('404.html'))) {
      const page = await readFile(path.join(site, file), 'utf8');
      for (const [, value] of page.matchAll(/\b(?:href|src|action)="([^"]*)"/g)) {
        const href = value.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
        if (href.startsWith(LIVE)) toLive++;
        if (href.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue;
        links.add(href.split('#')[0]);
      }
    }
    expect(links.size).toBeGreaterThan(300);
    expect(toLive).toBeGreaterThan(0); // the SPARQL editor links, moved to the live server
    const failures: string[] = [];
    const queue = [...links];
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let link = queue.shift(); link !== undefined; link = queue.shift()) {
        const response = await get(link, { accept: 'text/html' }, 'HEAD');
        if (response.status !== 200) failures.push(`${link} → ${response.status}`);
      }
    }));
    expect(failures).toEqual([]);
  });

  const SAMPLE = ['/', '/?lang=en', '/commons', '/commons?lang=en', '/commons?page=2', '/actors?lang=en', '/statistics', '/ecosystem?lang=en',
    '/id/commons/decidim', '/id/commons/decidim?lang=en', '/id/actors/dinum', '/id/services/data-gouv-fr?lang=en', '/id/themes/open-data', '/id/themes', '/ns'];
  it.each(SAMPLE)('serves %s as the live server renders it, links moved to the static scheme', async (p) => {
    const fromLive = await (await fetch(`${live.url}${p}`, { headers: { accept: 'text/html' } })).text();
    const target = staticTarget(p, live.url);
    expect(target.kind).toBe('page');
    const response = await get((target as { url: string }).url, { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe(rewriteLinks(fromLive, live.url, LIVE));
  });

  it.each(IRIS)('negotiates %s: the page for browsers, each RDF syntax for RDF clients, with Vary: Accept', async (iri) => {
    await expectNegotiated(iri, origin);
  });

  it('negotiates the dataset description, answers preflights, serves gzip copies and a 404 page', async () => {
    const voidTurtle = await get('/.well-known/void', { accept: 'text/turtle' });
    expect(voidTurtle.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    expect(await voidTurtle.text()).toContain('dcat:Dataset');
    const voidPage = await get('/.well-known/void', { accept: 'text/html' });
    expect(await voidPage.text()).toContain('<html lang="fr">');
    const preflight = await get('/id/commons/decidim', { origin: 'https://partner.example', 'access-control-request-method': 'GET' }, 'OPTIONS');
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const gz = await fetch(`${origin}/commons`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toMatch(/Accept-Encoding/);
    const plain = await readFile(path.join(site, 'commons.html'));
    expect(gunzipSync(await readFile(path.join(site, 'commons.html.gz'))).equals(plain)).toBe(true);
    const missing = await get('/id/commons/no-such-commons', { accept: 'text/html' });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<html lang="fr">');
    expect((await get('/nginx.conf')).status).toBe(404);
  });

  it('publishes a sitemap and robots.txt of the static URLs on the published host', async () => {
    const sitemap = await (await get('/sitemap.xml')).text();
    expect(sitemap).toContain('<loc>https://static.example.org/en/id/commons/decidim</loc>');
    expect(sitemap).toContain('<loc>https://static.example.org/commons</loc>');
    expect(sitemap).not.toMatch(/[?&]lang=/);
    const robots = await (await get('/robots.txt')).text();
    expect(robots).toContain('Sitemap: https://static.example.org/sitemap.xml');
  });

  it('keeps each list page with its stylesheet, search script and largest index shard under 50 KB, compressed as served', async () => {
    const gz = async (file: string) => (await readFile(path.join(site, `${file}.gz`))).length;
    const fixed = (await gz('assets/site.css')) + (await gz('assets/search.js'));
    const shards = (await readdir(path.join(site, 'search'))).filter((f) => /\.\d+\.json$/.test(f));
    for (const file of ['commons.html', 'en/commons.html', 'actors.html', 'services.html', 'projects.html', 'commons/page=2.html']) {
      const page = await readFile(path.join(site, file), 'utf8');
      const manifest = /data-search-index="\/search\/([^"]+)\.json"/.exec(page)?.[1];
      expect(manifest, file).toBeDefined();
      expect(page).toContain('<script type="module" src="/assets/search.js"></script>');
      const own = shards.filter((f) => f.startsWith(`${manifest}.`));
      expect(own.length, file).toBeGreaterThan(0);
      const largest = Math.max(...(await Promise.all(own.map(async (f) => (await readFile(path.join(site, 'search', f).concat(existsSync(path.join(site, 'search', `${f}.gz`)) ? '.gz' : ''))).length))));
      expect((await gz(file)) + fixed + largest, file).toBeLessThan(50 * 1024);
    }
    // Served as JSON by nginx, for the script's fetch.
    const manifest = await get('/search/commons.fr.json');
    expect(manifest.headers.get('content-type')).toBe('application/json');
  });
});

describe('the static copy under a real Apache, with the build\'s .htaccess', () => {
  const at = () => apacheOrigin;
  it('serves pages without .html, in both languages, with the precompressed copies', async () => {
    for (const [p, file] of [['/', 'index.html'], ['/en/', 'en/index.html'], ['/commons', 'commons.html'], ['/commons/page=2', 'commons/page=2.html'], ['/en/id/commons/decidim', 'en/id/commons/decidim.html']]) {
      const response = await get(p, { accept: 'text/html' }, 'GET', at());
      expect(response.status, p).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toBe(await readFile(path.join(site, file), 'utf8'));
    }
    for (const encoding of ['br', 'gzip']) {
      const response = await fetch(`${at()}/commons`, { headers: { 'accept-encoding': encoding } });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('vary')).toMatch(/Accept-Encoding/);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    }
    const missing = await get('/id/commons/no-such-commons', { accept: 'text/html' }, 'GET', at());
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<html lang="fr">');
  });

  it.each(IRIS)('negotiates %s by Accept and Accept-Language, with Vary', async (iri) => {
    await expectNegotiated(iri, at());
    const preflight = await get(iri, { origin: 'https://partner.example', 'access-control-request-method': 'GET' }, 'OPTIONS', at());
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('negotiates the dataset description', async () => {
    const turtle = await get('/.well-known/void', { accept: 'text/turtle' }, 'GET', at());
    expect(turtle.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    const page = await get('/.well-known/void', { accept: 'text/html' }, 'GET', at());
    expect(await page.text()).toBe(await readFile(path.join(site, 'data.html'), 'utf8'));
  });
});
