// Starts the real server on a random port with a small real dataset and talks HTTP to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { VALID } from '../helpers.js';

let running: RunningServer;
beforeAll(async () => {
  running = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: VALID }, {}), () => {});
});
afterAll(() => running.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${running.url}${path}`, { headers });
const count = (html: string, name: string) => Number(new RegExp(`data-count="${name}">(\\d+)<`).exec(html)?.[1]);

describe('server', () => {
  it('answers the health check with what it serves', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'ok', warnings: 0 });
    expect(body.files).toBeGreaterThan(8);
    expect(body.triples).toBeGreaterThan(100);
  });

  it('serves the home page in French by default, with the real counts', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-language')).toBe('fr');
    const html = await response.text();
    expect(html).toContain('<html lang="fr">');
    expect(count(html, 'commons')).toBe(2);
    expect(count(html, 'organisations')).toBe(5);
    expect(count(html, 'services')).toBe(1);
    expect(count(html, 'themes')).toBeGreaterThanOrEqual(8);
  });

  it('speaks English when asked by Accept-Language or by ?lang=en', async () => {
    const byHeader = await (await get('/', { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' })).text();
    expect(byHeader).toContain('<html lang="en">');
    const byLink = await get('/?lang=en', { 'accept-language': 'fr' });
    expect(await byLink.text()).toContain('Digital commons of public interest');
    expect(byLink.headers.get('vary')).toMatch(/Accept-Language/);
  });

  it('sends a strict content security policy and no framework banner', async () => {
    const response = await get('/');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('serves its stylesheet itself', async () => {
    const response = await get('/assets/site.css');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('answers 404 with a page for browsers and plain text for others', async () => {
    const page = await get('/nowhere', { accept: 'text/html' });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page introuvable');
    const plain = await get('/nowhere', { accept: 'application/json' });
    expect(plain.status).toBe(404);
    expect(plain.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});
