// Live screen smoothness in real headless Chromium: frame times (requestAnimationFrame deltas) and
// main-thread long tasks (> 50 ms, PerformanceObserver 'longtask') while the Live screen draws the
// synthetic headset at 16 ch @ 250 Hz and at 8 ch @ 1000 Hz. Baseline, same run: the Connect
// screen with nothing connected (the browser's own frame pacing on this machine).
// Then the page's main-thread busy time (CDP Performance.getMetrics TaskDuration, seconds of main-
// thread tasks per second, as % of one core) while recording 16 ch @ 250 Hz with the Listen screen
// shown, beside the same Listen screen with nothing connected, measured in the same run.
// First of all, the bytes a first visit transfers (compressed, as Chromium counted them) beside the
// same files uncompressed.
// Prints one JSON line per figure: value, baseline, ratio. Needs the built app (dist/); builds it when missing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { measureFirstLoad } from '../tests/browser/first-load.ts';
import { launchBrowser, repoRoot, startServer } from '../tests/browser/harness.ts';

const MEASURE_MS = 6000;
const WARMUP_MS = 4000;
const BUSY_MS = 10_000;

interface FrameStats {
  frames: number;
  fps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  longTasks: number;
  longestTaskMs: number;
}

/**
 * Collects rAF deltas and long tasks in the page for `ms`. Sent as source text: tsx would otherwise
 * wrap the inner functions in a `__name` helper that does not exist in the page.
 */
const MEASURE_SOURCE = `async (duration) => {
  const deltas = [];
  const longTasks = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  observer.observe({ type: 'longtask', buffered: false });
  await new Promise((resolve) => {
    let last = 0;
    const start = performance.now();
    const frame = (now) => {
      if (last) deltas.push(now - last);
      last = now;
      if (now - start < duration) requestAnimationFrame(frame);
      else resolve();
    };
    requestAnimationFrame(frame);
  });
  observer.disconnect();
  const sorted = [...deltas].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return {
    frames: deltas.length,
    fps: deltas.length / (duration / 1000),
    p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99), maxMs: sorted.at(-1) ?? NaN,
    longTasks: longTasks.length,
    longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
  };
}`;

function measure(page: Page, ms: number): Promise<FrameStats> {
  return page.evaluate(`(${MEASURE_SOURCE})(${ms})`) as Promise<FrameStats>;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Share of one core the page's main thread spent in tasks over `ms`, in % (CDP TaskDuration). */
async function mainThreadBusyPercent(page: Page, ms: number): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
  const before = await taskSeconds();
  const startedAt = Date.now();
  await page.waitForTimeout(ms);
  const busy = (await taskSeconds()) - before;
  const elapsedSec = (Date.now() - startedAt) / 1000;
  await cdp.detach();
  return (busy / elapsedSec) * 100;
}

/** Main-thread busy time: recording 16 ch @ 250 Hz with Listen shown vs Listen shown with nothing connected. */
async function recordingBusyTime(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/listen`);
  await page.waitForTimeout(WARMUP_MS);
  const idle = await mainThreadBusyPercent(page, BUSY_MS);
  await page.goto(`${url}/connect`);
  await page.selectOption('#synth-channels', '16');
  await page.selectOption('#synth-rate', '250');
  await page.click('button[data-device="synthetic"]');
  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]');
  await page.getByRole('link', { name: 'Listen', exact: true }).click();
  await page.waitForTimeout(WARMUP_MS);
  const recording = await mainThreadBusyPercent(page, BUSY_MS);
  console.log(
    JSON.stringify({
      bench: 'studio',
      scenario: 'record-16ch-250Hz-listen-shown',
      metric: 'main_thread_busy_pct_of_core',
      value: round(recording),
      baseline: round(idle),
      ratio: round(recording / idle),
      added_pct_of_core: round(recording - idle),
      target_added_max: 5,
    }),
  );
  await page.getByRole('link', { name: 'Live', exact: true }).click();
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]', { state: 'detached' });
}

export async function run(): Promise<void> {
  if (!existsSync(path.join(repoRoot, 'dist/index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
  }
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    // First, while the profile has no service worker: what a first visit downloads.
    const firstLoad = await measureFirstLoad(browser.context, server.url, '#connect-title');
    const transferred = firstLoad.reduce((n, r) => n + r.transferredBytes, 0);
    const decoded = firstLoad.reduce((n, r) => n + r.decodedBytes, 0);
    console.log(
      JSON.stringify({
        bench: 'studio',
        scenario: 'first-load',
        metric: 'transferred_bytes',
        value: transferred,
        baseline: 'the same files uncompressed (build size)',
        baselineValue: decoded,
        ratio: round(decoded / transferred),
        files: firstLoad.length,
      }),
    );
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.url);
    await page.waitForSelector('#connect-title');
    await page.waitForTimeout(1000);
    const baseline = await measure(page, MEASURE_MS);
    console.log(
      JSON.stringify({
        bench: 'studio',
        scenario: 'baseline-connect-idle',
        ...Object.fromEntries(Object.entries(baseline).map(([k, v]) => [k, round(v)])),
      }),
    );
    for (const [channels, rate] of [
      [16, 250],
      [8, 1000],
    ] as const) {
      await page.goto(`${server.url}/connect`); // a fresh page: the previous device is gone with it
      await page.selectOption('#synth-channels', String(channels));
      await page.selectOption('#synth-rate', String(rate));
      await page.click('button[data-device="synthetic"]');
      await page.getByRole('button', { name: 'Open Live view' }).click();
      await page.waitForSelector('[data-testid="timeseries"] canvas');
      await page.waitForTimeout(WARMUP_MS);
      const live = await measure(page, MEASURE_MS);
      const scenario = `live-${channels}ch-${rate}Hz`;
      for (const metric of ['fps', 'p50Ms', 'p95Ms', 'p99Ms', 'maxMs'] as const) {
        console.log(
          JSON.stringify({
            bench: 'studio',
            scenario,
            metric: `frame_${metric}`,
            value: round(live[metric]),
            baseline: round(baseline[metric]),
            ratio: round(live[metric] / baseline[metric]),
          }),
        );
      }
      console.log(
        JSON.stringify({
          bench: 'studio',
          scenario,
          metric: 'long_tasks_over_50ms',
          value: live.longTasks,
          baseline: baseline.longTasks,
          longest_ms: round(live.longestTaskMs),
          baseline_longest_ms: round(baseline.longestTaskMs),
        }),
      );
    }
    await recordingBusyTime(page, server.url);
  } finally {
    await browser.close();
    await server.stop();
  }
}
