// The cooperative's views over HTTP on the real server (issue 12): /skills, /territories, /cooperative and the
// ecosystem's filters and ego view, in both languages, linked from the home page, without script, within the
// 50 KB budget, with working links from the charts, and a clear 400 for unknown filter values.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { DATA, ROOT } from '../helpers.js';

let real: RunningServer;
beforeAll(async () => {
  real = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: DATA }, {}), () => {});
});
afterAll(async () => {
  await real?.close();
});

const get = (p: string, headers: Record<string, string> = { accept: 'text/html' }) => fetch(`${real.url}${p}`, { headers });
const hrefs = (page: string) => [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));

const VIEWS = ['/skills', '/territories', '/cooperative', '/ecosystem', '/ecosystem?kind=funds&kind=partners', '/ecosystem?focus=actors/dinum&depth=2', '/ecosystem?theme=open-data&territory=france', '/id/territories/france', '/id/actors/framasoft'];

describe('views of issue 12', () => {
  it.each(VIEWS)('%s renders in both languages, without script, under the 50 KB budget', async (p) => {
    const css = (await readFile(path.join(ROOT, 'views', 'assets', 'site.css'))).length;
    for (const lang of ['fr', 'en']) {
      const response = await get(`${p}${p.includes('?') ? '&' : '?'}lang=${lang}`);
      expect(response.status, p).toBe(200);
      const page = await response.text();
      expect(page).toContain(`<html lang="${lang}">`);
      expect(page).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
      expect(Buffer.byteLength(page) + css, `${p} ${lang}`).toBeLessThan(50 * 1024);
      // Each chart comes with its text equivalent.
      if (page.includes('<svg')) expect(page).toContain('<table');
    }
  });

  it('is linked from the home page', async () => {
    const links = hrefs(await (await get('/')).text());
    for (const p of ['/skills', '/territories', '/ecosystem', '/cooperative', '/services', '/projects']) expect(links).toContain(p);
    expect(hrefs(await (await get('/?lang=en')).text())).toContain('/skills?lang=en');
  });

  it('links every petal of the rosace to its skill page, every territory to its page, every node of the map to its ego view', async () => {
    const skills = await (await get('/skills?lang=en')).text();
    const petals = hrefs(skills.slice(skills.indexOf('<svg'), skills.indexOf('</svg>')));
    expect(petals.length).toBeGreaterThanOrEqual(18);
    const territories = hrefs((await (await get('/territories')).text()).split('<table')[1]);
    const eco = await (await get('/ecosystem')).text();
    const nodes = hrefs(eco.slice(eco.indexOf('<svg'), eco.indexOf('</svg>')));
    expect(nodes.every((h) => h.startsWith('/ecosystem?focus='))).toBe(true);
    for (const href of [...new Set([...petals, ...territories, ...nodes.slice(0, 10)])]) expect((await get(href)).status, href).toBe(200);
  });

  it('answers 400 naming the unknown filter values, and still shows the map', async () => {
    const response = await get('/ecosystem?kind=bogus&theme=nope&focus=actors/nobody');
    expect(response.status).toBe(400);
    const page = (await response.text()).replace(/&#x3D;/g, '=');
    expect(page).toContain('<code>theme=nope</code>');
    expect(page).toContain('<code>focus=actors/nobody</code>');
    expect(page).toContain('<code>kind=bogus: carries, contributes');
    expect(page).toContain('<svg class="ecosystem"');
  });

  it('keeps the filters in the language switch and in every filter link', async () => {
    const page = await (await get('/ecosystem?kind=funds&lang=en')).text();
    const links = hrefs(page);
    expect(links).toContain('/ecosystem?kind=funds&lang=fr');
    expect(links).toContain('/ecosystem?kind=funds&kind=uses&lang=en');
    expect(links).toContain('/ecosystem?lang=en');
  });

  it('shows the typology goal from the data on /cooperative and /statistics alike', async () => {
    const coop = await (await get('/cooperative?lang=en')).text();
    const stats = await (await get('/statistics?lang=en')).text();
    for (const family of ['Non-profit', 'Semi-public', 'Private']) {
      expect(coop).toContain(`<th scope="row">${family}</th>`);
      expect(stats).toContain(`<th scope="row">${family}</th>`);
    }
    expect(coop).toContain('Usages communs');
    expect(coop).toContain('Beneficiaries and clients');
  });
});
