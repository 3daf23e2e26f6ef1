// The studio shell in real headless Chromium against the real server: every screen renders with
// no page error and is reachable by keyboard; installability reports no errors; the service
// worker serves the app with the network off and the server stopped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { repoRoot, useServerAndBrowser } from './harness.ts';
import { shoot, waitForServiceWorker } from './studio-helpers.ts';

const app = useServerAndBrowser();

const screens = [
  ['Connect', 'connect-title'],
  ['Live', 'live-title'],
  ['Listen', 'listen-title'],
  ['Sessions', 'sessions-title'],
  ['Status', 'status-title'],
  ['Settings', 'settings-title'],
] as const;

test('every screen renders from the nav with no page error, focus moves to the screen, and shots are saved', async () => {
  const page = await app.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(app.server.url);
  await page.waitForSelector('#connect-title');
  expect(await page.locator('[data-testid="capabilities"]').textContent()).toMatch(/WebAssembly SIMD \(analysis\): available/);
  // Headless Linux Chromium has no Web Bluetooth without a flag: the app says so and offers the rest.
  expect(await page.locator('[data-testid="no-bluetooth"]').textContent()).toMatch(/import a file.*play back a session.*synthetic headset/s);
  expect(await page.locator('button[data-device="muse"]').isDisabled()).toBe(true);
  expect(await page.locator('button[data-device="synthetic"]').isDisabled()).toBe(false);
  await shoot(page, 'connect');
  for (const [label, heading] of screens) {
    await page.getByRole('link', { name: label, exact: true }).click();
    await page.waitForSelector(`#${heading}`);
    expect(await page.getByRole('link', { name: label, exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe(`${label} · Clisonix`);
    await shoot(page, `screen-${label.toLowerCase()}`);
  }
  // A reload on a deep link keeps the screen (server and SW fall back to index.html).
  await page.reload();
  await page.waitForSelector('#settings-title');
  // Keyboard: the skip link is the first stop, then the nav links.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Connect');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#connect-title');
  expect(await page.locator('[aria-live="polite"]').count()).toBeGreaterThan(0);
  expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  await page.close();
});

test('Settings: a wrong password is explained; the right one logs in (cloud-mode account on this server)', async () => {
  const email = `studio-${Date.now()}@example.org`;
  const password = 'correct horse battery staple 42';
  const created = await fetch(`${app.server.url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.server.url },
    body: JSON.stringify({ email, password }),
  });
  expect(created.status).toBe(201);
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/settings`);
  await page.fill('#login-email', email);
  await page.fill('#login-password', 'wrong password');
  await page.getByRole('button', { name: 'Log in' }).click();
  expect(await page.getByRole('alert').textContent()).toMatch(/wrong/i);
  await page.fill('#login-password', password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForSelector('[data-testid="logged-in"]');
  expect(await page.locator('[data-testid="logged-in"]').textContent()).toContain(email);
  await shoot(page, 'settings-logged-in');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForSelector('#login-email');
  await page.close();
});

test('Chromium reports no installability errors', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(app.server.url);
  await page.waitForSelector('#connect-title');
  const cdp = await app.browser.context.newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors' as never)) as { installabilityErrors: unknown[] };
  expect(installabilityErrors).toEqual([]);
  const manifest = await (await fetch(`${app.server.url}/manifest.webmanifest`)).json();
  expect(manifest.display).toBe('standalone');
  await page.close();
});

test('with the network off and the server stopped, the service worker still serves every screen', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/sessions`);
  await page.waitForSelector('#sessions-title');
  await waitForServiceWorker(page);
  // Visit the lazily loaded screens once so their chunks are known to be precached, not just fetched.
  const precached = await page.evaluate(async () =>
    (await Promise.all((await caches.keys()).map(async (k) => (await caches.open(k)).keys()))).flat().map((r) => new URL(r.url).pathname),
  );
  expect(precached.some((p) => /LiveScreen-.*\.js$/.test(p))).toBe(true);
  expect(precached).toContain('/index.html');
  await app.browser.context.setOffline(true);
  await app.server.stop();
  await page.reload();
  await page.waitForSelector('#sessions-title');
  await page.getByRole('link', { name: 'Live', exact: true }).click();
  await page.waitForSelector('#live-title');
  await page.getByRole('link', { name: 'Status', exact: true }).click();
  await page.waitForSelector('[data-testid="registry"] [role="alert"]');
  expect(await page.locator('[data-testid="sync-badge"]').textContent()).toMatch(/Offline/);
  await shoot(page, 'offline-status');
  await app.browser.context.setOffline(false);
  await page.close();
});

/** Every JS file reachable from `entry` through static imports (dynamic import() is lazy: not counted). */
function staticClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(path.join(repoRoot, 'dist/assets', entry), 'utf8');
  for (const m of code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w$*{}\s,]+from\s*)?["']\.\/([\w.-]+\.js)["']/g)) staticClosure(m[1], seen);
  return seen;
}

test('the JavaScript needed to show the Connect screen is at most 150 KB gzipped', () => {
  const html = readFileSync(path.join(repoRoot, 'dist/index.html'), 'utf8');
  const entries = [...html.matchAll(/(?:src|href)="\/assets\/([\w.-]+\.js)"/g)].map((m) => m[1]);
  const files = new Set<string>();
  for (const entry of entries) staticClosure(entry, files);
  const gzipped = [...files].reduce((n, f) => n + gzipSync(readFileSync(path.join(repoRoot, 'dist/assets', f))).length, 0);
  expect(files.size).toBeGreaterThan(1);
  // Lazy screens and uPlot stay out of the first load.
  expect([...files].some((f) => /^(LiveScreen|uPlot|ListenScreen|SessionsScreen)/.test(f))).toBe(false);
  expect(gzipped).toBeLessThanOrEqual(150 * 1024);
  console.log(JSON.stringify({ connectScreenJsGzipBytes: gzipped, files: [...files] }));
});
