// The Live screen's analysis as the live-view worker runs it, with the real ALBI kernels and frames as
// the acquisition worker writes them: nothing before 2 s, a frame per batch of new samples, timed by
// the newest sample's host time, the user's band edges, a one-minute history, and each anomaly once.
import { beforeAll, expect, test } from 'vitest';
import { loadAlbi, type Albi } from '../../dsp-wasm/src/index.ts';
import { HISTORY_SEC, LiveViewAnalysis } from './live-view-analysis.ts';

const RATE = 250;
const LABELS = ['AF7', 'AF8', 'TP9', 'TP10'];
const T0_MS = 1_700_000_000_000;
const bands = { delta: [0.5, 4], theta: [4, 8], alpha: [8, 13], beta: [13, 30], gamma: [30, 45] } as const;
const settings = { bands, mainsHz: 50 as const };
let albi: Albi;
beforeAll(async () => {
  albi = await loadAlbi();
});

/** Frames | index | hostTimeMs | ch.. | of a 10 Hz rhythm (25 µV) in noise; `spikeAt` adds a 900 µV step there. */
function frames(from: number, n: number, spikeAt = -1): Float64Array {
  const width = 2 + LABELS.length;
  const out = new Float64Array(n * width);
  let seed = from + 1;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 8;
  for (let f = 0; f < n; f++) {
    const index = from + f;
    out[f * width] = index;
    out[f * width + 1] = T0_MS + (index * 1000) / RATE;
    for (let c = 0; c < LABELS.length; c++) {
      const spike = spikeAt >= 0 && index >= spikeAt && index < spikeAt + 25 ? 900 : 0;
      out[f * width + 2 + c] = 25 * Math.sin((2 * Math.PI * 10 * index) / RATE + c) + noise() + spike;
    }
  }
  return out;
}

test('needs 2 s after the last gap, then analyses only when new samples came', () => {
  const live = new LiveViewAnalysis(albi, LABELS, RATE);
  live.push(frames(0, 400));
  expect(live.analyse(settings)).toBeNull();
  live.push(frames(400, 200));
  const frame = live.analyse(settings)!;
  expect(frame).not.toBeNull();
  expect(frame.atMs).toBe(T0_MS + (599 * 1000) / RATE);
  expect(frame.psd).toHaveLength(LABELS.length);
  expect(live.analyse(settings)).toBeNull();
  // A gap: the 1 s after it is too short to analyse on its own.
  live.push(frames(1000, 250));
  expect(live.analyse(settings)).toBeNull();
});

test('the spectrum, the user band edges and peak alpha follow the signal', () => {
  const live = new LiveViewAnalysis(albi, LABELS, RATE);
  live.push(frames(0, 1000));
  const frame = live.analyse(settings)!;
  const peakBin = frame.psd[0].indexOf(Math.max(...frame.psd[0]));
  expect(frame.freqsHz[peakBin]).toBeCloseTo(10, 0);
  const relative = frame.userBands!.relative;
  expect(relative.alpha).toBeGreaterThan(0.5);
  expect(relative.alpha).toBeGreaterThan(relative.theta + relative.beta);
  // A narrower "alpha" from Settings holds less of the power than the default 8-13 Hz.
  const narrow = new LiveViewAnalysis(albi, LABELS, RATE);
  narrow.push(frames(0, 1000));
  const narrowFrame = narrow.analyse({ ...settings, bands: { ...bands, alpha: [11, 13] } })!;
  expect(narrowFrame.userBands!.relative.alpha).toBeLessThan(relative.alpha / 2);
});

test('the band history keeps one minute of host time, one point per frame', () => {
  const live = new LiveViewAnalysis(albi, LABELS, RATE);
  let last = null;
  const half = RATE / 2;
  for (let i = 0; i < 160; i++) {
    live.push(frames(i * half, half));
    last = live.analyse(settings) ?? last;
  }
  const history = last!.history;
  const spanMs = history.atMs[history.atMs.length - 1] - history.atMs[0];
  expect(spanMs).toBeLessThanOrEqual(HISTORY_SEC * 1000);
  expect(spanMs).toBeGreaterThan((HISTORY_SEC - 1) * 1000);
  expect(history.atMs).toHaveLength(HISTORY_SEC * 2 + 1);
  expect(history.bands.alpha).toHaveLength(history.atMs.length);
  expect(history.bands.alpha.at(-1)).toBeGreaterThan(0.5);
});

test('an artifact is reported in the frame whose new samples hold it, and not again', () => {
  const live = new LiveViewAnalysis(albi, LABELS, RATE);
  live.push(frames(0, 1000));
  expect(live.analyse(settings)!.freshAnomalies).toEqual([]);
  live.push(frames(1000, 125, 1050));
  const withSpike = live.analyse(settings)!;
  expect(withSpike.freshAnomalies.length).toBeGreaterThan(0);
  expect(new Set(withSpike.freshAnomalies.map((a) => a.channel))).toEqual(new Set(LABELS));
  // The spike is still inside the next 4 s window, but it is not new.
  live.push(frames(1125, 125));
  const next = live.analyse(settings)!;
  expect(next.result.anomalies.length).toBeGreaterThan(0);
  expect(next.freshAnomalies).toEqual([]);
});
