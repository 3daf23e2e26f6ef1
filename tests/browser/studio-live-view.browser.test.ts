// The Live screen is a view of the live-view worker, which reads the EEG straight from the
// acquisition ring: while the page's main thread is blocked for 2 s the worker goes on analysing
// and filtering (its frames and blocks wait for the page and arrive after the block, none missing),
// and the analysis and its band history go on while another screen is shown.
//
// What the worker posts is watched on the wire: an init script wraps the page's Worker constructor
// and notes every message of the worker named 'clisonix-live-view' (the app has no test hooks).
import { expect, test } from 'vitest';
import { useServerAndBrowser } from './harness.ts';
import { connectSyntheticToLive } from './studio-helpers.ts';

const RATE = 250;
const app = useServerAndBrowser();

interface Seen {
  frames: Array<{ atMs: number; historyFirstMs: number; arrivedMs: number }>;
  blocks: Array<{ firstSample: number; length: number }>;
}

test('the live view keeps analysing and filtering while the page is blocked or shows another screen', async () => {
  const page = await app.browser.context.newPage();
  await page.addInitScript(() => {
    const seen = { frames: [], blocks: [] } as unknown as Seen;
    (globalThis as unknown as { __liveView: Seen }).__liveView = seen;
    const NativeWorker = globalThis.Worker;
    globalThis.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name !== 'clisonix-live-view') return;
        this.addEventListener('message', (event: MessageEvent) => {
          const m = event.data;
          if (m.type === 'frame')
            seen.frames.push({ atMs: m.frame.atMs, historyFirstMs: m.frame.history.atMs[0], arrivedMs: performance.timeOrigin + performance.now() });
          else if (m.type === 'display') seen.blocks.push({ firstSample: m.firstSample, length: m.channels[0].length });
        });
      }
    };
  });
  const seen = () => page.evaluate(() => (globalThis as unknown as { __liveView: Seen }).__liveView);
  await connectSyntheticToLive(page, app.server.url);
  await page.waitForSelector('[data-testid="spectrum"] canvas', { timeout: 15_000 });

  // Block the main thread for 2 s: nothing on the page runs, the worker does.
  const { fromMs, toMs } = await page.evaluate(() => {
    const fromMs = performance.timeOrigin + performance.now();
    while (performance.timeOrigin + performance.now() < fromMs + 2000) {
      /* the page is busy */
    }
    return { fromMs, toMs: performance.timeOrigin + performance.now() };
  });
  await page.waitForTimeout(1000);
  const afterBlock = await seen();
  // Frames of samples taken during the block were analysed then, about every 500 ms ...
  const analysedDuring = afterBlock.frames.filter((f) => f.atMs > fromMs + 100 && f.atMs < toMs - 100);
  expect(analysedDuring.length).toBeGreaterThanOrEqual(3);
  // ... and reached the page only after it (the page could not have cut those windows itself).
  for (const f of analysedDuring) expect(f.arrivedMs).toBeGreaterThanOrEqual(toMs - 5);
  // The display blocks follow each other sample for sample across the block: none dropped, none repeated.
  const blocks = afterBlock.blocks;
  blocks.slice(1).forEach((b, i) => expect(b.firstSample).toBe(blocks[i].firstSample + blocks[i].length));
  const shown = blocks.at(-1)!.firstSample + blocks.at(-1)!.length - blocks[0].firstSample;
  expect(shown).toBeGreaterThan(RATE * 3);

  // Another screen for 5 s: the analysis goes on, and back on Live the band history spans that time.
  const leftAtMs = Date.now();
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await page.waitForTimeout(5000);
  const whileAway = (await seen()).frames.filter((f) => f.arrivedMs > leftAtMs + 500);
  expect(whileAway.length).toBeGreaterThanOrEqual(8);
  await page.getByRole('link', { name: 'Live', exact: true }).click();
  await page.waitForSelector('[data-testid="band-history"]');
  await page.waitForTimeout(1000);
  const last = (await seen()).frames.at(-1)!;
  expect(last.historyFirstMs).toBeLessThan(leftAtMs - 2000);
  expect(last.atMs - last.historyFirstMs).toBeGreaterThan(8000);

  // The anomaly feed lists events in words with measured values and thresholds (the synthetic
  // headset blinks on its frontal channels), not one line per detection with a bare multiplier.
  const feed = page.locator('[data-testid="anomaly-feed"] li');
  await feed.first().waitFor({ timeout: 30_000 });
  const lines = await feed.allTextContents();
  for (const line of lines)
    expect(line).toMatch(/^[\d:]+( [AP]M)? · [a-z ()]+ on [\w, ]+: (once|\d+ in \d+ s|\d+ at once), .*\(threshold [\d.]+ ?(µV|s|×|%)\)$/);
  await page.close();
}, 90_000);

test('a nod on the accelerometer is marked on Live as a movement from whose time the EEG is not trusted', async () => {
  const page = await app.browser.context.newPage();
  await connectSyntheticToLive(page, app.server.url);
  await page.waitForSelector('[data-testid="motion-plot"]', { timeout: 15_000 });
  // Sitting still (the synthetic head sways by 0.01 g per quarter second): 3 s without a movement.
  await page.waitForTimeout(3000);
  expect(await page.locator('[data-testid="movement-feed"] li').count()).toBe(0);
  // A 1 s nod steered from now (±0.2 g on Y): one movement, starting within a block (0.26 s) of it.
  const nodMs = (await page.evaluate(`(() => {
    const at = performance.now() + 200;
    globalThis.clisonixSynthetic.steer(at, { nodSec: 1 });
    return performance.timeOrigin + at;
  })()`)) as number;
  const line = page.locator('[data-testid="movement-feed"] li');
  await line.first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(2000); // the movement grows while the nod lasts, then the head is still
  expect(await line.count()).toBe(1);
  const startMs = Number(await line.getAttribute('data-start-ms'));
  expect(Math.abs(startMs - nodMs)).toBeLessThan(400);
  expect(Number(await line.getAttribute('data-peak-g'))).toBeGreaterThan(0.38);
  expect(await line.textContent()).toMatch(
    /^movement at [\d:]+( [AP]M)? for 1\.[0-5] s, 0\.4\d g \(threshold 0\.10 g\): EEG from then is not trusted$/,
  );
  await page.close();
}, 40_000);
