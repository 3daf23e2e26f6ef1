// Cloud-mode login stays alive past the access token's 15 min, in real headless Chromium against the
// real server with AUTH=required: the __Host- refresh cookie is stored over http://127.0.0.1 (a
// potentially trustworthy origin), a due token is renewed at start-up, an API call answered 401 is
// retried once after a refresh, and a refused refresh shows the signed-out state. A calibration kept
// in the account (signed in, sync agreed to) is offered by Listen in a second browser of the same user.
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
  // Every API answer, in order: which call meets the refused token first depends on what the page
  // starts first (the registry, the sync worker's session list, ...), so none is singled out.
  const answers: Array<{ path: string; status: number }> = [];
  page.on('response', (r) => {
    const { pathname } = new URL(r.url());
    if (/^\/(api|orchestrator|alba|albi|jona)\//.test(pathname)) answers.push({ path: pathname, status: r.status() });
  });
  await page.reload();
  await page.click('nav a[href="/status"]');
  await page.waitForFunction(([key, old]) => JSON.parse(localStorage.getItem(key) ?? '{}').token !== old, [SETTINGS_KEY, rejected] as const, {
    timeout: 15_000,
  });
  expect(await isRealToken(await storedToken())).toBe(true);
  // A call refused with 401, then the refresh, then the same call again, answered.
  const refused = answers.findIndex((a) => a.status === 401 && a.path !== '/api/v1/auth/refresh');
  expect(refused, JSON.stringify(answers)).toBeGreaterThanOrEqual(0);
  const refreshed = answers.findIndex((a, i) => i > refused && a.path === '/api/v1/auth/refresh' && a.status === 200);
  expect(refreshed, JSON.stringify(answers)).toBeGreaterThan(refused);
  expect(
    answers.some((a, i) => i > refreshed && a.path === answers[refused]!.path && a.status < 400),
    JSON.stringify(answers),
  ).toBe(true);
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

/** Logs `on` in on the Settings screen and agrees to sync with the studio's own server (the account's calibrations need consent). */
async function signInWithConsent(on: Page): Promise<void> {
  await on.goto(`${server.url}/settings`);
  await on.fill('#login-email', email);
  await on.fill('#login-password', password);
  await on.click('button:has-text("Log in")');
  await on.waitForSelector('[data-testid="logged-in"]');
  // Loopback sync runs without consent, but an account is kept only by consent: off, then agreed to.
  await on.getByRole('button', { name: 'Turn sync off' }).click();
  await on.getByRole('button', { name: 'Turn on sync…' }).click();
  await on.getByRole('button', { name: /^I agree: sync with / }).click();
  await expect.poll(() => on.locator('[data-testid="sync-permission"]').textContent()).toMatch(/^Sync is on: recordings go to /);
}

test('a calibration kept in the account is offered by Listen in a new browser, without calibrating', async () => {
  // Browser A: signed in with consent, keeps a relaxation calibration in the account, as Listen sends
  // one when it is made (PUT /me/calibrations/{device}/{target} with the page's own token; a real
  // calibration takes 2 x 20 s, see studio-nf-latency).
  const a = await launchBrowser();
  const b = await launchBrowser();
  try {
    const pageA = await a.context.newPage();
    await signInWithConsent(pageA);
    const device = 'Synthetic headset (8 ch @ 250 Hz)'; // the name Listen keeps the synthetic headset's calibration under
    const calibration = { target: 'relaxation', zeroAt: 0.123, oneAt: 0.345, madeAtMs: Date.now() - 5 * 60_000 };
    const put = await pageA.evaluate(
      async ([key, name, body]) => {
        const { token } = JSON.parse(localStorage.getItem(key) ?? '{}') as { token: string };
        const res = await fetch(`/api/v1/me/calibrations/${encodeURIComponent(name)}/relaxation`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        });
        return res.status;
      },
      [SETTINGS_KEY, device, JSON.stringify({ calibration })] as const,
    );
    expect(put).toBe(200);
    const token = await pageA.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}').token as string, SETTINGS_KEY);
    const held = await fetch(`${server.url}/api/v1/me/calibrations`, { headers: { authorization: `Bearer ${token}`, origin: server.url } });
    expect(((await held.json()) as { calibrations: Array<{ device: string; calibration: unknown }> }).calibrations).toEqual([
      expect.objectContaining({ device, calibration }),
    ]);

    // Browser B (its own profile: nothing kept): signed in as the same user, Listen offers A's calibration.
    const pageB = await b.context.newPage();
    await signInWithConsent(pageB);
    await pageB.goto(`${server.url}/connect`);
    await pageB.click('button[data-device="synthetic"]');
    await pageB.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")');
    await pageB.getByRole('link', { name: 'Listen', exact: true }).click();
    const offer = pageB.locator('[data-testid="nf-kept-calibration"]');
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.textContent()).toMatch(
      /^Use the calibration from .+ Made 5 minutes ago on Synthetic headset \(8 ch @ 250 Hz\): Eyes open: relative alpha 12\.3 %\. Eyes closed: 34\.5 %\./,
    );
    await pageB.getByRole('button', { name: /^Use the calibration from / }).click();
    await expect.poll(() => pageB.locator('[data-testid="nf-calibration-age"]').textContent()).toMatch(/^Calibrated 5 minutes ago/);
  } finally {
    await a.close();
    await b.close();
  }
}, 60_000);
