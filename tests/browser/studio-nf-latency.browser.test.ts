// The neurofeedback loop runs off the page and its latency is kept with the session being recorded, in real headless Chromium
// against the real server: record the synthetic headset, calibrate and train on the Listen screen,
// and the latency meter's p50/p95/p99, the window and the filter delay land in the session in IndexedDB, then
// on the server as the metadata's structured loopLatency, with the feedback mapping in use and the title. Training
// goes on while other screens are shown and while the page's main thread is blocked.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, startServer, type LaunchedBrowser, type RunningServer } from './harness.ts';
import { seriousViolations } from './axe.ts';
import { readSessions, shoot } from './studio-helpers.ts';

let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface LatencySession {
  id: string;
  title: string;
  status: string;
  sync: { state: string };
  loopLatency?: { p50Ms: number; p95Ms: number; p99Ms?: number; filterDelayMs: number; updates: number; windowMs?: number; packetisationMs?: number };
  feedbackMapping?: { mappings: Array<{ metric: { kind: string }; target: { voice: string | number; param: string } }> };
}
const sessions = async () => (await readSessions(page)) as unknown as LatencySession[];
/** The session recorded while training, for the summary test. */
let recordedId = '';

test('loop latency measured while recording is stored with the session and synced with its metadata', async () => {
  await page.goto(`${server.url}/connect`);
  await page.click('button[data-device="synthetic"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")');
  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]');

  await page.getByRole('link', { name: 'Listen', exact: true }).click();
  const calibrate = async (which: 'open' | 'closed') => {
    const button = page.getByRole('button', { name: new RegExp(`Calibrate: eyes ${which}`) });
    await button.click();
    // A countdown a sighted person can read; the tones are for the one with closed eyes.
    await expect.poll(() => page.locator('[data-testid="nf-countdown"]').textContent()).toMatch(/^Calibrating \(eyes (open|closed)\)… \d+ s left/);
    await page.waitForSelector('text=Calibrating', { state: 'detached', timeout: 40_000 }); // 20 s each
  };
  await calibrate('open');
  await calibrate('closed');
  await page.getByRole('button', { name: 'Use calibration' }).click();
  // The result in words, after a start and an end cue for each step.
  const result = page.locator('[data-testid="nf-calibration"]');
  await result.waitFor();
  expect(await result.getAttribute('data-cues')).toBe('start,end,start,end');
  expect(await result.textContent()).toMatch(/^Eyes open: relative alpha \d+\.\d %\. Eyes closed: \d+\.\d %\./);
  expect(await page.locator('[data-testid="nf-calibration-age"]').textContent()).toMatch(/^Calibrated just now \(.+\), kept for this headset/);
  const calibrationWords = (await result.locator('p').first().textContent())!;
  // The default mapping, in words, before training starts.
  expect(await page.locator('[data-testid="nf-mapping-words"] li').allTextContents()).toEqual([
    'Noise bed goes down from 30 % to 5 % as your training score goes from 0 to 1, at most 20 %/s, smoothed over 1 s',
    'Beat follows your peak alpha (8–12 Hz), at most 0.5 Hz/s, smoothed over 2 s',
  ]);
  await page.getByRole('button', { name: 'Start training' }).click();
  await page.waitForSelector('[data-testid="nf-latency"]', { timeout: 20_000 });
  // Where each mapped parameter is now: the beat within the curve's 8-12 Hz.
  const mapped = page.locator('[data-testid="nf-mapping-state"]');
  await mapped.waitFor();
  expect(await mapped.locator('li').allTextContents()).toEqual([
    expect.stringMatching(/^Noise bed: \d+ %/),
    expect.stringMatching(/^Beat: (8|9|10|11|12)\.\d\d Hz/),
  ]);
  expect(await page.locator('[data-testid="nf-score-words"]').textContent()).toMatch(
    /^(You are .*(above|below) the threshold \(\d+ %\), training up, so .*\.|Paused: .*)$/,
  );
  await shoot(page, 'listen-nf-latency-recording');

  // Stored in IndexedDB while the recording runs.
  await expect
    .poll(async () => (await sessions()).find((s) => s.status === 'recording')?.loopLatency?.updates ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(0);
  const stored = (await sessions()).find((s) => s.status === 'recording')!;
  recordedId = stored.id;
  // Shown and kept as measured on the rendered audio (the worklet's frame of each update, to the output).
  await expect.poll(() => page.locator('[data-testid="nf-latency"]').getAttribute('data-measured-on')).toBe('output');
  const shown = (await page.locator('[data-testid="nf-latency"]').textContent())!;
  expect(shown).toMatch(/^Loop latency \(newest sample → sound out, measured on the rendered audio over \d+ updates\): /);
  expect(stored.loopLatency!.p95Ms).toBeGreaterThanOrEqual(stored.loopLatency!.p50Ms);
  expect(stored.loopLatency!.p50Ms).toBeGreaterThan(0);
  expect(Number.isFinite(stored.loopLatency!.filterDelayMs)).toBe(true);
  expect(shown).toMatch(
    /median \d+ ms, 95th percentile \d+ ms\. Apart from it: the analysed window \d\.\d s \(its own delay \d+ ms\) and filter delay 0 ms \(no causal filter before the band powers\); the headset sends 8 samples a packet \(32 ms\)\.$/,
  );
  // The window is the one analysed last (4 s, or less after a gap in the stream); its delay is half of it.
  const [, windowSec, windowDelayMs] = /analysed window (\d\.\d) s \(its own delay (\d+) ms\)/.exec(shown)!;
  expect(Number(windowSec)).toBeGreaterThanOrEqual(2);
  expect(Number(windowSec)).toBeLessThanOrEqual(4);
  expect(Math.abs(Number(windowDelayMs) - Number(windowSec) * 500)).toBeLessThanOrEqual(50);
  // The score as a probability with its interval and reasons; whether the EEG follows the beat.
  expect(await page.locator('[data-testid="nf-probability"]').textContent()).toMatch(
    /^Eyes-closed state: \d+ % likely \(95 % interval \d+–\d+ %\)\. (No band is 20 % away|[A-Z][a-z]+ is \d+ % (above|below) your eyes-open baseline)/,
  );
  // ... and drawn: the interval shaded on a 0-100 % track, the estimate marked inside it.
  const band = await page
    .locator('[data-testid="nf-probability-band"] > div')
    .evaluateAll((els) => els.map((e) => ({ left: e.getBoundingClientRect().left, right: e.getBoundingClientRect().right })));
  expect(band).toHaveLength(2);
  expect(band[1]!.left + 1.5).toBeGreaterThanOrEqual(band[0]!.left - 1);
  expect(band[1]!.left + 1.5).toBeLessThanOrEqual(band[0]!.right + 1);
  expect(await page.locator('[data-testid="nf-entrainment"]').textContent()).toMatch(/^Following the (\d+(\.\d+)? Hz )?beat: /);
  // The mapping that steered the sound is kept with the session.
  expect(stored.feedbackMapping!.mappings.map((m) => [m.metric.kind, m.target.voice, m.target.param])).toEqual([
    ['score', 'noise', 'level'],
    ['peak-alpha', 'beat', 'beatHz'],
  ]);

  // The loop runs off the page (neurofeedback worker -> worklet): it keeps training while the user is
  // on other screens, and the header says so on every screen.
  const badgeUpdates = async () => Number(await page.locator('[data-testid="training-badge"]').getAttribute('data-updates'));
  const before = await badgeUpdates();
  await page.getByRole('link', { name: 'Live', exact: true }).click();
  await page.waitForTimeout(2500);
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await page.waitForTimeout(2500);
  const away = await badgeUpdates();
  expect(away - before).toBeGreaterThanOrEqual(6); // one update per 500 ms analysis
  await page.getByRole('link', { name: 'Listen', exact: true }).click();
  await page.waitForSelector('[data-testid="nf-output"]');
  expect(Number(await page.locator('[data-testid="nf-output"]').getAttribute('data-updates'))).toBeGreaterThanOrEqual(away);
  // Back on Listen, both cards say the same: the neurofeedback sound plays and training runs.
  expect(await page.locator('[data-testid="now-playing"]').textContent()).toBe('Neurofeedback');
  expect(await page.locator('[data-testid="now-playing-voice"]').count()).toBeGreaterThan(0);
  expect(await page.getByRole('button', { name: 'Stop training' }).isEnabled()).toBe(true);
  // ... and while the page's main thread is blocked for 2 s, the updates still reach the worklet: the
  // tag of the last update it applied (read from the shared stats table) moves on during the block.
  const [tagBefore, tagAfter] = await page.evaluate(() => {
    const audio = (globalThis as unknown as { clisonixAudio: { statsNow(): { lastTag: number } | null } }).clisonixAudio;
    const first = audio.statsNow()!.lastTag;
    const until = performance.now() + 2000;
    while (performance.now() < until) {
      /* the page is busy */
    }
    return [first, audio.statsNow()!.lastTag];
  });
  expect(tagAfter - tagBefore).toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Stop training' }).click();

  await page.getByRole('link', { name: 'Live', exact: true }).click();
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]', { state: 'detached' });
  await expect.poll(async () => (await sessions()).find((s) => s.id === stored.id)?.sync.state, { timeout: 60_000 }).toBe('synced');

  const local = (await sessions()).find((s) => s.id === stored.id)!;
  const onServer = await (await fetch(`${server.url}/api/v1/sessions/${stored.id}`)).json();
  const l = local.loopLatency!;
  const tenth = (v: number) => Math.round(v * 10) / 10;
  // The structured field, as the server keeps it (0.1 ms), and the mapping that steered the sound.
  // The analysed window: up to the 4 s the analysis takes (shorter while the buffer fills after a gap).
  expect(l.windowMs!).toBeGreaterThan(1000);
  expect(l.windowMs!).toBeLessThanOrEqual(4000);
  expect(l.p99Ms!).toBeGreaterThanOrEqual(l.p95Ms);
  expect(onServer.metadata.loopLatency).toEqual({
    p50Ms: tenth(l.p50Ms),
    p95Ms: tenth(l.p95Ms),
    p99Ms: tenth(l.p99Ms!),
    updates: l.updates,
    windowMs: tenth(l.windowMs!),
    filterDelayMs: tenth(l.filterDelayMs),
    packetisationMs: 32, // the synthetic headset at 250 Hz sends 8 samples a packet, measured as they arrive
  });
  expect(onServer.metadata.tags).toEqual([]);
  expect(onServer.metadata.feedbackMapping).toEqual(local.feedbackMapping);
  expect(onServer.metadata.feedbackMapping.mappings.map((m: { target: { param: string } }) => m.target.param)).toEqual(['level', 'beatHz']);
  expect(local.title.length).toBeGreaterThan(0);
  expect(onServer.metadata.title).toBe(local.title.trim());

  // The calibration is kept for the headset: after a reload, Listen offers it, and training starts
  // with it without the two 20 s steps.
  await page.reload();
  await page.goto(`${server.url}/connect`);
  await page.click('button[data-device="synthetic"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")');
  await page.getByRole('link', { name: 'Listen', exact: true }).click();
  const offer = page.locator('[data-testid="nf-kept-calibration"]');
  await offer.waitFor();
  expect(await offer.textContent()).toMatch(
    /^Use the calibration from .+ Made (just now|\d minutes? ago) on Synthetic headset( \(8 ch @ 250 Hz\))?: Eyes open: relative alpha/,
  );
  expect(await page.getByRole('button', { name: 'Start training' }).isEnabled()).toBe(false);
  await page.getByRole('button', { name: /^Use the calibration from / }).click();
  await result.waitFor();
  expect(await result.locator('p').first().textContent()).toBe(calibrationWords);
  await expect.poll(() => offer.count()).toBe(0); // in use: no longer offered
  await page.getByRole('button', { name: 'Start training' }).click();
  await page.waitForSelector('[data-testid="nf-probability"]', { timeout: 20_000 });
  expect(await page.locator('[data-testid="nf-calibration-age"]').textContent()).toMatch(/^Calibrated (just now|\d minutes? ago)/);
  await page.getByRole('button', { name: 'Stop training' }).click();
}, 180_000);

