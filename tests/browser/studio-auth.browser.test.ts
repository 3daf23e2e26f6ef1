// Cloud-mode login stays alive past the access token's 15 min, in real headless Chromium against the
// real server with AUTH=required: the __Host- refresh cookie is stored over http://127.0.0.1 (a
// potentially trustworthy origin), a due token is renewed at start-up, an API call answered 401 is
// retried once after a refresh, and a refused refresh shows the signed-out state.
// The server's access-token lifetime is fixed (15 min, no env var), so instead of waiting we plant
// tokens in the app's stored settings: one already past 80 % of its life, one with a bad signature.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, startServer, type LaunchedBrowser, type RunningServer } from './harness.ts';
import { shoot } from './studio-helpers.ts';

let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;
const email = `refresh-${Date.now()}@example.test`;
const password = 'a long enough passphrase 42';
const SETTINGS_KEY = 'clisonix.settings.v1';

beforeAll(async () => {
  server = await startServer({ AUTH: 'required' });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  const created = await fetch(`${server.url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email, password }),
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** An unsigned JWT-shaped token with the given times (seconds since epoch): the server rejects it. */
const fakeToken = (iatSec: number, expSec: number) =>
  `${btoa('{"alg":"EdDSA"}')}.${btoa(JSON.stringify({ sub: 'x', iat: iatSec, exp: expSec })).replace(/=+$/, '')}.AAAA`;
const storedToken = () => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}').token as string, SETTINGS_KEY);
const plantToken = (token: string) =>
  page.evaluate(
    ([key, t]) => localStorage.setItem(key, JSON.stringify({ ...JSON.parse(localStorage.getItem(key) ?? '{}'), token: t })),
    [SETTINGS_KEY, token],
  );
const refreshCookie = async () => (await browser.context.cookies(server.url)).find((c) => c.name === '__Host-clisonix_refresh');
const isRealToken = async (t: string) =>
  (await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${t}`, origin: server.url } })).status === 200;

test('login stores the __Host- refresh cookie over http://127.0.0.1', async () => {
  await page.goto(`${server.url}/settings`);
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('button:has-text("Log in")');
  await page.waitForSelector('[data-testid="logged-in"]');
  const cookie = await refreshCookie();
  expect(cookie, 'Chromium must keep the Secure __Host- cookie on a loopback http origin').toBeDefined();
  expect(cookie!.httpOnly && cookie!.secure && cookie!.path === '/').toBe(true);
  expect(await isRealToken(await storedToken())).toBe(true);
});

test('a token past 80 % of its lifetime is renewed at start-up through the refresh cookie', async () => {
  const now = Math.floor(Date.now() / 1000);
  const due = fakeToken(now - 800, now + 100); // 800 of 900 s used
  await plantToken(due);
  const cookieBefore = (await refreshCookie())!.value;
  await page.reload();
  await page.waitForFunction(([key, old]) => JSON.parse(localStorage.getItem(key) ?? '{}').token !== old, [SETTINGS_KEY, due] as const, {
    timeout: 15_000,
  });
  expect(await isRealToken(await storedToken())).toBe(true);
  expect((await refreshCookie())!.value).not.toBe(cookieBefore); // rotated by the server
});

test('an API call answered 401 is retried once after a refresh', async () => {
  const now = Math.floor(Date.now() / 1000);
  const rejected = fakeToken(now, now + 900); // not due for renewal, but the server refuses it
  await plantToken(rejected);
  const statuses: number[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/orchestrator/') || r.url().includes('/api/v1/auth/refresh')) statuses.push(r.status());
  });
  await page.reload();
  await page.click('nav a[href="/status"]');
  await page.waitForFunction(([key, old]) => JSON.parse(localStorage.getItem(key) ?? '{}').token !== old, [SETTINGS_KEY, rejected] as const, {
    timeout: 15_000,
  });
  expect(await isRealToken(await storedToken())).toBe(true);
  expect(statuses).toContain(401); // the first try with the refused token
  await page.waitForSelector('[data-testid="registry-services"]', { timeout: 15_000 }); // needs a valid token
  expect(await page.locator('[data-testid="signed-out-badge"]').count()).toBe(0);
  await shoot(page, 'auth-refreshed-status');
});

test('a refused refresh shows the signed-out state', async () => {
  await browser.context.clearCookies(); // the refresh cookie is gone: the server must refuse
  const now = Math.floor(Date.now() / 1000);
  await plantToken(fakeToken(now - 850, now + 50));
  await page.reload();
  await page.waitForSelector('[data-testid="signed-out-badge"]', { timeout: 15_000 });
  expect(await storedToken()).toBe('');
  await page.click('[data-testid="signed-out-badge"]');
  await page.waitForSelector('[data-testid="signed-out"]');
  expect(await page.locator('[data-testid="signed-out"]').textContent()).toContain('Log in again');
  await page.waitForSelector('#login-email');
  await shoot(page, 'auth-signed-out');
});
