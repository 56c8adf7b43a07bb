// Every page type, in French and English, audited by axe-core in a real headless Chromium: no violation.
// The pages are also checked to load nothing from another origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { DATA, FIXTURES, mergeDatasets } from '../helpers.js';
import { axeViolations, launchBrowser, SKIP_BROWSER } from './browser.js';

let browser: Browser;
let real: RunningServer;
let fixtures: RunningServer;
let merged: Awaited<ReturnType<typeof mergeDatasets>>;

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  // The real data has no project and no membership yet: fictional fixtures show those page types.
  merged = await mergeDatasets(path.join(FIXTURES, 'project'), path.join(FIXTURES, 'membership'));
  [browser, real, fixtures] = await Promise.all([
    launchBrowser(),
    startServer(createConfig({ port: '0', host: '127.0.0.1', data: DATA, editBaseUrl: 'https://example.org/edit/' }, {}), () => {}),
    startServer(createConfig({ port: '0', host: '127.0.0.1', data: merged.dir }, {}), () => {}),
  ]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await real?.close();
  await fixtures?.close();
  await merged?.cleanup();
});

const REAL_PAGES = [
  '/',
  '/commons',
  '/commons?q=donnees&theme=open-data',
  '/commons?q=nothing-matches-this',
  '/actors',
  '/actors?q=cooperative&type=scop&skill=software-development',
  '/services',
  '/services?q=carte&theme=mapping',
  '/projects',
  '/?q=open+street',
  `/commons?q=${'cartographie '.repeat(20)}`,
  '/ecosystem',
  '/ecosystem?kind=funds&kind=partners&theme=open-data',
  '/ecosystem?focus=actors/dinum&depth=2',
  '/skills',
  '/territories',
  '/cooperative',
  '/id/actors/framasoft',
  '/statistics',
  '/id/commons/decidim',
  '/id/actors/decidim-association',
  '/id/services/data-gouv-fr',
  '/id/themes/open-data',
  '/id/skills/software-development',
  '/id/territories/france',
  '/id/actor-types/association',
  '/id/themes',
  '/id/commons/no-such-commons',
  '/data',
  '/sparql',
  `/sparql/editor?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o } LIMIT 3')}`,
  '/contribute',
  '/contribute?kind=commons',
  '/contribute?kind=organisation',
];
const FIXTURE_PAGES = ['/cooperative', '/ecosystem?kind=memberOf', '/projects?q=exemple', '/id/projects/exemple-projet', '/id/actors/exemple-cooperative', '/id/actors/exemple-scic', '/id/actors/exemple-membre'];

describe.skipIf(SKIP_BROWSER)('accessibility in Chromium', () => {
  it('really audits: a page with an unlabelled field and an image without text fails', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html lang="fr"><title>t</title><main><img src="data:,"><input id="x"></main></html>');
    const violations = await axeViolations(page);
    await page.close();
    expect(violations.some((v) => v.startsWith('image-alt'))).toBe(true);
    expect(violations.some((v) => v.startsWith('label'))).toBe(true);
  });

  const cases = [
    ...REAL_PAGES.map((p) => ['real', p] as const),
    ...FIXTURE_PAGES.map((p) => ['fixtures', p] as const),
  ].flatMap(([server, p]) => (['fr', 'en'] as const).map((lang) => [server, p, lang] as const));

  it.each(['fr', 'en'] as const)('the contribution form, submitted in Chromium without JavaScript, shows its errors and then its result accessibly (%s)', async (lang) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: lang === 'fr' ? 'fr-FR' : 'en-GB', extraHTTPHeaders: { 'accept-language': lang } });
    try {
      const page = await context.newPage();
      await page.goto(`${real.url}/contribute?kind=organisation`);
      await page.fill('#f-schema-name', 'Exemple <Association>');
      const invalid = await Promise.all([page.waitForNavigation(), page.click('form.contribute button[type=submit]')]).then(([r]) => r);
      expect(invalid?.status()).toBe(422);
      expect(await page.locator('.field-error').count()).toBeGreaterThan(0);
      // axe runs as an injected script, which a page without JavaScript cannot run: audit the same HTML with scripts on.
      const html = await page.content();
      const audit = await browser.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
      try {
        const auditPage = await audit.newPage();
        await auditPage.route(`${real.url}/audit`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
        await auditPage.route(`${real.url}/assets/**`, (route) => route.continue());
        await auditPage.goto(`${real.url}/audit`);
        expect(await axeViolations(auditPage)).toEqual([]);
      } finally {
        await audit.close();
      }
      await page.fill('#f-schema-description-fr', 'Association d’exemple pour le test.');
      await page.selectOption('#f-org-classification', { index: 1 });
      await page.fill('#f-schema-name', 'Exemple Association Test');
      const valid = await Promise.all([page.waitForNavigation(), page.click('form.contribute button[type=submit]')]).then(([r]) => r);
      expect(valid?.status()).toBe(200);
      expect(await page.locator('pre code').first().textContent()).toContain('actor:exemple-association-test a org:Organization');
    } finally {
      await context.close();
    }
  });

  it.each(cases)('%s %s (%s) has no axe violation and loads nothing from elsewhere', async (server, pagePath, lang) => {
    const origin = server === 'real' ? real.url : fixtures.url;
    const context = await browser.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', extraHTTPHeaders: { 'accept-language': lang } });
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const response = await page.goto(`${origin}${pagePath}`);
      expect(response?.status()).toBe(pagePath.includes('no-such') ? 404 : 200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(requests.every((url) => url.startsWith(origin))).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
