// authFetch against a graph store that behaves as Virtuoso's does: a request without credentials gets 401 at
// once and the connection is closed before its body is read. A large body must still get through, sent once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authFetch } from '../../src/sparql/external.js';

let server: http.Server;
let url: string;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const auth = req.headers.authorization;
    seen.push(`${req.method} ${auth ? auth.split(' ')[0] : 'anonymous'}`);
    if (!auth) {
      // Virtuoso's way: the challenge without reading the body, then the connection closed.
      res.writeHead(401, { 'www-authenticate': 'Digest realm="store", nonce="abc", qop="auth"', connection: 'close' });
      res.end();
      res.on('finish', () => req.socket.destroy());
      return;
    }
    let size = 0;
    req.on('data', (chunk: Buffer) => (size += chunk.length));
    req.on('end', () => res.writeHead(201).end(String(size)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/store?graph=g`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('sends a large body once, with credentials, to a store that closes on 401 before reading it', async () => {
  const body = '<http://a> <http://b> "x" .\n'.repeat(400_000); // about 11 MB, more than the socket buffers
  seen.length = 0;
  const response = await authFetch(url, { method: 'PUT', body, headers: { 'content-type': 'application/n-triples' } }, 'dba', 'dba');
  expect(response.status).toBe(201);
  expect(Number(await response.text())).toBe(Buffer.byteLength(body));
  expect(seen).toEqual(['HEAD anonymous', 'PUT Digest']);
});

it('asks without a probe when there is no body', async () => {
  seen.length = 0;
  const response = await authFetch(url, { method: 'DELETE' }, 'dba', 'dba');
  expect(response.status).toBe(201);
  expect(seen).toEqual(['DELETE anonymous', 'DELETE Digest']);
});
