// The synthetic headset through the real worker, rings and bridge in headless Chromium (the demo path).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from './harness.ts';
import { serveFixturePage, type FixtureServer } from './fixture-server.ts';

let fixture: FixtureServer;
let browser: LaunchedBrowser;
beforeAll(async () => {
  fixture = await serveFixturePage('devices-page');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await fixture?.close();
});

test('synthetic headset streams through the acquisition worker into a SAB ring; a forced drop is one disconnect gap, same session', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(fixture.url);
  await page.waitForSelector('body[data-ready="true"]');
  const info = await page.evaluate(() =>
    (window as any).devicesTest.connect('synthetic', { synthetic: { channelCount: 8, sampleRateHz: 256, seed: 5 } }),
  );
  expect(info.sharedMemory).toBe(true);
  expect(info.streams[0].channels).toHaveLength(8);
  await page.waitForTimeout(1500);
  const before = await page.evaluate(() => (window as any).devicesTest.frames('eeg').length);
  expect(before).toBeGreaterThan(256);
  await page.evaluate(() => (window as any).devicesTest.simulateDisconnect(1000));
  await page.waitForTimeout(2000);
  const result = await page.evaluate(() => {
    const t = (window as any).devicesTest;
    const frames: number[][] = t.frames('eeg');
    let ordered = true;
    for (let i = 1; i < frames.length; i++) if (frames[i]![0]! <= frames[i - 1]![0]!) ordered = false;
    return { ordered, gaps: t.gaps(), states: t.states(), sessionId: t.sessionId(), n: frames.length, last: frames.at(-1)![0] };
  });
  expect(result.ordered).toBe(true);
  expect(result.sessionId).toBe(info.sessionId);
  // One disconnect gap per stream: the EEG's (checked below) and the accelerometer's.
  expect(result.gaps.map((g: { streamId: string; cause: string }) => [g.streamId, g.cause])).toEqual([
    ['eeg', 'disconnect'],
    ['accel', 'disconnect'],
  ]);
  expect(Math.abs(result.gaps[0].lengthSamples - 256)).toBeLessThanOrEqual(12);
  expect(result.n + result.gaps[0].lengthSamples).toBe(result.last + 1);
  expect(result.states).toEqual(expect.arrayContaining(['reconnecting', 'streaming']));
  await page.evaluate(() => (window as any).devicesTest.disconnect());
  expect(errors).toEqual([]);
});
