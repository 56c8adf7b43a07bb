// **pages**: the HTML pages. Routes stay thin: pick the language, look the page up, send it.
// Everything they print was computed when the graph loaded (src/directory/).
import { Router, type Response } from 'express';
import type { Lang } from '../../render/views.js';
import type { Pages } from '../../directory/pages.js';
import { ACTOR_FACETS, parseSearchQuery, WORK_FACETS } from '../../directory/search.js';
import { pickLanguage } from '../language.js';
import { pathToIri } from '../../rdf/iri-paths.js';

function send(res: Response, lang: Lang, html: string): void {
  res.vary('Accept-Language').set('Content-Language', lang).type('html').send(html);
}

export function pageRoutes(pages: () => Pages): Router {
  const router = Router();
  router.use((req, res, next) => {
    res.locals.lang = pickLanguage(req.query.lang, req.get('accept-language'));
    next();
  });
  router.get('/', (req, res) => send(res, res.locals.lang, pages().renderHome(res.locals.lang, parseSearchQuery(req.query, []))));
  router.get('/commons', (req, res) => send(res, res.locals.lang, pages().renderSearch(parseSearchQuery(req.query), res.locals.lang)));
  router.get('/actors', (req, res) => send(res, res.locals.lang, pages().renderActors(parseSearchQuery(req.query, ACTOR_FACETS), res.locals.lang)));
  router.get('/services', (req, res) => send(res, res.locals.lang, pages().renderServices(parseSearchQuery(req.query, WORK_FACETS), res.locals.lang)));
  router.get('/projects', (req, res) => send(res, res.locals.lang, pages().renderProjects(parseSearchQuery(req.query, WORK_FACETS), res.locals.lang)));
  router.get('/statistics', (_req, res) => send(res, res.locals.lang, pages().renderStatistics(res.locals.lang)));
  router.get('/ecosystem', (req, res) => {
    const { status, html } = pages().renderEcosystem(new URLSearchParams(req.url.split('?')[1] ?? ''), res.locals.lang);
    send(res.status(status), res.locals.lang, html);
  });
  router.get('/skills', (_req, res) => send(res, res.locals.lang, pages().renderSkills(res.locals.lang)));
  router.get('/territories', (_req, res) => send(res, res.locals.lang, pages().renderTerritories(res.locals.lang)));
  router.get('/cooperative', (_req, res) => send(res, res.locals.lang, pages().renderCooperative(res.locals.lang)));
  // Linked Data (RDF formats) is answered before this router; what reaches it wants HTML.
  router.get('/id/*path', (req, res, next) => {
    const current = pages();
    const html = current.renderEntity(pathToIri(req.path, current.directory.baseIri), res.locals.lang);
    if (html === undefined) return next();
    send(res, res.locals.lang, html);
  });
  return router;
}
