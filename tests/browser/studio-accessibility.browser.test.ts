// Accessibility of every screen, disconnected and with the synthetic headset streaming: axe-core
// (from npm, evaluated in the page) finds no serious or critical violation; and with the keyboard
// only, connecting leaves focus on the new state's first action instead of dropping it to the page.
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { type Finding, seriousViolations } from './axe.ts';
import { useServerAndBrowser } from './harness.ts';

const app = useServerAndBrowser();
const screens = ['Connect', 'Live', 'Listen', 'Sessions', 'Status', 'Settings'] as const;

async function visitAll(page: Page, state: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const screen of screens) {
    await page.getByRole('link', { name: screen, exact: true }).click();
    await page.waitForSelector(`#${screen.toLowerCase()}-title`);
    await page.waitForTimeout(screen === 'Live' && state === 'connected' ? 3000 : 500);
    findings.push(...(await seriousViolations(page, `${screen} (${state})`)));
  }
  return findings;
}

test('no serious or critical axe violation on any screen, disconnected or connected', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(app.server.url);
  await page.waitForSelector('#connect-title');
  const findings = await visitAll(page, 'disconnected');
  await page.getByRole('link', { name: 'Connect', exact: true }).click();
  await page.click('button[data-device="synthetic"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")');
  findings.push(...(await visitAll(page, 'connected')));
  expect(findings).toEqual([]);
  await page.close();
}, 120_000);

test('keyboard only: after connecting, focus is on "Open Live view"', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/connect`);
  await page.waitForSelector('#connect-title');
  await page.focus('button[data-device="synthetic"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")');
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Open Live view');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#live-title');
  await page.close();
}, 60_000);
