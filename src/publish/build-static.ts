// **build-static** writes the whole public site to a folder, for any static host. There is no second rendering
// path: the build starts the real server on a loopback port and saves what it answers (every page in French and
// English, every entity in every RDF syntax, dumps, VoID/DCAT, feed, favicon, assets), moving links to the
// static URL scheme (static-urls.ts). Pages are found from the sitemap, then by following links, each once:
// the work is linear in the number of pages.
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { startServer } from '../server.js';
import { DUMP_FORMATS, dumpPath } from '../http/routes/dumps.js';
import { DESCRIPTION_FORMATS } from '../http/rdf-response.js';
import { precompress } from './compress.js';
import { robotsTxt, sitemapFiles } from './sitemap.js';
import { rewriteLinks, staticPageUrl, staticTarget, type Target } from './static-urls.js';
import { apacheHtaccess, nginxConfig } from './server-config.js';
import { buildStaticSearch } from '../directory/search-static.js';
import { iriToPath } from '../rdf/iri-paths.js';
import { eachAtOnce } from '../each-at-once.js';

export interface StaticBuildOptions {
  config: Readonly<Config>;
  /** The folder to write; emptied first (it must be empty or hold a previous build). */
  outDir: string;
  /** Where the copy will be published, e.g. https://usages-communs.example.org/ (sitemap, robots.txt). */
  baseUrl: string;
  /** Where the live server runs, for what a static host cannot do (SPARQL, the form); without it those links stay relative. */
  liveUrl?: string;
  /** Requests in flight at once against the loopback server. */
  concurrency?: number;
  log?: (message: string) => void;
}

export interface StaticBuildReport {
  pages: number;
  files: number;
  bytes: number;
  compressed: number;
  /** Links to what only the live server does, by live path. */
  dynamicLinks: string[];
  milliseconds: number;
}

/** Text files worth a .gz and .br copy; below 1 KB the copy saves nothing. */
const COMPRESS = /\.(html|css|js|mjs|svg|xml|txt|json|jsonld|ttl|nt|nq|rdf|trig|atom)$/;
const MIN_COMPRESS = 1024;
/** Paths negotiated by the web server between several files, written after the crawl (see server-config.ts). */
const NEGOTIATED: ReadonlyMap<string, string> = new Map([['/.well-known/void', '.well-known/void'], ['/dataset', 'dataset']]);
/** A marker written with every build, so that a folder of something else is never emptied by mistake. */
const MARKER = '.usages-communs-static';

async function prepare(outDir: string): Promise<void> {
  const entries = await readdir(outDir).catch(() => undefined);
  if (entries?.length && !entries.includes(MARKER)) {
    throw new Error(`build:static: ${outDir} is not empty and holds no previous build (${MARKER} missing); choose an empty or new folder`);
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, MARKER), 'Written by npm run build:static; the next build empties this folder.\n');
}

