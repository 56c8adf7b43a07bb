// Linked Data on every IRI: the real server on a random port, the valid fixture and the real ontology,
// every kind of IRI in every syntax, parsed back by independent parsers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { PREFIXES, UC } from '../../src/rdf/namespaces.js';
import { BASE, FIXTURES, VALID } from '../helpers.js';
import { hasTriple, parseRdf } from './parse-rdf.js';

let running: RunningServer;
let members: RunningServer;
beforeAll(async () => {
  running = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: VALID }, {}), () => {});
  members = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: path.join(FIXTURES, 'membership') }, {}), () => {});
});
afterAll(() => Promise.all([running.close(), members.close()]));

const get = (p: string, headers: Record<string, string> = {}, server = running) => fetch(`${server.url}${p}`, { headers });
const id = (p: string) => `${BASE}id/${p}`;
const { rdf, rdfs, schema, skos } = PREFIXES;

const FORMATS = [
  { type: 'text/turtle', ext: 'ttl' },
  { type: 'application/ld+json', ext: 'jsonld' },
  { type: 'application/n-triples', ext: 'nt' },
  { type: 'application/rdf+xml', ext: 'rdf' },
];

/** One IRI of each kind the server describes, and one triple its description must hold. */
const KINDS: Array<{ kind: string; at: string; triple: [string, string, string] }> = [
  { kind: 'commons', at: '/id/commons/decidim', triple: [id('commons/decidim'), `${schema}maintainer`, id('actors/decidim-association')] },
  // Incoming: the commons it contributes to is part of an organisation's description.
  { kind: 'actor', at: '/id/actors/open-source-politics', triple: [id('commons/decidim'), `${schema}contributor`, id('actors/open-source-politics')] },
  { kind: 'service', at: '/id/services/solidarite-numerique', triple: [id('services/solidarite-numerique'), `${schema}provider`, id('actors/la-mednum')] },
  { kind: 'theme', at: '/id/themes/civic-participation', triple: [id('themes/civic-participation'), `${skos}inScheme`, id('themes')] },
  { kind: 'skill', at: '/id/skills/service-design', triple: [id('skills/service-design'), `${rdf}type`, `${skos}Concept`] },
  { kind: 'territory', at: '/id/territories/world', triple: [id('territories/world'), `${rdf}type`, `${skos}Concept`] },
  { kind: 'organisation type', at: '/id/actor-types/association', triple: [id('actor-types/association'), `${rdf}type`, `${skos}Concept`] },
  { kind: 'role', at: '/id/roles/associate', triple: [id('roles/associate'), `${rdf}type`, `${skos}Concept`] },
  { kind: 'college', at: '/id/colleges/beneficiaries', triple: [id('colleges/beneficiaries'), `${rdf}type`, `${skos}Concept`] },
  { kind: 'concept scheme', at: '/id/themes', triple: [id('themes'), `${rdf}type`, `${skos}ConceptScheme`] },
  // The vocabulary document carries its #terms.
  { kind: 'vocabulary', at: '/ns', triple: [`${UC}DigitalCommons`, `${rdfs}isDefinedBy`, `${BASE}ns`] },
];

const CASES = KINDS.flatMap((k) => FORMATS.map((f) => ({ ...k, ...f })));

