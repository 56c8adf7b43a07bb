// **site** serves what browsers and crawlers ask every site for: /favicon.ico, /robots.txt and /sitemap.xml
// (split into /sitemap-N.xml beyond 50,000 URLs), written once per loaded graph; and the source files
// themselves at their named-graph IRIs (/source/data/commons/decidim.ttl), which queries and VoID name.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router, type Request } from 'express';
import type { Pages } from '../../directory/pages.js';
import { publicPagePaths, robotsTxt, sitemapFiles } from '../../publish/sitemap.js';
import type { GraphRef } from '../../graph/graph-ref.js';
import { perGraph, sendBody } from '../rdf-response.js';
import { pathToIri } from '../../rdf/iri-paths.js';

/** The origin the client reached: sitemaps must name URLs of the host that serves them. */
const originOf = (req: Request) => `${req.protocol}://${req.get('host')}`;

/** Named-graph IRI → its source file, per loaded graph. */
const sourcesByGraph = perGraph((graph) => new Map(graph.sources.map((s) => [s.graph.value, s])));

export function siteRoutes(pages: () => Pages, graphRef: GraphRef, viewsDir: string): Router {
  sourcesByGraph.warm(graphRef);
  const favicon = readFileSync(path.join(viewsDir, 'assets', 'favicon.ico'));
  const router = Router();
  router.get('/favicon.ico', (_req, res) => {
    res.set({ 'Content-Type': 'image/x-icon', 'Cache-Control': 'public, max-age=604800' }).send(favicon);
  });
  router.get('/robots.txt', (req, res) => {
    res.type('text/plain; charset=utf-8').send(robotsTxt(`${originOf(req)}/sitemap.xml`));
  });
  // Per graph and per origin (a server may be reached by several names); at most a few origins are kept.
  const cache = new WeakMap<Pages, Map<string, Map<string, string>>>();
  router.get(/^\/sitemap(-\d+)?\.xml$/, (req, res, next) => {
    const current = pages();
    const origin = originOf(req);
    let byOrigin = cache.get(current);
    if (!byOrigin) cache.set(current, (byOrigin = new Map()));
    let files = byOrigin.get(origin);
    if (!files) {
      if (byOrigin.size >= 4) byOrigin.clear();
      files = sitemapFiles(publicPagePaths(current.directory), (p, lang) => `${origin}${p}${lang === 'fr' ? '' : `${p.includes('?') ? '&' : '?'}lang=${lang}`}`);
      byOrigin.set(origin, files);
    }
    const file = files.get(req.path.slice(1));
    if (!file) return next();
    res.type('application/xml; charset=utf-8').send(file);
  });
  router.get('/source/{*file}', (req, res, next) => {
    const graph = graphRef.current();
    const source = sourcesByGraph.get(graph).get(pathToIri(req.path, graph.baseIri));
    if (!source) return next();
    res.set({ 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' });
    sendBody(res, 200, 'text/turtle', source.text);
  });
  return router;
}
