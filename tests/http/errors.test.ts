import express from 'express';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/http/errors.js';
import { createViews } from '../../src/render/views.js';
import { ROOT } from '../helpers.js';

const logged: string[] = [];
let server: import('node:http').Server;
let base: string;
beforeAll(async () => {
  const app = express();
  app.get('/boom', () => {
    throw new Error('secret detail at /srv/app/internal.ts:42');
  });
  app.get('/too-large', () => {
    throw Object.assign(new Error('request entity too large'), { status: 413 });
  });
  app.use(errorHandler(await createViews(path.join(ROOT, 'views')), (m) => logged.push(m)));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('errorHandler', () => {
  it('answers 500 with a plain page and keeps the details in the log', async () => {
    const response = await fetch(`${base}/boom`, { headers: { accept: 'text/html' } });
    const body = await response.text();
    expect(response.status).toBe(500);
    expect(body).toContain('Erreur du serveur');
    expect(body).not.toContain('secret detail');
    expect(logged.join('\n')).toContain('secret detail');
  });

  it('tells a client what was wrong with its request', async () => {
    const response = await fetch(`${base}/too-large`);
    expect([response.status, await response.text()]).toEqual([413, 'request entity too large\n']);
  });
});
