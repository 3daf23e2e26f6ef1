import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, startServer, type LaunchedBrowser, type RunningServer } from './harness.ts';

let server: RunningServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('the app shell loads from the server, cross-origin isolated so that SharedArrayBuffer rings work', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  expect(await page.locator('h1').first().textContent()).toContain('Clisonix');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  expect(errors).toEqual([]);
});
