// **errors**: the one place that turns an error into a response.
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Views } from '../render/views.js';
import { pickLanguage } from './language.js';

function wantsHtml(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'html';
}

export function renderError(views: Views, req: Request, res: Response, status: 404 | 500): void {
  const lang = pickLanguage(req.query.lang, req.get('accept-language'));
  const key = status === 404 ? 'error.404' : 'error.500';
  res.status(status).vary('Accept').vary('Accept-Language');
  if (!wantsHtml(req)) {
    res.type('text/plain; charset=utf-8').send(`${views.strings(lang)[`${key}.title`]}\n`);
    return;
  }
  res.type('html').send(views.render('error', { lang, path: req.path, title: views.strings(lang)[`${key}.title`], titleKey: `${key}.title`, textKey: `${key}.text` }));
}

export function errorHandler(views: Views, log: (message: string) => void): ErrorRequestHandler {
  return function errorHandlerMiddleware(error, req, res, _next) {
    if (res.headersSent) return void res.end();
    if (typeof error?.status === 'number' && error.status < 500) {
      if (error.status === 404) return renderError(views, req, res, 404);
      // Client errors (a malformed body, a body too large…) say what was wrong; they reveal nothing internal.
      return void res.status(error.status).type('text/plain; charset=utf-8').send(`${error.message}\n`);
    }
    // Internal details (stack, paths) stay in the log: a public server must not hand them out.
    log(`error on ${req.method} ${req.originalUrl}: ${error?.stack ?? error}`);
    renderError(views, req, res, 500);
  };
}