export async function buildStatic(options: StaticBuildOptions): Promise<StaticBuildReport> {
  const started = Date.now();
  const { outDir, liveUrl, concurrency = 8, log = () => {} } = options;
  const baseUrl = new URL(options.baseUrl).href.replace(/\/$/, '');
  await prepare(outDir);
  const server = await startServer({ ...options.config, port: 0, host: '127.0.0.1', staticSearch: true }, log);
  try {
    // The example results of /data are computed in the query workers meanwhile: only /data waits for them.
    const examplesReady = server.ready();
    examplesReady.then(() => log(`build:static: example results ready after ${Date.now() - started} ms`), () => undefined);
    const { baseIri } = server.graphRef.current();
    const origin = server.url;
    const written = new Set<string>();
    const dirs = new Set<string>();
    let bytes = 0;
    const save = async (file: string, body: Buffer | string) => {
      const target = path.join(outDir, file);
      const dir = path.dirname(target);
      if (!dirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        dirs.add(dir);
      }
      const data = typeof body === 'string' ? Buffer.from(body) : body;
      await writeFile(target, data);
      written.add(file);
      bytes += data.length;
    };
    const get = async (live: string, accept: string, attempt = 1): Promise<{ status: number; type: string; body: Buffer }> => {
      try {
        const response = await fetch(`${origin}${live}`, { headers: { accept, 'accept-language': 'fr', 'accept-encoding': 'identity' }, redirect: 'manual' });
        return { status: response.status, type: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
      } catch (error) {
        // A kept-alive socket the server closed at the same moment: the request never reached it, so ask again.
        if (attempt < 3) return get(live, accept, attempt + 1);
        throw new Error(`build:static: GET ${live} failed: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
      }
    };

    // Every page is visited once: `seen` holds what is queued, by its static file.
    const seen = new Set<string>();
    const queue: Target[] = [];
    const dynamic = new Set<string>();
    const broken: string[] = [];
    let pages = 0;
    const enqueue = (target: Target) => {
      if (target.kind === 'dynamic') return void dynamic.add(target.live);
      if (target.kind === 'external' || NEGOTIATED.has(target.live) || seen.has(target.file)) return;
      seen.add(target.file);
      queue.push(target);
    };

    async function visit(target: Target): Promise<void> {
      if (target.kind === 'file') {
        const response = await get(target.live, '*/*');
        if (response.status !== 200) return void broken.push(`${target.live} (${response.status})`);
        return save(target.file, response.body);
      }
      if (target.kind !== 'page') return;
      if (/^\/data(\?|$)/.test(target.live)) await examplesReady;
      const response = await get(target.live, 'text/html');
      if (response.status !== 200 || !response.type.startsWith('text/html')) return void broken.push(`${target.live} (${response.status})`);
      pages++;
      await save(target.file, rewriteLinks(response.body.toString('utf8'), origin, liveUrl, enqueue));
    }

    // The search of the static copy: its script and index shards, from the directory the pages come from.
    for (const file of await buildStaticSearch(server.pages().directory, { href: (iri, lang) => staticPageUrl(iriToPath(iri, baseIri) ?? iri, lang) })) {
      seen.add(file.path);
      await save(file.path, file.body);
    }

    // Seeds: every page the sitemap lists, in both languages (entries, lists, statistics, data…).
    const sitemap = (await get('/sitemap.xml', 'application/xml')).body.toString('utf8');
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1].replace(/&amp;/g, '&')));
    const livePaths = new Set<string>();
    for (const loc of locs) {
      enqueue(staticTarget(`${loc.pathname}${loc.search}`, origin));
      livePaths.add(loc.pathname);
    }
    // The RDF of every entry beside its page, in each syntax; then the dumps and the dataset description.
    const entities = [...livePaths].filter((p) => /^\/(id|ns)(\/|$)/.test(p));
    for (const p of entities) for (const format of DESCRIPTION_FORMATS) enqueue(staticTarget(`${p}.${format.extension}`, origin));
    for (const format of DUMP_FORMATS) enqueue(staticTarget(dumpPath(format), origin));

    // Workers take from the queue until it is empty and no visit in flight can add to it.
    // A read index, not shift(): shifting a queue of tens of thousands of URLs would move it all each time.
    let active = 0;
    let head = 0;
    await new Promise<void>((resolve, reject) => {
      const pump = () => {
        if (head === queue.length && !active) return resolve();
        while (active < concurrency && head < queue.length) {
          const next = queue[head++];
          active++;
          visit(next).then(() => {
            active--;
            pump();
          }, reject);
        }
      };
      pump();
    });

    log(`build:static: ${pages} pages and their files fetched after ${Date.now() - started} ms`);
    // The dataset's descriptions, negotiated on the static host like an entity (see server-config.ts).
    for (const [live, stem] of NEGOTIATED) {
      for (const format of DESCRIPTION_FORMATS) {
        const response = await get(live, format.mediaType);
        if (response.status !== 200) broken.push(`${live} as ${format.mediaType} (${response.status})`);
        else await save(`${stem}.${format.extension}`, response.body);
      }
    }
    // The error page, in both languages, for the host's 404s.
    for (const [live, file] of [['/static-copy-missing-page', '404.html'], ['/static-copy-missing-page?lang=en', 'en/404.html']]) {
      const response = await get(live, 'text/html');
      await save(file, rewriteLinks(response.body.toString('utf8'), origin, liveUrl));
    }
    if (broken.length) {
      throw new Error(`build:static: ${broken.length} link(s) of the site do not answer 200, so the copy would have broken links:\n${broken.slice(0, 20).map((b) => `  ${b}\n`).join('')}`);
    }

    // Sitemap and robots.txt name the static URLs on the published host.
    const pagePaths = [...new Set(locs.filter((l) => !l.searchParams.has('lang')).map((l) => `${l.pathname}${l.search}`))];
    for (const [name, body] of sitemapFiles(pagePaths, (p, lang) => `${baseUrl}${staticPageUrl(p, lang)}`)) await save(name, body);
    await save('robots.txt', robotsTxt(`${baseUrl}/sitemap.xml`, false));
    await save('nginx.conf', nginxConfig({ root: path.resolve(outDir) }));
    await save('.htaccess', apacheHtaccess());

    // Precompressed copies, for hosts that serve them (nginx gzip_static, Apache with the .htaccess rules).
    let compressed = 0;
    const files = [...written].filter((f) => COMPRESS.test(f));
    await eachAtOnce(files, concurrency, async (file) => {
      const full = path.join(outDir, file);
      if ((await stat(full)).size < MIN_COMPRESS) return;
      const copies = await precompress(await readFile(full), { brotliQuality: 9 });
      await writeFile(`${full}.gz`, copies.gzip);
      await writeFile(`${full}.br`, copies.br);
      compressed++;
    });
    return { pages, files: written.size, bytes, compressed, dynamicLinks: [...dynamic].sort(), milliseconds: Date.now() - started };
  } finally {
    await server.close();
  }
}

