// The history over HTTP, on the real server and a real git repository: /changes (ActivityStreams 2.0,
// paged, since=), each change at its IRI, the Atom feed read by a real feed parser, 410 Gone for a
// removed entry in HTML and RDF, dates on the pages, in the RDF and in SPARQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import { Parser } from 'n3';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { BASE, VALID, copyDataset } from '../helpers.js';
import { gitDataset, type GitDataset } from '../git-dataset.js';

const FILES = ['actors/ajuntament-de-barcelona.ttl', 'actors/assemblee-virtuelle.ttl', 'actors/decidim-association.ttl', 'actors/la-mednum.ttl', 'actors/open-source-politics.ttl', 'commons/decidim.ttl', 'commons/semapps.ttl', 'services/solidarite-numerique.ttl'];
const REMOVED = `${BASE}id/services/solidarite-numerique`;

let repo: GitDataset;
let server: RunningServer;
let plain: RunningServer;
let plainData: Awaited<ReturnType<typeof copyDataset>>;
let removal: string;

beforeAll(async () => {
  repo = await gitDataset(VALID);
  repo.commit('add the fixtures', '2024-01-01T10:00:00Z');
  // 15 commits that each change every file: 8 creations + 120 changes + 1 removal = 129 activities, two pages.
  for (let i = 1; i <= 15; i++) {
    for (const file of FILES) await repo.append(file, `\n# change ${i}\n`);
    repo.commit(`change ${i}`, `2024-02-${String(i).padStart(2, '0')}T10:00:00Z`);
  }
  await repo.remove('services/solidarite-numerique.ttl');
  removal = repo.commit('remove a service', '2024-03-01T10:00:00Z');
  plainData = await copyDataset(VALID);
  [server, plain] = await Promise.all([
    startServer(createConfig({ port: '0', host: '127.0.0.1', data: repo.dir }, {}), () => {}),
    startServer(createConfig({ port: '0', host: '127.0.0.1', data: plainData.dir }, {}), () => {}),
  ]);
});
afterAll(async () => {
  await server?.close();
  await plain?.close();
  await repo?.cleanup();
  await plainData?.cleanup();
});

const local = (iri: string) => iri.replace(BASE, '/');
const get = (p: string, headers: Record<string, string> = {}, s = server) => fetch(`${s.url}${p}`, { headers });
const json = async (p: string) => {
  const response = await get(p, { accept: 'application/activity+json' });
  expect(response.status, p).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/activity\+json/);
  return response.json() as Promise<Record<string, any>>;
};

describe('/changes (ActivityStreams 2.0)', () => {
  it('is an OrderedCollection whose pages hold every change, newest first, with the entry, date and commit', async () => {
    const collection = await json('/changes');
    expect(collection['@context'][0]).toBe('https://www.w3.org/ns/activitystreams');
    expect(collection).toMatchObject({ type: 'OrderedCollection', id: `${BASE}changes`, totalItems: 129, first: `${BASE}changes?page=1`, last: `${BASE}changes?page=2` });
    const first = await json(local(collection.first));
    expect(first).toMatchObject({ type: 'OrderedCollectionPage', partOf: `${BASE}changes`, startIndex: 0, next: `${BASE}changes?page=2` });
    expect(first.prev).toBeUndefined();
    expect(first.orderedItems).toHaveLength(100);
    expect(first.orderedItems[0]).toEqual({
      id: `${BASE}changes/${removal}/services/solidarite-numerique`,
      type: 'Delete',
      object: REMOVED,
      published: '2024-03-01T10:00:00.000Z',
      commit: removal,
    });
    const second = await json(local(first.next));
    expect(second).toMatchObject({ startIndex: 100, prev: `${BASE}changes?page=1` });
    expect(second.next).toBeUndefined();
    const all = [...first.orderedItems, ...second.orderedItems];
    expect(all).toHaveLength(129);
    expect(all.filter((a) => a.type === 'Create')).toHaveLength(8);
    expect(all.filter((a) => a.type === 'Update')).toHaveLength(120);
    expect(new Set(all.map((a) => a.id)).size).toBe(129);
    const dates = all.map((a) => a.published);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(all.at(-1)).toMatchObject({ type: 'Create', published: '2024-01-01T10:00:00.000Z' });
  });

  it('gives only what changed after `since`, for partner tools that sync incrementally', async () => {
    const collection = await json('/changes?since=2024-02-14T12:00:00Z');
    // the change of 2024-02-15 (8 files) and the removal
    expect(collection).toMatchObject({ totalItems: 9, first: `${BASE}changes?since=2024-02-14T12%3A00%3A00.000Z&page=1` });
    const page = await json(local(collection.first));
    expect(page.orderedItems.map((a: { published: string }) => a.published).every((d: string) => d > '2024-02-14T12:00:00.000Z')).toBe(true);
    expect(page.orderedItems).toHaveLength(9);
    expect((await json('/changes?since=2030-01-01')).totalItems).toBe(0);
  });

  it('serves each change at its own IRI', async () => {
    const activity = await json(local(`${BASE}changes/${removal}/services/solidarite-numerique`));
    expect(activity).toMatchObject({ type: 'Delete', object: REMOVED, commit: removal });
    expect((await get(`/changes/${removal}/commons/nothing`)).status).toBe(404);
  });

  it('refuses a malformed since or page with what is expected', async () => {
    for (const p of ['/changes?since=yesterday', '/changes?page=0', '/changes?page=abc']) {
      const response = await get(p);
      expect(response.status, p).toBe(400);
      expect(await response.text()).toMatch(/expected/);
    }
    expect((await get('/changes?page=3')).status).toBe(404);
  });

  it('is an empty log, not a made-up one, without a git history', async () => {
    const collection = await (await get('/changes', {}, plain)).json();
    expect(collection.totalItems).toBe(0);
  });
});

