// A browser killed mid-recording (SIGKILL of Chromium's browser process, like a crash or a power
// cut for the page) loses at most the open chunk: relaunched on the same profile, the session is
// there, marked "interrupted" (not corrupt), with every sealed second intact and contiguous.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, startServer, type LaunchedBrowser, type RunningServer } from './harness.ts';
import { readChunkDigests, readSessions, shoot } from './studio-helpers.ts';

let server: RunningServer;
let browser: LaunchedBrowser | undefined;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  // The profile was kept across the relaunch on purpose; remove it now.
  if (browser) rmSync(browser.userDataDir, { recursive: true, force: true });
});

/** PIDs of the Chromium processes of this one profile (matched by its unique temp folder). */
function chromiumPids(userDataDir: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(`--user-data-dir=${userDataDir}`) && !line.includes('--type='))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

test('kill -9 of the browser during a recording: at most one second missing, session interrupted', async () => {
  const first = await launchBrowser({ keepProfile: true });
  const userDataDir = first.userDataDir;
  const page = await first.context.newPage();
  await page.goto(server.url);
  await page.click('button[data-device="synthetic"]');
  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.click('[data-testid="record-button"]');
  await page.waitForTimeout(6300);
  const saved = page.locator('[data-testid="rec-saved"]');
  const received = Number(await saved.getAttribute('data-received-samples'));
  const pids = chromiumPids(userDataDir);
  expect(pids.length).toBeGreaterThan(0);
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  const killedAt = Date.now();
  await first.context.close().catch(() => {});
  expect(received).toBeGreaterThan(5 * 250);

  browser = await launchBrowser({ userDataDir, keepProfile: true });
  const again = await browser.context.newPage();
  await again.goto(`${server.url}/sessions`);
  await again.waitForSelector('[data-testid="recovered-note"]');
  const row = again.locator('tr[data-status="interrupted"]');
  await row.waitFor();
  expect(await row.textContent()).toMatch(/Interrupted/);
  await shoot(again, 'sessions-interrupted');
  const [session] = await readSessions(again);
  expect(session.status).toBe('interrupted');
  const rate = 250;
  const durable = session.durableSamples.eeg;
  // What the recorder had been handed (read just before the kill) minus what is on disk: the open
  // chunk (< 1 s) plus, at worst, a chunk sealed in the last milliseconds whose strict write had not
  // committed yet. The recorder only received data for ~6.3 s, so the bound is meaningful.
  expect(received - durable).toBeLessThanOrEqual(rate);
  // Cross-check on the wall clock: samples expected by kill time vs on disk (+ 50 ms drain slack).
  const expectedByClock = ((killedAt - session.startedAtMs) / 1000) * rate;
  expect(expectedByClock - durable).toBeLessThanOrEqual(rate * 1.05 + 0.05 * rate + 30);
  const chunks = (await readChunkDigests(again, session.id)).filter((c) => c[0] === 'eeg').sort((a, b) => a[1] - b[1]);
  chunks.slice(1).forEach((c, i) => expect(c[3]).toBe(chunks[i][3] + chunks[i][4]));
  expect(chunks.reduce((n, c) => n + c[4], 0)).toBe(durable);
  expect(session.endedAtMs! - session.startedAtMs).toBe((durable / rate) * 1000);
  // Not corrupt: it replays through the Live views.
  await row.getByRole('button', { name: 'Replay' }).click();
  await again.waitForSelector('[data-testid="live-source"]:has-text("Replay")');
}, 120_000);
