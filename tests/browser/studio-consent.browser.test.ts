// Sync only by consent, in real headless Chromium against two real servers: the studio is served by
// one and configured to sync with another ("remote", on another origin, which the studio's server
// lets the page reach with STUDIO_SYNC_ORIGINS and which accepts the studio's origin with
// AUTH_ALLOWED_ORIGINS). Until the person agrees on
// the Settings screen, no request at all reaches the remote server, whatever they record; after they
// agree, a session syncs with the consent's version and time; "Turn sync off" stops the next upload.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { seriousViolations } from './axe.ts';
import { getFreePort, launchBrowser, startServer, type LaunchedBrowser, type RunningServer } from './harness.ts';
import { connectSyntheticToLive, readSessions, shoot, startRecordingOnLive } from './studio-helpers.ts';
import { CONSENT_VERSION } from '../../web/src/features/privacy/sync-consent.ts';

let studio: RunningServer;
let remote: RunningServer;
let browser: LaunchedBrowser;
let page: Page;
const toRemote: Array<{ at: number; method: string; path: string }> = [];

beforeAll(async () => {
  const [studioPort, remotePort] = [await getFreePort(), await getFreePort()];
  const origin = (port: number) => `http://127.0.0.1:${port}`;
  [studio, remote] = await Promise.all([
    startServer({ PORT: String(studioPort), STUDIO_SYNC_ORIGINS: origin(remotePort) }),
    startServer({ PORT: String(remotePort), AUTH_ALLOWED_ORIGINS: origin(studioPort) }),
  ]);
  browser = await launchBrowser();
  // every request of the page and its workers
  browser.context.on('request', (request: Request) => {
    if (request.url().startsWith(remote.url)) toRemote.push({ at: Date.now(), method: request.method(), path: new URL(request.url()).pathname });
  });
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([studio?.stop(), remote?.stop()]);
});

const remoteSessions = async () =>
  ((await (await fetch(`${remote.url}/api/v1/sessions`)).json()) as { sessions: Array<{ id: string; metadata: { consent?: unknown } }> }).sessions;

async function recordFor(ms: number): Promise<string> {
  await connectSyntheticToLive(page, studio.url);
  await startRecordingOnLive(page);
  await page.waitForTimeout(ms);
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]', { state: 'detached' });
  const [newest] = (await readSessions(page)).sort((a, b) => b.startedAtMs - a.startedAtMs);
  return newest!.id;
}

test('nothing reaches another server before consent; after it a session syncs with its consent; turning sync off stops the next upload', async () => {
  // The studio's own server on loopback syncs by default, and says so.
  await page.goto(`${studio.url}/settings`);
  await expect
    .poll(() => page.locator('[data-testid="sync-permission"]').textContent())
    .toMatch(/^Local mode: recordings sync to the studio's own server/);
  // Another server: off until the person agrees.
  await page.fill('#server-url', remote.url);
  await page.getByRole('button', { name: 'Save server' }).click();
  expect(await page.locator('[data-testid="sync-permission"]').textContent()).toBe(`Sync is off: nothing is sent to ${remote.url} until you agree.`);
  const first = await recordFor(3000);
  await page.waitForTimeout(4000); // longer than the sync loop's 3 s pause
  expect(await page.locator('[data-testid="sync-badge"]').textContent()).toMatch(/^Sync off/);
  expect(toRemote).toEqual([]);
  expect(await remoteSessions()).toEqual([]);

  // The consent step says what goes where, and how to take it back.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('button', { name: 'Turn on sync…' }).click();
  const consent = page.getByRole('group', { name: 'Before anything leaves this browser' });
  expect(await consent.getAttribute('data-version')).toBe(CONSENT_VERSION);
  const words = (await consent.textContent()) ?? '';
  expect(words).toContain(remote.url);
  expect(words).toMatch(/raw samples of every stream/);
  expect(words).toMatch(/Turn sync off.*stops sending at once/);
  await shoot(page, 'settings-sync-consent');
  expect(await seriousViolations(page, 'Settings (sync consent)')).toEqual([]);
  // The Settings screen (its end-to-end encryption card too) asked the remote server nothing either.
  expect(toRemote).toEqual([]);
  const agreedAt = Date.now();
  await consent.getByRole('button', { name: `I agree: sync with ${remote.url}` }).click();
  expect(await page.locator('[data-testid="sync-permission"]').textContent()).toMatch(new RegExp(`^Sync is on: recordings go to ${remote.url}`));
  await expect.poll(async () => (await remoteSessions()).map((s) => s.id), { timeout: 30_000 }).toContain(first);
  const synced = (await remoteSessions()).find((s) => s.id === first)!;
  const granted = synced.metadata.consent as { basis: string; version: string; grantedAt: string };
  expect(granted.basis).toBe('consent');
  expect(granted.version).toBe(CONSENT_VERSION);
  expect(Math.abs(Date.parse(granted.grantedAt) - agreedAt)).toBeLessThan(5000);
  await expect
    .poll(async () => (await (await fetch(`${remote.url}/api/v1/sessions/${first}/streams/eeg/chunks`)).json()).chunks.length, { timeout: 30_000 })
    .toBeGreaterThan(2);

  // Off again: the next recording is not uploaded, and nothing more is sent at all.
  await page.getByRole('button', { name: 'Turn sync off' }).click();
  const offAt = Date.now();
  const second = await recordFor(3000);
  await page.waitForTimeout(5000);
  expect(toRemote.filter((r) => r.at > offAt + 500)).toEqual([]);
  expect((await remoteSessions()).map((s) => s.id)).not.toContain(second);
  expect((await readSessions(page)).find((s) => s.id === second)?.sync.state).toBe('local');
}, 120_000);
