// **changes** serves the history of the data: `/changes` (ActivityStreams 2.0, paged, `since=`), each
// change at its own IRI, the Atom feed `/feed.atom`, and 410 Gone for the IRI of a removed entry, with a
// link to the change that removed it, in HTML and in every RDF syntax alike.
import { Router, type Request, type Response } from 'express';
import { DataFactory } from 'n3';
import type { Directory } from '../../directory/directory.js';
import { activityDocument, AS, collectionJson, collectionPageJson, type Activity } from '../../directory/changes.js';
import { dateView } from '../../directory/entities.js';
import type { GraphRef } from '../../graph/graph-ref.js';
import { PREFIXES } from '../../rdf/namespaces.js';
import type { Views } from '../../render/views.js';
import { hrefFor, iriToPath } from '../../rdf/iri-paths.js';
import { pickLanguage } from '../language.js';
import { negotiate } from '../../rdf/negotiate.js';
import { chooseRepresentation, HTML, sendBody, writeRdf } from '../rdf-response.js';
import { graphFragments, resolvePath } from './linked-data.js';

/** AS2's own media type first (what ActivityPub tools ask for), then plain JSON-LD with the AS2 profile. */
const AS_TYPES = ['application/activity+json', 'application/ld+json', 'application/json'];
const AS_PROFILE = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

function sendActivityJson(req: Request, res: Response, body: unknown): void {
  const chosen = negotiate(req.get('accept'), AS_TYPES);
  res.vary('Accept').set('Cache-Control', 'no-cache');
  res.status(200).type(chosen === 'application/activity+json' ? 'application/activity+json; charset=utf-8' : `${AS_PROFILE}; charset=utf-8`);
  res.send(`${JSON.stringify(body, null, 2)}\n`);
}

function badRequest(res: Response, message: string): void {
  res.status(400).type('text/plain; charset=utf-8').send(`${message}\n`);
}

/** `since`: an ISO 8601 date or date-time; anything else is refused with the expected form. */
function parseSince(value: unknown): Date | undefined | Error {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || Number.isNaN(Date.parse(value))) {
    return new Error('since: expected an ISO 8601 date or date-time, e.g. since=2025-01-31 or since=2025-01-31T12:00:00Z');
  }
  return new Date(value);
}

function parsePage(value: unknown): number | undefined | Error {
  if (value === undefined) return undefined;
  const page = Number(value);
  return typeof value === 'string' && /^\d{1,9}$/.test(value) && page >= 1 ? page : new Error('page: expected a whole number from 1');
}

/** The tombstone of a removed entry (AS2 Tombstone) and the Delete that removed it, as RDF. */
function tombstoneQuads(removal: Activity) {
  const { namedNode, literal, quad } = DataFactory;
  const dateTime = namedNode(`${PREFIXES.xsd}dateTime`);
  const type = namedNode(`${PREFIXES.rdf}type`);
  const entry = namedNode(removal.object);
  const activity = namedNode(removal.id);
  return [
    quad(entry, type, namedNode(`${AS}Tombstone`)),
    quad(entry, namedNode(`${AS}deleted`), literal(removal.published, dateTime)),
    quad(activity, type, namedNode(`${AS}Delete`)),
    quad(activity, namedNode(`${AS}object`), entry),
    quad(activity, namedNode(`${AS}published`), literal(removal.published, dateTime)),
    quad(activity, namedNode('https://w3id.org/usages-communs/ns#commit'), literal(removal.commit)),
  ];
}

export function changesRoutes(graphRef: GraphRef, directory: () => Directory, views: Views): Router {
  const router = Router();

  router.get('/changes', (req, res) => {
    const since = parseSince(req.query.since);
    const page = parsePage(req.query.page);
    if (since instanceof Error) return badRequest(res, since.message);
    if (page instanceof Error) return badRequest(res, page.message);
    const { changes, baseIri } = directory();
    if (page === undefined) return sendActivityJson(req, res, collectionJson(changes, baseIri, since));
    const body = collectionPageJson(changes, baseIri, page, since);
    if (!body) return void res.status(404).type('text/plain; charset=utf-8').send(`page ${page} does not exist: the log has ${changes.page(1, since).pages} page(s)\n`);
    sendActivityJson(req, res, body);
  });

  router.get('/changes/*rest', (req, res, next) => {
    const { changes, baseIri } = directory();
    const activity = changes.activity(`${baseIri}${req.path.slice(1)}`);
    if (!activity) return next();
    sendActivityJson(req, res, activityDocument(activity));
  });

  router.get('/feed.atom', (req, res) => {
    const lang = pickLanguage(req.query.lang, req.get('accept-language'));
    const { baseIri } = directory();
    const feed = directory().feed(lang);
    const body = views.document('atom', {
      lang,
      path: '/feed.atom',
      feedId: `${baseIri}feed.atom`,
      selfHref: `${baseIri}feed.atom`,
      homeHref: baseIri,
      changesHref: `${baseIri}changes`,
      // Atom requires a date; without a history the feed is empty and dated from the Unix epoch rather than made up.
      updated: feed.updated ?? new Date(0).toISOString(),
      entries: feed.entries.map((e) => ({ ...e, typeKey: `feed.${e.type}` })),
    });
    res.vary('Accept-Language').set('Content-Language', lang).type('application/atom+xml; charset=utf-8').send(body);
  });

  // A removed entry's IRI is Gone (410), not unknown (404): in HTML and in every RDF syntax, with the change.
  const fragments = graphFragments;
  router.use(async function goneMiddleware(req, res, next) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const graph = graphRef.current();
    const target = resolvePath(req.path, graph, fragments.get(graph));
    if (!target || target.described) return next();
    const removal = directory().changes.removal(target.iri);
    if (!removal) return next();
    const changeHref = iriToPath(removal.id, graph.baseIri) ?? removal.id;
    res.vary('Accept').set('Link', `<${changeHref}>; rel="related"; type="application/activity+json"`);
    const mediaType = target.format?.mediaType ?? chooseRepresentation(req.get('accept')) ?? HTML;
    if (mediaType !== HTML) return sendBody(res, 410, mediaType, await writeRdf(tombstoneQuads(removal), mediaType, graph));
    const lang = pickLanguage(req.query.lang, req.get('accept-language'));
    res.status(410).vary('Accept-Language').set('Content-Language', lang).type('html').send(
      views.render('gone', {
        lang,
        path: target.path,
        title: views.strings(lang)['gone.title'],
        iri: target.iri,
        date: dateView(removal.published, lang),
        changeHref,
        logHref: hrefFor(`${graph.baseIri}changes`, graph.baseIri),
      }),
    );
  });
  return router;
}
