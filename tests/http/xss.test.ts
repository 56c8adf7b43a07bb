// Hostile data (tests/fixtures/xss/, served with --no-strict since the shapes refuse javascript: links):
// markup, attribute-breaking quotes and javascript: or data: IRIs must stay text. Checked in Chromium
// with the CSP bypassed, so that only the escaping stands between the data and execution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { FIXTURES } from '../helpers.js';
import { launchBrowser, SKIP_BROWSER } from './browser.js';
import path from 'node:path';

let browser: Browser;
let server: RunningServer;
beforeAll(async () => {
  if (SKIP_BROWSER) return;
  [browser, server] = await Promise.all([
    launchBrowser(),
    startServer(createConfig({ port: '0', host: '127.0.0.1', data: path.join(FIXTURES, 'xss'), strict: false }, {}), () => {}),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PAGES = ['/', '/commons', '/commons?q=piege', '/id/commons/piege', '/id/actors/piege', '/id/themes/open-data', '/id/actor-types/association', '/ecosystem', '/statistics', '/contribute?kind=commons', '/contribute?kind=organisation'];

describe.skipIf(SKIP_BROWSER)('hostile data', () => {
  it('loads, with warnings, as --no-strict does', () => {
    expect(server.graphRef.current().warnings.length).toBeGreaterThan(0);
  });

  it.each(PAGES.flatMap((p) => [`${p}`, `${p}${p.includes('?') ? '&' : '?'}lang=en`]))('%s: nothing executes, nothing is injected, no live javascript: link', async (p) => {
    const context = await browser.newContext({ bypassCSP: true });
    try {
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const response = await page.goto(`${server.url}${p}`);
      expect(response?.status()).toBe(200);
      // Give injected handlers their chance: hover and focus everything that can be.
      await page.mouse.move(10, 10);
      for (const handle of await page.$$('a, h1, p, dd, span')) await handle.hover({ force: true, timeout: 200 }).catch(() => {});
      const dom = await page.evaluate(() => ({
        injected: document.querySelectorAll('[id^="injected"], iframe, img, svg [onload]').length,
        handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
        scripts: [...document.scripts].filter((s) => s.type !== 'application/ld+json').length,
        // SVG links (the charts, the ecosystem map) are not HTMLAnchorElements: read every href the same way.
        links: [...document.querySelectorAll('a[href]')].map((a) => new URL(a.getAttribute('href') ?? '', document.baseURI).protocol),
      }));
      expect(dialogs).toEqual([]);
      expect(dom).toMatchObject({ injected: 0, handlers: 0, scripts: 0 });
      expect(dom.links.every((protocol) => protocol === 'http:' || protocol === 'https:')).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('shows the hostile strings as text and never as a link', async () => {
    const page = await (await fetch(`${server.url}/id/commons/piege`)).text();
    expect(page).toContain('&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;Piège');
    expect(page).not.toMatch(/href="(javascript|data):/i);
    expect(page).toContain("javascript:alert(&#x27;url&#x27;)");
    // The JSON-LD keeps the text but cannot close its element.
    const jsonLd = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1];
    expect(jsonLd).not.toMatch(/[<>]/);
    expect(JSON.parse(jsonLd).name).toContain("<script>alert('name')</script>");
    expect(JSON.parse(jsonLd).url).toBeUndefined();
  });
});