/** Width and height from a PNG's IHDR, after checking its signature. */
function pngSize(dataUrl: string): { width: number; height: number } {
  const bytes = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the training is summarised with the session: viewable in Sessions and exported as HTML with PNG plots', async () => {
  expect(recordedId).not.toBe('');
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  const row = page.locator(`tr[data-session-id="${recordedId}"]`);
  await row.getByRole('button', { name: 'Training summary' }).click();
  const panel = page.locator(`tr[data-summary-of="${recordedId}"] [data-testid="training-summary"]`);
  await panel.waitFor();
  const lines = await panel.locator('[data-testid="training-summary-lines"] li').allTextContents();
  expect(lines[0]).toMatch(/^Training for relaxation: 0:(0[5-9]|[1-5]\d)$/); // it ran for several seconds
  expect(lines[1]).toMatch(/^Time in target: (none \(feedback never ran unpaused\)|\d:\d\d \(\d+ % of the unpaused time\))$/);
  const stored = (await readSessions(page)).find((s) => s.id === recordedId) as unknown as {
    loopLatency: { updates: number };
    training: { points: unknown[]; durationSec: number; latency: { counts: number[] } };
  };
  // A point per second of training, and the histogram counts every update the meter measured.
  expect(stored.training.points.length).toBeGreaterThanOrEqual(Math.floor(stored.training.durationSec) - 1);
  expect(stored.training.points.length).toBeLessThanOrEqual(Math.ceil(stored.training.durationSec) + 1);
  const histogramCount = stored.training.latency.counts.reduce((a, b) => a + b, 0);
  expect(histogramCount).toBeGreaterThanOrEqual(stored.loopLatency.updates);
  expect(lines.find((l) => l.startsWith('Loop latency'))).toContain(`over ${histogramCount} updates`);
  // Both plots are drawn: the score line's blue and the histogram's green are on the canvases.
  const inks = await panel.locator('canvas').evaluateAll((canvases) =>
    canvases.map((c) => {
      const { data } = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height);
      let blue = 0;
      let green = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] === 0x1f && data[i + 1] === 0x6f && data[i + 2] === 0xd1) blue++;
        if (data[i] === 0x3f && data[i + 1] === 0x8f && data[i + 2] === 0x5f) green++;
      }
      return { blue, green };
    }),
  );
  expect(inks[0]!.blue).toBeGreaterThan(50);
  expect(inks[1]!.green).toBeGreaterThan(50);
  expect(await seriousViolations(page, 'Sessions (training summary)')).toEqual([]);

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export summary (HTML)' }).click();
  const html = readFileSync((await (await download).path())!, 'utf8');
  const images = [...html.matchAll(/<img src="(data:image\/png;base64,[^"]+)" alt="([^"]+)">/g)];
  expect(images.map((m) => m[2]!.split('.')[0])).toEqual(['Score over time', 'Loop latency histogram']);
  for (const [, png] of images) expect(pngSize(png!)).toEqual({ width: 720, height: 220 });
  const escaped = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  for (const line of lines) expect(html).toContain(`<li>${escaped(line)}</li>`);
  expect(html).toContain('<h2>Mapping</h2>');
  expect(html).not.toMatch(/<script|src="http/);
}, 60_000);
