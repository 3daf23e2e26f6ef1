// Settings refuse a value that would break analysis where it is typed: the reason beside the field,
// the field marked invalid, nothing stored, and the Live analysis goes on with the last good value.
import { expect, test } from 'vitest';
import { useServerAndBrowser } from './harness.ts';

const app = useServerAndBrowser();
const storedGamma = (page: import('playwright-core').Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('clisonix.settings.v1') ?? '{}').bands?.gamma ?? null);

test('an inverted band edge is refused with its reason and never stored; a good one is', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/settings`);
  await page.waitForSelector('#settings-title');
  const before = await storedGamma(page);
  await page.fill('#gamma-lo', '50');
  await page.press('#gamma-lo', 'Tab');
  await expect
    .poll(() => page.locator('[data-testid="problem-gamma"]').textContent())
    .toBe('gamma: the low edge (50 Hz) must be below the high edge (45 Hz).');
  expect(await page.getAttribute('#gamma-lo', 'aria-invalid')).toBe('true');
  expect(await page.getAttribute('#gamma-lo', 'aria-describedby')).toBe('gamma-problem');
  expect(await storedGamma(page)).toEqual(before);

  // The analysis runs on with the stored bands: no "Analysis stopped".
  await page.getByRole('link', { name: 'Connect', exact: true }).click();
  await page.click('button[data-device="synthetic"]');
  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.waitForSelector('[data-testid="spectrum"] canvas', { timeout: 15_000 });
  await page.waitForTimeout(1500);
  expect(await page.locator('text=Analysis stopped').count()).toBe(0);

  // A good value is stored and the reason goes away.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.fill('#gamma-lo', '35');
  await page.press('#gamma-lo', 'Tab');
  await expect.poll(() => storedGamma(page)).toEqual([35, 45]);
  expect(await page.locator('[data-testid="problem-gamma"]').textContent()).toBe('');
  expect(await page.getAttribute('#gamma-lo', 'aria-invalid')).toBeNull();
  await page.close();
}, 60_000);
