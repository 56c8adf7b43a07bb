// **sparql** implements the SPARQL 1.1 Protocol (read-only) at /sparql: GET and POST queries, the dataset
// parameters, CORS for partners' browser tools, and, without a query, the service description for RDF
// clients or the query editor for people.
import express, { Router, type Request, type Response } from 'express';
import type { SparqlService } from '../../sparql/service.js';
import type { Dataset } from '../../sparql/query.js';

export const MAX_QUERY_BYTES = 100 * 1024;

export interface SparqlRouteOptions {
  service: SparqlService;
  maxPerClient: number;
  /**
   * Answers GET /sparql without a query: the editor for browsers, the service description for RDF clients;
   * `otherwise` answers clients that accept neither.
   */
  describeService: (req: Request, res: Response, otherwise: () => void) => Promise<void>;
}

function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function plain(res: Response, status: number, message: string, headers: Record<string, string> = {}): void {
  res.status(status).set({ 'Content-Type': 'text/plain; charset=utf-8', ...headers }).send(`${message}\n`);
}

export function sparqlRoutes({ service, maxPerClient, describeService }: SparqlRouteOptions): Router {
  const router = Router();
  const active = new Map<string, number>();

  router.use('/sparql', (req, res, next) => {
    // Partners' browser tools (YASGUI elsewhere, dashboards) query from other origins.
    res.set({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type, Accept',
      'Access-Control-Expose-Headers': 'X-SPARQL-Truncated, Retry-After',
    });
    if (req.path !== '/') return next();
    // The time limit counts from here, before the body is read and the query parsed.
    res.locals.arrival = performance.now();
    if (req.method === 'OPTIONS') return void res.status(204).end();
    if (!['GET', 'HEAD', 'POST'].includes(req.method)) {
      return plain(res, 405, `${req.method} is not supported: query with GET or POST (SPARQL 1.1 Protocol)`, { Allow: 'GET, HEAD, POST, OPTIONS' });
    }
    next();
  });

  router.post(
    '/sparql',
    express.urlencoded({ extended: false, limit: MAX_QUERY_BYTES, parameterLimit: 100 }),
    express.text({ type: ['application/sparql-query', 'application/sparql-update'], limit: MAX_QUERY_BYTES }),
  );

  router.all('/sparql', async (req, res) => {
    const type = req.is(['application/x-www-form-urlencoded', 'application/sparql-query', 'application/sparql-update']);
    if (req.method === 'POST' && !type) {
      return plain(res, 415, 'POST a query as application/x-www-form-urlencoded (query=…) or as application/sparql-query');
    }
    if (type === 'application/sparql-update' || list(req.query.update).length || (type === 'application/x-www-form-urlencoded' && req.body?.update !== undefined)) {
      return plain(res, 403, 'this endpoint is read-only: SPARQL Update is not accepted');
    }
    const form = type === 'application/x-www-form-urlencoded' ? (req.body as Record<string, unknown>) : {};
    const queries = type === 'application/sparql-query' ? [String(req.body ?? '')] : [...list(req.query.query), ...list(form.query)];
    if (type === 'application/sparql-query' && list(req.query.query).length) {
      // The protocol gives a direct POST its query in the body only: which of the two was meant is unknowable.
      return plain(res, 400, 'a query in the URL and another in the body: send a direct POST with the query in the body only');
    }
    if (queries.length > 1) return plain(res, 400, 'more than one query parameter: send exactly one query');
    if (!queries.length) {
      const missing = 'missing query: send query=… (GET or POST form) or a body of type application/sparql-query';
      if (req.method === 'POST') return plain(res, 400, missing);
      return describeService(req, res, () => plain(res, 400, `${missing}; without a query, GET /sparql gives the service description to RDF clients (Accept: text/turtle) and the query editor to browsers`));
    }
    const query = queries[0];
    if (Buffer.byteLength(query) > MAX_QUERY_BYTES) {
      return plain(res, 413, `the query is ${Math.ceil(Buffer.byteLength(query) / 1024)} KB, longer than the ${MAX_QUERY_BYTES / 1024} KB this endpoint accepts; shorten it (a VALUES block of thousands of IRIs is better split into several queries)`);
    }
    if (!query.trim()) return plain(res, 400, 'empty query');
    const dataset: Dataset = {
      defaultGraphs: [...list(req.query['default-graph-uri']), ...list(form['default-graph-uri'])],
      namedGraphs: [...list(req.query['named-graph-uri']), ...list(form['named-graph-uri'])],
    };
    const format = list(req.query.format)[0] ?? list(form.format)[0];

    const client = req.ip ?? 'unknown';
    const running = active.get(client) ?? 0;
    if (running >= maxPerClient) {
      return plain(res, 429, `too many queries at once from your address (at most ${maxPerClient}); wait for one to finish`, { 'Retry-After': '1' });
    }
    active.set(client, running + 1);
    try {
      const answer = await service.answer({ query, accept: req.get('accept'), format, dataset, arrival: res.locals.arrival as number });
      res.status(answer.status).set(answer.headers).vary('Accept').send(answer.body);
    } finally {
      const left = (active.get(client) ?? 1) - 1;
      if (left > 0) active.set(client, left);
      else active.delete(client);
    }
  });
  return router;
}
