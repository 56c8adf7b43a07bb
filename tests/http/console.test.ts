// A browser console free of errors on every page type, in French and English, in a real headless Chromium:
// no console error or warning, no uncaught exception, no failed request (a missing favicon counted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { DATA } from '../helpers.js';
import { launchBrowser, SKIP_BROWSER } from './browser.js';

let browser: Browser;
let running: RunningServer;

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  [browser, running] = await Promise.all([
    launchBrowser(),
    startServer(createConfig({ port: '0', host: '127.0.0.1', data: DATA }, {}), () => {}),
  ]);
  await running.ready();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await running?.close();
});

const PAGES = [
  '/', '/?q=decidim', '/commons', '/commons?q=donnees&theme=open-data', '/commons?page=2', '/actors', '/services', '/projects',
  '/ecosystem', '/statistics', '/data', '/sparql/editor', '/id/commons/decidim', '/id/actors/dinum', '/id/services/data-gouv-fr',
  '/id/themes/open-data', '/id/themes', '/id/skills/software-development', '/id/territories/france', '/ns', '/no-such-page',
];

/** Everything a visitor's console would show as a problem while `path` loads and settles. */
async function problemsOf(path: string): Promise<string[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  const own = `${running.url}${path}`;
  page.on('console', (message) => {
    // Chromium reports the status of a deliberate 404 page itself in the console; only that one line is expected.
    if (message.location().url === own && /status of 404/.test(message.text()) && path.startsWith('/no-such-page')) return;
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    // The page itself may be a deliberate 404; what it loads may not be.
    if (response.status() >= 400 && response.url() !== own) problems.push(`${response.status()}: ${response.url()}`);
  });
  await page.goto(`${running.url}${path}`, { waitUntil: 'load' });
  // Browsers ask for /favicon.ico on their own, after load; wait until the network is quiet to see it answered.
  await page.waitForLoadState('networkidle');
  await context.close();
  return problems;
}

describe.skipIf(SKIP_BROWSER)('the browser console', () => {
  it.each(PAGES.flatMap((p) => [p, `${p}${p.includes('?') ? '&' : '?'}lang=en`]))('stays clean on %s', async (p) => {
    expect(await problemsOf(p)).toEqual([]);
  }, 60_000);
});
