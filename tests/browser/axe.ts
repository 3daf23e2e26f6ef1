// axe-core (from npm) run in a page: the serious and critical violations, named by screen.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not cover.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Finding {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical axe violations of the page as it is now. */
export async function seriousViolations(page: Page, screen: string): Promise<Finding[]> {
  await page.evaluate(axeSource);
  const violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> = await page.evaluate(
    async () => (await (globalThis as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: never[] }> } }).axe.run(document)).violations,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}
