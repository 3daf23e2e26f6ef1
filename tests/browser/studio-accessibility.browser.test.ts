// Accessibility of every screen, disconnected and with the synthetic headset streaming: axe-core
// (from npm, evaluated in the page) finds no serious or critical violation; and with the keyboard
// only, connecting leaves focus on the new state's first action instead of dropping it to the page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { useServerAndBrowser } from './harness.ts';

const app = useServerAndBrowser();
// Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not cover.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const screens = ['Connect', 'Live', 'Listen', 'Sessions', 'Status', 'Settings'] as const;

interface Finding {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

async function seriousViolations(page: Page, screen: string): Promise<Finding[]> {
  await page.evaluate(axeSource);
  const violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> = await page.evaluate(
    async () => (await (globalThis as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: never[] }> } }).axe.run(document)).violations,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

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