describe('410 Gone', () => {
  it('answers a removed entry with 410 and a link to the change, in HTML', async () => {
    const response = await get('/id/services/solidarite-numerique', { accept: 'text/html' });
    expect(response.status).toBe(410);
    const changePath = `/changes/${removal}/services/solidarite-numerique`;
    expect(response.headers.get('link')).toContain(`<${changePath}>`);
    const page = await response.text();
    expect(page).toContain(`href="${changePath}"`);
    expect(page).toContain('1 mars 2024');
  });

  it('answers 410 in every RDF syntax too, with a Tombstone and the Delete', async () => {
    for (const [accept, p] of [['text/turtle', '/id/services/solidarite-numerique'], ['*/*', '/id/services/solidarite-numerique.nt']]) {
      const response = await get(p, { accept });
      expect(response.status, p).toBe(410);
      const quads = new Parser({ format: accept === 'text/turtle' ? 'text/turtle' : 'application/n-triples' }).parse(await response.text());
      expect(quads.some((q) => q.subject.value === REMOVED && q.object.value === 'https://www.w3.org/ns/activitystreams#Tombstone')).toBe(true);
      expect(quads.some((q) => q.predicate.value === 'https://www.w3.org/ns/activitystreams#object' && q.object.value === REMOVED)).toBe(true);
    }
    const jsonLd = await get('/id/services/solidarite-numerique', { accept: 'application/ld+json' });
    expect(jsonLd.status).toBe(410);
  });

  it('still says 404 for what never existed', async () => {
    expect((await get('/id/services/never-there', { accept: 'text/html' })).status).toBe(404);
    expect((await get('/id/services/never-there', { accept: 'text/turtle' })).status).toBe(404);
  });
});

describe('/feed.atom', () => {
  it('is a well-formed Atom feed that a real feed parser reads, newest change first', async () => {
    const response = await get('/feed.atom');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe('atom');
    expect(feed.title).toBe('Usages communs : fiches ajoutées et modifiées');
    expect(feed.updated?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(feed.items).toHaveLength(50);
    expect(feed.items[0]).toMatchObject({ id: `${BASE}changes/${removal}/services/solidarite-numerique`, title: 'Retrait : solidarite-numerique', url: REMOVED });
    expect(feed.items[1].title).toMatch(/^Modification : /);
    expect(feed.items[1].updated?.toISOString()).toBe('2024-02-15T10:00:00.000Z');
    const english = parseFeed(await (await get('/feed.atom?lang=en')).text());
    expect(english.items[1].title).toMatch(/^Changed: /);
  });

  it('is linked from the head of every page', async () => {
    for (const p of ['/', '/commons', '/id/commons/decidim']) {
      const page = await (await get(p, { accept: 'text/html' })).text();
      expect(page, p).toMatch(/<link rel="alternate" type="application\/atom\+xml" href="\/feed.atom"/);
    }
  });
});

describe('dates from the history', () => {
  it('are on the entry page, in its RDF, in the dumps and in SPARQL', async () => {
    const page = await (await get('/id/commons/decidim', { accept: 'text/html' })).text();
    expect(page).toContain('<time datetime="2024-01-01T10:00:00.000Z">1 janvier 2024</time>');
    expect(page).toContain('<time datetime="2024-02-15T10:00:00.000Z">15 février 2024</time>');
    const turtle = await (await get('/id/commons/decidim', { accept: 'application/n-triples' })).text();
    expect(turtle).toContain(`<${BASE}id/commons/decidim> <http://purl.org/dc/terms/modified> "2024-02-15T10:00:00.000Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>`);
    const dump = await (await get('/data/dump.nt')).text();
    expect(dump).toContain(`<${BASE}id/commons/decidim> <http://purl.org/dc/terms/created> "2024-01-01T10:00:00.000Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>`);
    const query = `SELECT ?d WHERE { <${BASE}id/commons/semapps> <http://purl.org/dc/terms/created> ?d }`;
    const result = await (await get(`/sparql?query=${encodeURIComponent(query)}`, { accept: 'application/sparql-results+json' })).json();
    expect(result.results.bindings.map((b: { d: { value: string } }) => b.d.value)).toEqual(['2024-01-01T10:00:00.000Z']);
  });

  it('order the home page\'s recently changed entries, and date the dataset in DCAT by its last commit', async () => {
    const home = await (await get('/', { accept: 'text/html' })).text();
    expect(home).toContain('<time datetime="2024-02-15T10:00:00.000Z">');
    const void_ = await (await get('/.well-known/void', { accept: 'application/n-triples' })).text();
    expect(void_).toMatch(/<http:\/\/purl.org\/dc\/terms\/modified> "2024-03-01T10:00:00.000Z"/);
  });

  it('are absent, not made up, without a git history', async () => {
    const page = await (await get('/id/commons/decidim', { accept: 'text/html' }, plain)).text();
    expect(page).not.toContain('<time');
    const nt = await (await get('/id/commons/decidim', { accept: 'application/n-triples' }, plain)).text();
    expect(nt).not.toContain('http://purl.org/dc/terms/created');
    const home = await (await get('/', { accept: 'text/html' }, plain)).text();
    expect(home).not.toContain('id="latest"');
    const void_ = await (await get('/.well-known/void', { accept: 'application/n-triples' }, plain)).text();
    expect(void_).not.toContain('http://purl.org/dc/terms/modified');
  });
});
