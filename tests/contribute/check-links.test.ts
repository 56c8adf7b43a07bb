// check-links against a real HTTP server on loopback (never the internet): dead addresses become warnings at
// each file and line they are written, live ones (after a redirect, or refusing HEAD) do not, a silent server
// times out (the limit is generous: loopback answers well within it even on a busy machine), the exit code
// stays 0, and no more requests are in flight than asked.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinks } from '../../src/contribute/check-links.js';
import { BASE, ONTOLOGY } from '../helpers.js';
import { npmRun } from '../cli/run.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** A dataset with one organisation per address, each written on line 4 of its file. */
async function dataset(urls: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'uc-links-'));
  await mkdir(path.join(dir, 'actors'));
  for (const [slug, url] of Object.entries(urls)) {
    await writeFile(path.join(dir, 'actors', `${slug}.ttl`), `PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
<https://w3id.org/usages-communs/id/actors/${slug}> a org:FormalOrganization ;
  schema:url <${url}> .
`);
  }
  return dir;
}

describe('npm run check-links', { timeout: 120_000 }, () => {
  const requests: string[] = [];
  let site: { server: Server; base: string };
  let refusedPort: number;
  let dir: string;

  beforeAll(async () => {
    site = await serve((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.url === '/ok') return void res.writeHead(200).end('ok');
      if (req.url === '/moved') return void res.writeHead(301, { location: '/ok' }).end();
      if (req.url === '/head-refused') return void res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
      if (req.url === '/slow') return; // never answers
      res.writeHead(404).end('gone');
    });
    const closed = await serve(() => undefined);
    refusedPort = (closed.server.address() as AddressInfo).port;
    await stop(closed.server);
    dir = await dataset({
      alive: `${site.base}/ok`,
      moved: `${site.base}/moved`,
      'head-refused': `${site.base}/head-refused`,
      gone: `${site.base}/gone`,
      'gone-again': `${site.base}/gone`,
      slow: `${site.base}/slow`,
      refused: `http://127.0.0.1:${refusedPort}/`,
    });
  });
  afterAll(async () => {
    await stop(site.server);
    await rm(dir, { recursive: true, force: true });
  });

  it('reports each dead address as a warning at every place it is written, and exits 0', async () => {
    const result = await npmRun(['--silent', 'check-links', '--', '--data', dir, '--timeout', '5', '--concurrency', '3']);
    expect(result.code).toBe(0);
    const hint = 'check the address in a browser; if the site has moved, write the new one; if it is gone, remove the line';
    const file = (slug: string) => `${path.join(dir, 'actors', slug)}.ttl:4:14`;
    expect(result.stdout.trim().split('\n')).toEqual([
      `${file('gone-again')} warning: <${site.base}/gone> does not answer (HTTP 404) — ${hint}`,
      `${file('gone')} warning: <${site.base}/gone> does not answer (HTTP 404) — ${hint}`,
      `${file('refused')} warning: <http://127.0.0.1:${refusedPort}/> does not answer (ECONNREFUSED) — ${hint}`,
      `${file('slow')} warning: <${site.base}/slow> does not answer (timeout) — ${hint}`,
    ]);
    expect(result.stderr.trim()).toBe('6 addresses checked: 3 dead');
    // The same address is asked once, whatever the number of files that write it.
    expect(requests.filter((r) => r === 'HEAD /gone')).toHaveLength(1);
    expect(requests).toContain('GET /head-refused');
  });

  it('keeps at most --concurrency requests in flight', async () => {
    const total = 5;
    let inFlight = 0;
    let received = 0;
    let most = 0;
    const held: ServerResponse[] = [];
    // Requests are held until `limit` are waiting together (or all have come): more in flight would show.
    const limit = 2;
    const hold = await serve((_req, res) => {
      received++;
      most = Math.max(most, ++inFlight);
      held.push(res);
      if (held.length >= limit || received === total) {
        for (const r of held.splice(0)) {
          inFlight--;
          r.writeHead(200).end();
        }
      }
    });
    const holdDir = await dataset(Object.fromEntries(Array.from({ length: total }, (_, i) => [`held-${i}`, `${hold.base}/held/${i}`])));
    try {
      const result = await checkLinks({ ontologyDir: ONTOLOGY, dataDir: holdDir, baseIri: BASE, concurrency: limit, timeoutMs: 30_000 });
      expect(result).toEqual({ checked: total, dead: [] });
      expect(received).toBe(total);
      expect(most).toBe(limit);
    } finally {
      await stop(hold.server);
      await rm(holdDir, { recursive: true, force: true });
    }
  });
});
