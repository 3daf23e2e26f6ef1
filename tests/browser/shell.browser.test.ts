import { expect, test } from 'vitest';
import { useServerAndBrowser } from './harness.ts';

const app = useServerAndBrowser();

test('the app shell loads from the server, cross-origin isolated so that SharedArrayBuffer rings work', async () => {
  const page = await app.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app.server.url);
  expect(await page.locator('h1').first().textContent()).toContain('Clisonix');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  expect(errors).toEqual([]);
});
