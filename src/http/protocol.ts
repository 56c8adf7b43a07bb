// **protocol** answers what HTTP asks of any URL of a public, read-only site, whatever route serves it:
// CORS preflights (scripts on other sites may read the open data with custom headers such as Accept),
// and 405 with Allow for methods no route takes.
import type { RequestHandler } from 'express';

/** Every URL of the site is read-only; routes that take more (POST /sparql, a form) answer before these. */
export const READ_METHODS = 'GET, HEAD, OPTIONS';

/** OPTIONS on any URL: a CORS preflight (Access-Control-Request-Method present) or a plain question about methods. */
export function protocolManners(): RequestHandler {
  return function protocolMannersMiddleware(req, res, next) {
    // The SPARQL endpoint takes POST too and answers its own preflights.
    if (req.method !== 'OPTIONS' || req.path === '/sparql') return next();
    res.set({
      Allow: READ_METHODS,
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': READ_METHODS,
      // Echo what the browser asks to send: the site reads no header with side effects, so any is harmless.
      'Access-Control-Allow-Headers': req.get('access-control-request-headers') ?? 'Accept, Accept-Language',
      'Access-Control-Max-Age': '86400',
      'Access-Control-Expose-Headers': 'Link, Content-Location, ETag, Last-Modified',
    });
    res.vary('Access-Control-Request-Headers');
    res.status(204).end();
  };
}

/** After every route: a method no route took (POST to a page, DELETE…) is 405, with the methods that work. */
export function methodNotAllowed(): RequestHandler {
  return function methodNotAllowedMiddleware(req, res, next) {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    res.status(405).set('Allow', READ_METHODS).type('text/plain; charset=utf-8')
      .send(`Method ${req.method} not allowed on ${req.path}: this read-only site answers ${READ_METHODS}.\n`);
  };
}
