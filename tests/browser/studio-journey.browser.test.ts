// The whole journey of issue 8 as a new user takes it, in real headless Chromium against the real
// server (npm start's server.ts on PGlite): connect the synthetic headset, watch, record 30 s with
// two markers, find it in the library, replay, export EDF+; go offline with the server stopped,
// reload, record again offline; bring the server back and check both sessions synced byte-identically.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readRecording } from '../../workers/formats/index.ts';
import { launchBrowser, startServer, type LaunchedBrowser, type RunningServer } from './harness.ts';
import { readChunkDigests, readSessions, shoot, waitForServiceWorker, type PageSession } from './studio-helpers.ts';
import type { Page } from 'playwright-core';

let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A data URL of the first canvas inside `selector`: changes when the plot redraws with new data. */
const canvasSnapshot = (selector: string) =>
  page.evaluate((sel) => (document.querySelector(`${sel} canvas`) as HTMLCanvasElement | null)?.toDataURL() ?? '', selector);

async function connectSynthetic(channels = 8, rate = 250): Promise<void> {
  await page.getByRole('link', { name: 'Connect', exact: true }).click();
  await page.selectOption('#synth-channels', String(channels));
  await page.selectOption('#synth-rate', String(rate));
  await page.click('button[data-device="synthetic"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")');
  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.waitForSelector('[data-testid="timeseries"] canvas');
}

async function record(seconds: number, markers: Array<'button' | 'key'>): Promise<string> {
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]');
  const markerTimes = markers.map((_, i) => Math.round(((i + 1) * seconds * 1000) / (markers.length + 1)));
  const started = Date.now();
  for (const [i, how] of markers.entries()) {
    await page.waitForTimeout(Math.max(0, markerTimes[i] - (Date.now() - started)));
    if (how === 'button') await page.click('[data-testid="marker-button"]');
    else await page.keyboard.press('m');
  }
  await page.waitForTimeout(Math.max(0, seconds * 1000 - (Date.now() - started)));
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]', { state: 'detached' });
  const sessions = await readSessions(page);
  return sessions.sort((a, b) => b.startedAtMs - a.startedAtMs)[0].id;
}

let firstId = '';
let secondId = '';

