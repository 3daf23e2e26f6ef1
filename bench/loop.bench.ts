// The closed loop's latency end to end, in real headless Chromium with the synthetic headset: from the
// host time of the newest sample in the analysed window to the moment the changed audio leaves the
// output (the worklet's frame of the first quantum that applies the update, mapped to the performance
// clock with getOutputTimestamp(), the limiter's look-ahead added), p50 / p95 / p99 over the updates
// of TRAIN_MS of training with the default mapping. Baseline, same run, interleaved: the bare output
// path, an event posted from the page straight to the worklet -> the same output moment, no analysis.
// Beside them, never added in: the analysed window and its own delay, the analysis filters' group
// delay, and the headset's packetisation. Target: loop p95 <= 50 ms (window and filter delay apart).
// Prints one JSON line per figure. Needs the built app (dist/); builds it when missing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, repoRoot, startServer } from '../tests/browser/harness.ts';
import { probeOutputPath, renderedLatency, reportedDelays, startLoop } from '../tests/browser/loop-helpers.ts';

const WARMUP_MS = 3000;
const TRAIN_MS = 30_000;
const PROBE_EVERY_MS = 250;
/** The target from issue 12: sample arrival -> output, p95, ms. */
const TARGET_P95_MS = 50;

const round = (x: number) => Math.round(x * 10) / 10;

export async function run(): Promise<void> {
  if (!existsSync(path.join(repoRoot, 'dist/index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
  }
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/connect`);
    const rateHz = Number(await page.locator('#synth-rate').inputValue());
    await startLoop(page, server.url);
    await page.waitForTimeout(WARMUP_MS);
    const probe = await probeOutputPath(page, Math.round(TRAIN_MS / PROBE_EVERY_MS), PROBE_EVERY_MS);
    const loop = await renderedLatency(page);
    const delays = await reportedDelays(page);
    for (const p of ['p50Ms', 'p95Ms', 'p99Ms'] as const) {
      console.log(
        JSON.stringify({
          bench: 'loop',
          scenario: 'synthetic-default-mapping',
          metric: `sample_to_output_${p}`,
          value: round(loop[p]),
          baseline: round(probe[p]),
          baseline_is: 'event posted straight to the worklet -> output (no analysis)',
          ratio: round(loop[p] / probe[p]),
          updates: loop.count,
          probes: probe.count,
          ...(p === 'p95Ms' && { target_max: TARGET_P95_MS, met: loop.p95Ms <= TARGET_P95_MS }),
        }),
      );
    }
    console.log(
      JSON.stringify({
        bench: 'loop',
        metric: 'analysis_window_ms',
        value: delays.windowSec * 1000,
        own_delay_ms: delays.windowDelayMs,
        added: false,
      }),
    );
    console.log(JSON.stringify({ bench: 'loop', metric: 'filter_group_delay_ms', value: delays.filterDelayMs, added: false }));
    const frames = Math.max(1, Math.round(rateHz / 32)); // the synthetic headset's packet (synthetic-source.ts)
    console.log(
      JSON.stringify({
        bench: 'loop',
        metric: 'device_packet_ms',
        value: round((frames / rateHz) * 1000),
        frames_per_packet: frames,
        sample_rate_hz: rateHz,
        muse_ms: round((12 / 256) * 1000),
        added: false,
      }),
    );
    await page.getByRole('button', { name: 'Stop training' }).click();
  } finally {
    await browser.close();
    await server.stop();
  }
}
