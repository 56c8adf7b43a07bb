// Whole-graph dumps: each syntax parses back and holds every source file's triples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { BASE, VALID } from '../helpers.js';
import { parseRdf, type ParsedTriple } from './parse-rdf.js';

let running: RunningServer;
beforeAll(async () => {
  running = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: VALID }, {}), () => {});
});
afterAll(() => running.close());

/** A GET through node:http, which (unlike fetch) neither asks for nor decodes gzip by itself. */
function rawGet(p: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(`${running.url}${p}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

const key = (t: ParsedTriple) => `${t.subject} ${t.predicate} ${t.object}`;

describe('dumps', () => {
  it.each([
    ['ttl', 'text/turtle; charset=utf-8'],
    ['nt', 'application/n-triples; charset=utf-8'],
    ['jsonld', 'application/ld+json'],
    ['nq', 'application/n-quads; charset=utf-8'],
  ])('/data/dump.%s holds every source file\'s triples', async (ext, type) => {
    const response = await rawGet(`/data/dump.${ext}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(type);
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(response.headers['content-encoding']).toBeUndefined();
    const parsed = await parseRdf(response.body.toString('utf8'), type, BASE);
    const have = new Set(parsed.map(key));
    const graph = running.graphRef.current();
    for (const source of graph.sources) {
      const triples = graph.store.getQuads(null, null, null, source.graph).filter((q) => q.subject.termType === 'NamedNode' && q.object.termType !== 'BlankNode');
      expect(triples.length, source.relative).toBeGreaterThan(0);
      for (const q of triples) expect(have.has(key({ subject: q.subject.value, predicate: q.predicate.value, object: q.object.value })), `${source.relative}: ${key({ subject: q.subject.value, predicate: q.predicate.value, object: q.object.value })}`).toBe(true);
    }
  });

  it('keeps one named graph per source file in N-Quads', async () => {
    const { body } = await rawGet('/data/dump.nq');
    const graphs = new Set(body.toString('utf8').split('\n').filter(Boolean).map((line) => /<([^>]+)> \.$/.exec(line)?.[1]));
    for (const source of running.graphRef.current().sources) expect(graphs.has(source.graph.value)).toBe(true);
  });

  it('gzips only for clients that accept it', async () => {
    const plain = await rawGet('/data/dump.nt');
    const zipped = await rawGet('/data/dump.nt', { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    const refused = await rawGet('/data/dump.nt', { 'accept-encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('is written again after a reload', async () => {
    const before = await rawGet('/data/dump.ttl');
    expect((await running.graphRef.reload()).ok).toBe(true);
    const after = await rawGet('/data/dump.ttl');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    // Same triples (blank nodes get new labels on each load).
    const count = async (body: Buffer) => (await parseRdf(body.toString('utf8'), 'text/turtle', BASE)).length;
    expect(await count(after.body)).toBe(await count(before.body));
  });

  it('answers HEAD without a body', async () => {
    const head = await fetch(`${running.url}/data/dump.ttl`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