test('connect the synthetic headset, see the plots update, record 30 s with two markers', async () => {
  await page.goto(server.url);
  await page.waitForSelector('#connect-title');
  await waitForServiceWorker(page);
  // Log what the polite live region says, as a screen reader would hear it.
  await page.evaluate(() => {
    const region = document.querySelector('[data-testid="announce-polite"]')!;
    const log: string[] = ((globalThis as any).__announced = []);
    new MutationObserver(() => region.textContent && log.push(region.textContent)).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await connectSynthetic();
  const before = await canvasSnapshot('[data-testid="timeseries"] .u-over');
  await page.waitForTimeout(600);
  expect(await canvasSnapshot('[data-testid="timeseries"] .u-over')).not.toBe(before);
  expect(await page.locator('[data-testid="timeseries"] .ts-label').count()).toBe(8);
  // The analysis panels (ALBI in the analysis worker) draw and keep updating too.
  await page.waitForSelector('[data-testid="spectrum"] canvas', { timeout: 15_000 });
  await page.waitForSelector(
    '[data-testid="head-quality"] circle[data-quality="good"], [data-testid="head-quality"] circle[data-quality="fair"], [data-testid="head-quality"] circle[data-quality="poor"]',
  );
  const panels = ['[data-testid="spectrum"]', '[data-testid="band-history"]'];
  const first = await Promise.all(panels.map(canvasSnapshot));
  const spectrogram = await page.evaluate(() => (document.querySelector('[data-testid="spectrogram"]') as HTMLCanvasElement).toDataURL());
  await page.waitForTimeout(1500);
  expect(await Promise.all(panels.map(canvasSnapshot))).not.toEqual(first);
  expect(await page.evaluate(() => (document.querySelector('[data-testid="spectrogram"]') as HTMLCanvasElement).toDataURL())).not.toBe(spectrogram);
  expect(await page.locator('[data-testid="insights"] li').count()).toBeGreaterThan(0);
  const announced: string[] = await page.evaluate(() => (globalThis as any).__announced);
  expect(announced.join('\n')).toMatch(/Connected to Synthetic headset.*8 EEG channels at 250 Hz; 3 accelerometer axes at 50 Hz/);
  expect(announced.join('\n')).toMatch(/Signal quality: .*(good|fair|poor)/);
  await shoot(page, 'live-streaming');
  // The host time of each press, as the page's event saw it (the marker's own clock).
  await page.evaluate(() => {
    const presses: number[] = ((globalThis as any).__presses = []);
    const note = (e: Event) => presses.push(performance.timeOrigin + e.timeStamp);
    document.addEventListener('keydown', (e) => e.key === 'm' && note(e), { capture: true });
    document.addEventListener('click', (e) => (e.target as HTMLElement).closest('[data-testid="marker-button"]') && note(e), { capture: true });
  });
  firstId = await record(30, ['button', 'key']);
  const session = (await readSessions(page)).find((s) => s.id === firstId)! as unknown as Omit<PageSession, 'markers'> & {
    markers: Array<{ atMs: number; sample: number; streamId: string }>;
  };
  expect(session.status).toBe('complete');
  expect(session.markers).toHaveLength(2);
  // Each marker sits on the EEG sample taken when it was pressed: sample 0's fitted host time
  // (startedAtMs, rounded to 1 ms) + sample / rate is the press time within one sample period (4 ms).
  const presses: number[] = await page.evaluate(() => (globalThis as any).__presses);
  expect(presses).toHaveLength(2);
  session.markers.forEach((m, i) => {
    expect(m.streamId).toBe('eeg');
    expect(m.atMs).toBe((m.sample / 250) * 1000);
    expect(Math.abs(session.startedAtMs + m.atMs - presses[i])).toBeLessThanOrEqual(4 + 0.5);
  });
  // The accelerometer was recorded beside the EEG, over the same time.
  expect(session.streams.map((s) => [s.id, s.sampleRateHz])).toEqual([
    ['eeg', 250],
    ['accel', 50],
  ]);
  expect(Math.abs(session.durableSamples.accel / 50 - session.durableSamples.eeg / 250)).toBeLessThan(0.2);
  // 30 s at 250 Hz: every sealed second is on disk (the clicks add a little either side).
  expect(session.durableSamples.eeg).toBeGreaterThanOrEqual(29 * 250);
  expect(session.durableSamples.eeg).toBeLessThanOrEqual(32 * 250);
  const chunks = await readChunkDigests(page, firstId);
  // Chunks are contiguous: each starts where the previous ended (no invented or dropped samples).
  const eeg = chunks.filter((c) => c[0] === 'eeg').sort((a, b) => a[1] - b[1]);
  eeg.slice(1).forEach((c, i) => expect(c[3]).toBe(eeg[i][3] + eeg[i][4]));
  await shoot(page, 'live-recorded');
}, 120_000);

test('the session is in the library; replay it through Live; export EDF+ with both markers', async () => {
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  const row = page.locator(`tr[data-session-id="${firstId}"]`);
  await row.waitFor();
  expect(await row.textContent()).toMatch(/Complete/);
  expect(await row.textContent()).toMatch(/2 markers/);
  await shoot(page, 'sessions-library');
  // The synthetic headset is still connected: a replay asks before it drops it. Keeping it keeps it.
  await row.getByRole('button', { name: 'Replay' }).click();
  const question = page.locator('[data-testid="replay-question"]');
  await question.waitFor();
  expect(await question.textContent()).toMatch(/^Replaying a session disconnects Synthetic headset.*Disconnect it and replay\?/);
  await question.getByRole('button', { name: /^Keep / }).click();
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")');
  expect(await page.locator('[data-testid="live-source"]').textContent()).toMatch(/Synthetic headset/);
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await row.getByRole('button', { name: 'Replay' }).click();
  await question.getByRole('button', { name: 'Disconnect and replay' }).click();
  await page.waitForSelector('[data-testid="live-source"]:has-text("Replay")');
  const before = await canvasSnapshot('[data-testid="timeseries"] .u-over');
  await page.waitForTimeout(600);
  expect(await canvasSnapshot('[data-testid="timeseries"] .u-over')).not.toBe(before);
  await shoot(page, 'live-replay');
  await page.getByRole('button', { name: 'Stop replay' }).click();
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  const download = page.waitForEvent('download');
  await page.locator(`tr[data-session-id="${firstId}"]`).getByRole('button', { name: 'Export EDF+' }).click();
  const file = await (await download).path();
  const recording = readRecording(new Uint8Array(readFileSync(file!)), 'export.edf');
  expect(recording.format).toBe('edf+');
  expect(recording.channels.filter((c) => c.kind === 'eeg' || c.kind === 'exg').length).toBeGreaterThanOrEqual(8);
  expect(recording.markers.map((m) => m.text)).toEqual(['Marker 1', 'Marker 2']);
  const stored = (await readSessions(page)).find((x) => x.id === firstId)! as unknown as { markers: Array<{ atMs: number }> };
  recording.markers.forEach((m, i) => expect(m.onsetSec).toBeCloseTo(stored.markers[i].atMs / 1000, 3));
  // The accelerometer is in the file beside the EEG, at its own rate and unit.
  expect(recording.channels.filter((c) => c.sampleRateHz === 50).map((c) => [c.label, c.unit])).toEqual([
    ['X', 'g'],
    ['Y', 'g'],
    ['Z', 'g'],
  ]);
  const eeg = recording.channels[0];
  expect(eeg.samples.length / eeg.sampleRateHz).toBeGreaterThanOrEqual(29);
}, 60_000);

test('offline with the server stopped: reload, the app and the session are there; record another session', async () => {
  await browser.context.setOffline(true);
  await server.stop();
  await page.reload();
  await page.waitForSelector('#sessions-title');
  await page.locator(`tr[data-session-id="${firstId}"]`).waitFor();
  await page.waitForSelector('[data-testid="sync-badge"]:has-text("Offline")');
  await shoot(page, 'sessions-offline');
  await connectSynthetic();
  secondId = await record(8, ['key']);
  expect(secondId).not.toBe(firstId);
  const second = (await readSessions(page)).find((s) => s.id === secondId)!;
  expect(second.status).toBe('complete');
  expect(second.sync.state).not.toBe('synced');
}, 90_000);

test('server back: both sessions sync, and the server holds byte-identical chunks (hashes compared)', async () => {
  server = await startServer({ PORT: String(server.port) }, { dataDir: server.dataDir });
  await browser.context.setOffline(false);
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  for (const id of [firstId, secondId]) {
    await page.waitForSelector(`tr[data-session-id="${id}"][data-sync-state="synced"]`, { timeout: 60_000 });
    const local = (await readChunkDigests(page, id)).sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);
    const list = await (await fetch(`${server.url}/api/v1/sessions/${id}/streams/eeg/chunks?limit=10000`)).json();
    const serverEeg = list.chunks.map((c: any) => [c.seq, c.sha256]);
    expect(serverEeg).toEqual(local.filter((c) => c[0] === 'eeg').map((c) => [c[1], c[2]]));
    // The accelerometer stream is synced too, chunk for chunk.
    const accel = await (await fetch(`${server.url}/api/v1/sessions/${id}/streams/accel/chunks?limit=10000`)).json();
    expect(accel.chunks.map((c: any) => [c.seq, c.sha256])).toEqual(local.filter((c) => c[0] === 'accel').map((c) => [c[1], c[2]]));
    expect(accel.chunks.length).toBeGreaterThan(0);
    // Re-hash the bytes the server returns: the same SHA-256 the browser computed when it sealed them.
    for (const [seq, sha] of serverEeg.slice(0, 5)) {
      const bytes = Buffer.from(await (await fetch(`${server.url}/api/v1/sessions/${id}/streams/eeg/chunks/${seq}`)).arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
    }
  }
  const events = await (await fetch(`${server.url}/api/v1/sessions/${firstId}/events`)).json();
  expect(events.events.filter((e: any) => e.kind === 'marker').map((e: any) => e.text)).toEqual(['Marker 1', 'Marker 2']);
  // On the server, each marker is on the EEG timeline at the same second as in IndexedDB.
  const storedMarkers = ((await readSessions(page)).find((x) => x.id === firstId)! as unknown as { markers: Array<{ atMs: number }> }).markers;
  expect(events.events.filter((e: any) => e.kind === 'marker').map((e: any) => [e.stream, e.onsetSec])).toEqual(
    storedMarkers.map((m) => ['eeg', m.atMs / 1000]),
  );
  await shoot(page, 'sessions-synced');
  // The registry lists the server's services and this browser as a registered client.
  await page.getByRole('link', { name: 'Status', exact: true }).click();
  await page.waitForSelector('[data-testid="registry-clients"] li:has-text("(this browser)")', { timeout: 30_000 });
  expect(await page.locator('[data-testid="registry-services"] tbody tr').count()).toBeGreaterThanOrEqual(3);
  // In words: what each service is and its state; the dashboard's totals count this server's work.
  expect(await page.locator('[data-testid="registry-services"] tr[data-service="albi"]').textContent()).toMatch(
    /^Analysis \(ALBI\)computes spectra.*Working$/,
  );
  await page.waitForSelector('[data-testid="dashboard-totals"]');
  expect(await page.locator('[data-testid="dashboard-overall"]').textContent()).toMatch(
    /^Everything works · up .* · database embedded \(PGlite\), answers in \d+ ms · 1 browser online$/,
  );
  const sessionsStored = await page.locator('[data-testid="dashboard-totals"] tr:has(th:text-is("Sessions stored")) td').first().textContent();
  const onServer = (await (await fetch(`${server.url}/api/v1/sessions`)).json()).sessions.length;
  expect(Number(sessionsStored)).toBe(onServer);
  expect(await page.locator('[data-testid="dashboard"]').textContent()).not.toMatch(/round_trip_ms|clients_online/);
  // One entry for this browser, even after the reloads and the server restart.
  expect(await page.locator('[data-testid="registry-clients"] li').count()).toBe(1);
  await shoot(page, 'status-registry');
  expect(pageErrors).toEqual([]);
}, 120_000);