describe('Linked Data: every kind of IRI in every syntax', () => {
  it.each(CASES)('$kind $at as $type by Accept', async ({ at: p, type, ext, triple }) => {
    const response = await get(p, { accept: type });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')?.split(';')[0]).toBe(type);
    expect(response.headers.get('vary')).toMatch(/\bAccept\b/);
    expect(response.headers.get('content-location')).toBe(`${p}.${ext}`);
    expect(response.headers.get('content-disposition')).toBeNull();
    const triples = await parseRdf(await response.text(), type, `${BASE}${p.slice(1)}`);
    expect(hasTriple(triples, ...triple)).toBe(true);
  });

  it.each(CASES)('$kind $at in $ext by extension, whatever the Accept', async ({ at: p, type, ext, triple }) => {
    const response = await get(`${p}.${ext}`, { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')?.split(';')[0]).toBe(type);
    const triples = await parseRdf(await response.text(), type, `${BASE}${p.slice(1)}`);
    expect(hasTriple(triples, ...triple)).toBe(true);
  });

  it('describes an organisation with the #fragments (memberships) of its document', async () => {
    const response = await get('/id/actors/exemple-membre', { accept: 'text/turtle' }, members);
    const triples = await parseRdf(await response.text(), 'text/turtle', id('actors/exemple-membre'));
    expect(hasTriple(triples, id('actors/exemple-membre#membership-exemple-scic'), `${PREFIXES.org}role`, id('roles/associate'))).toBe(true);
  });

  it('gives the labels of what an entity points to', async () => {
    const triples = await parseRdf(await (await get('/id/commons/decidim.nt')).text(), 'application/n-triples', BASE);
    expect(hasTriple(triples, id('actors/decidim-association'), `${schema}name`, 'Decidim Free Software Association')).toBe(true);
  });
});

describe('Linked Data: what real clients send', () => {
  const CLIENTS: Array<[string, string, string]> = [
    ['rapper', 'application/rdf+xml, text/rdf+n3;q=0.9, application/turtle;q=0.9, application/x-turtle;q=0.9, text/turtle;q=0.9, text/n3;q=0.9, application/n-triples;q=0.9, */*;q=0.1', 'application/rdf+xml'],
    ['rdflib (Python)', 'application/rdf+xml, text/rdf+n3;q=0.9, application/xhtml+xml;q=0.5, */*;q=0.1', 'application/rdf+xml'],
    ['rdflib.js, RDF/XML and HTML at the same q', 'image/*;q=0.9, */*;q=0.1, application/rdf+xml;q=0.9, application/xhtml+xml, text/xml;q=0.5, application/xml;q=0.5, text/html;q=0.9, text/plain;q=0.5, text/n3, text/turtle', 'text/turtle'],
    ['Jena RIOT', 'text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,*/*;q=0.5', 'text/turtle'],
    ['an RDF client whose wildcard outranks its RDF type', 'text/turtle;q=0.5, */*;q=0.8', 'text/turtle'],
    ['a JSON-LD client', 'application/ld+json, application/json;q=0.9', 'application/ld+json'],
    ['a client preferring HTML by name', 'text/html, text/turtle;q=0.5', 'text/html'],
    ['curl', '*/*', 'text/html'],
    ['no Accept header', '', 'text/html'],
    ['Firefox', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'text/html'],
    ['Chrome', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7', 'text/html'],
  ];

  it.each(CLIENTS)('%s gets the right syntax', async (_client, accept, expected) => {
    const response = await get('/id/commons/decidim', accept ? { accept } : {});
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')?.split(';')[0]).toBe(expected);
    expect(response.headers.get('vary')).toMatch(/\bAccept\b/);
    expect(response.headers.get('content-disposition')).toBeNull();
  });

  it('says where each syntax lives and which IRI is canonical', async () => {
    const link = (await get('/id/commons/decidim', { accept: 'text/turtle' })).headers.get('link') ?? '';
    for (const { type, ext } of FORMATS) expect(link).toContain(`</id/commons/decidim.${ext}>; rel="alternate"; type="${type}"`);
    expect(link).toContain('</id/commons/decidim>; rel="alternate"; type="text/html"');
    expect(link).toContain(`<${id('commons/decidim')}>; rel="canonical"`);
    // Browsers get the same links on the page.
    expect((await get('/id/commons/decidim', { accept: 'text/html' })).headers.get('link')).toBe(link);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await fetch(`${running.url}/id/commons/decidim`, { method: 'HEAD', headers: { accept: 'text/turtle' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
    expect(await head.text()).toBe('');
  });

  it('sends textual syntaxes with their charset, and validators that let a client revalidate', async () => {
    const response = await get('/id/commons/decidim', { accept: 'application/n-triples' });
    expect(response.headers.get('content-type')).toBe('application/n-triples; charset=utf-8');
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^W\//);
    expect(response.headers.get('cache-control')).toMatch(/max-age/);
    // fetch() adds "Cache-Control: no-cache" to a conditional request unless the request sets its own.
    const again = await get('/id/commons/decidim', { accept: 'application/n-triples', 'if-none-match': etag, 'cache-control': 'max-age=0' });
    expect(again.status).toBe(304);
    // Another syntax is another representation, with its own validator.
    const turtle = await get('/id/commons/decidim', { accept: 'text/turtle', 'if-none-match': etag, 'cache-control': 'max-age=0' });
    expect(turtle.status).toBe(200);
  });

  it('answers 406 with the supported types when nothing fits', async () => {
    const response = await get('/id/commons/decidim', { accept: 'image/png' });
    expect(response.status).toBe(406);
    const text = await response.text();
    for (const t of ['text/html', ...FORMATS.map((f) => f.type)]) expect(text).toContain(t);
  });
});

describe('Linked Data: unknown IRIs', () => {
  it.each(FORMATS)('answers 404 in $type to a client asking for it, parseable as an empty graph', async ({ type }) => {
    const response = await get('/id/commons/nowhere', { accept: type });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')?.split(';')[0]).toBe(type);
    const text = await response.text();
    expect(text).toContain(id('commons/nowhere'));
    expect(await parseRdf(text, type, BASE)).toEqual([]);
  });

  it('answers 404 in the syntax an extension names', async () => {
    const response = await get('/id/actors/nobody.ttl');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
  });

  it('leaves browsers to the 404 page', async () => {
    const response = await get('/id/commons/nowhere', { accept: 'text/html' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('Page introuvable');
  });

  it('does not claim paths outside the IRI space', async () => {
    const response = await get('/nowhere', { accept: 'text/turtle' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});

describe('Linked Data: browsers', () => {
  it.each(['/ns', '/id/themes', '/id/commons/decidim'])('get a page at %s', async (at) => {
    const response = await get(at, { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('vary')).toMatch(/\bAccept\b/);
    expect(response.headers.get('content-disposition')).toBeNull();
  });
});
