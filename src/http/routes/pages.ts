// **pages**: the HTML pages, rendered from view models computed once per graph.
import { Router } from 'express';
import type { Views } from '../../render/views.js';
import type { Summary } from '../../directory/summary.js';
import { pickLanguage } from '../language.js';

export function pageRoutes(views: Views, summary: () => Summary): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const lang = pickLanguage(req.query.lang, req.get('accept-language'));
    res.vary('Accept-Language').set('Content-Language', lang).type('html');
    res.send(views.render('home', { lang, path: req.path, summary: summary() }));
  });
  return router;
}
