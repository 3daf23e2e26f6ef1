// The closed loop in the real app, set up fast for the loop's browser test and `npm run bench -- loop`:
// a kept calibration for the synthetic headset (so no 40 s calibration), the headset steered to eyes
// closed, still, with 10 Hz alpha, then training on the Listen screen with the default mapping (the
// beat follows peak alpha). Page functions are sent as source text: tsx (the bench) would otherwise
// wrap them in a `__name` helper the page lacks.
import type { Page } from 'playwright-core';

/** What the page's hooks give: see web/src/features/listen/loop-output.ts. */
export interface LatencyFigures {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  count: number;
}
export interface BeatPoint {
  hostMs: number;
  beatHz: number;
}

/** A relaxation calibration: relative alpha 0.1 with eyes open, 0.3 with eyes closed (epoch ms date). */
const keptCalibrationSource = (names: string[]) => `(() => {
  const calibration = { target: 'relaxation', zeroAt: 0.1, oneAt: 0.3, madeAtMs: Date.now() };
  const all = {};
  for (const name of ${JSON.stringify(names)}) all[name] = { relaxation: calibration };
  localStorage.setItem('clisonix.nf-calibrations.v1', JSON.stringify(all));
})()`;

/** Steers the connected synthetic headset at page time `atPageMs` (performance.now(); 'now' = now). */
export function steer(page: Page, change: { alpha?: 'on' | 'off' | 'blocks'; peakHz?: number; still?: boolean }, atPageMs?: number): Promise<number> {
  return page.evaluate(`(() => {
    const at = ${atPageMs === undefined ? 'performance.now()' : String(atPageMs)};
    globalThis.clisonixSynthetic.steer(at, ${JSON.stringify(change)});
    return at;
  })()`) as Promise<number>;
}

/** Connects the synthetic headset, steers it to eyes closed at 10 Hz and starts training with a kept calibration. */
export async function startLoop(page: Page, serverUrl: string): Promise<void> {
  await page.goto(`${serverUrl}/connect`);
  await page.evaluate(keptCalibrationSource(['Synthetic headset', 'Synthetic headset (8 ch @ 250 Hz)', 'Synthetic headset (4 ch @ 256 Hz)']));
  await page.click('button[data-device="synthetic"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")');
  await steer(page, { alpha: 'on', peakHz: 10, still: true });
  await page.getByRole('link', { name: 'Listen', exact: true }).click();
  await page.getByRole('button', { name: /^Use the calibration from / }).click();
  await page.getByRole('button', { name: 'Start training' }).click();
  await page.waitForSelector('[data-testid="nf-latency"]', { timeout: 20_000 });
}

/** The loop's latency to the rendered audio so far (sample host time -> the change leaves the output). */
export function renderedLatency(page: Page): Promise<LatencyFigures> {
  return page.evaluate('globalThis.clisonixLoop.renderedLoopLatency()') as Promise<LatencyFigures>;
}

/** Posts `count` output-path probes, `everyMs` apart, and returns their latency figures. */
export async function probeOutputPath(page: Page, count: number, everyMs: number): Promise<LatencyFigures> {
  for (let i = 0; i < count; i++) {
    await page.evaluate('globalThis.clisonixLoop.probeOutputPath()');
    await page.waitForTimeout(everyMs);
  }
  return page.evaluate('globalThis.clisonixLoop.outputPathLatency()') as Promise<LatencyFigures>;
}

/** What the engine reports beside the latency (its status, as the Listen screen words it). */
export async function reportedDelays(page: Page): Promise<{ windowSec: number; windowDelayMs: number; filterDelayMs: number }> {
  const text = (await page.locator('[data-testid="nf-latency"]').textContent()) ?? '';
  const m = /analysed window (\d+(?:\.\d+)?) s \(its own delay (\d+) ms\) and filter delay (\d+(?:\.\d+)?) ms/.exec(text);
  if (!m) throw new Error(`the latency line does not give the window and filter delay: "${text}"`);
  return { windowSec: Number(m[1]), windowDelayMs: Number(m[2]), filterDelayMs: Number(m[3]) };
}

/** Starts the recording tap behind the JONA node that measures the rendered beat. */
export async function startBeatTap(page: Page): Promise<void> {
  if (!(await page.evaluate('globalThis.clisonixLoop.startBeatTap(200)'))) throw new Error('nothing plays: no beat tap');
}

/** The rendered beat so far, one point per 10 ms (host epoch ms). */
export function beatTrack(page: Page): Promise<BeatPoint[]> {
  return page.evaluate('globalThis.clisonixLoop.beatTrack()') as Promise<BeatPoint[]>;
}

/** The page's performance.timeOrigin (to put page times on the epoch clock of the figures). */
export function timeOrigin(page: Page): Promise<number> {
  return page.evaluate('performance.timeOrigin') as Promise<number>;
}
