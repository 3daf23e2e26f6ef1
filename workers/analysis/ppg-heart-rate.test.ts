import { describe, expect, test } from 'vitest';
import { estimateHeartRate, getHrv, MIN_PPG_SEC } from './ppg-heart-rate.ts';
import { PPG_WINDOW_SEC, PpgMonitor } from './ppg-monitor.ts';
import { createRandom } from '../devices/synthetic/eeg-model.ts';

const RATE_HZ = 64; // Muse 2/S PPG and Athena optics

/** Seeded uniform numbers in [0, 1) (mulberry32, as the synthetic headset's noise). */
const random = createRandom;
function gaussian(next: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/**
 * One pulse at time 0 (the foot of the upstroke): a fast systolic rise to its peak at 0.12 s, a slower
 * fall, and the dicrotic wave at 0.36 s. Unit peak height.
 */
function pulseShape(t: number): number {
  if (t < -0.05) return 0;
  const systolic = t < 0.12 ? Math.exp(-(((t - 0.12) / 0.055) ** 2)) : Math.exp(-(((t - 0.12) / 0.14) ** 2));
  const dicrotic = 0.35 * Math.exp(-(((t - 0.36) / 0.07) ** 2));
  return systolic + dicrotic;
}

/** RR intervals (ms): breathing-like sinus variation (±60 ms over 4.5 beats) plus beat-to-beat jitter. */
function trueRr(count: number, meanMs: number, seed: number): number[] {
  const jitter = gaussian(random(seed));
  return Array.from({ length: count }, (_, i) => meanMs + 60 * Math.sin((2 * Math.PI * i) / 4.5) + 15 * jitter());
}

/**
 * Synthetic PPG in counts as a reflective sensor gives it: a large offset, the pulse inverted (light
 * falls as blood arrives) with a slowly varying amplitude, baseline wander (breathing 0.25 Hz, drift
 * 0.03 Hz) larger than the pulse, and white noise.
 */
function syntheticPpg(rrMs: number[], options: { noise: number; seed: number; firstBeatSec?: number }) {
  const beats: number[] = [];
  let t = options.firstBeatSec ?? 0.7;
  beats.push(t);
  for (const rr of rrMs) beats.push((t += rr / 1000));
  const n = Math.ceil((t + 0.8) * RATE_HZ);
  const noise = gaussian(random(options.seed));
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ti = i / RATE_HZ;
    let pulse = 0;
    for (const b of beats) if (ti - b > -0.1 && ti - b < 1.2) pulse += pulseShape(ti - b);
    const amplitude = 900 * (1 + 0.2 * Math.sin(2 * Math.PI * 0.07 * ti));
    const wander = 1500 * Math.sin(2 * Math.PI * 0.25 * ti + 0.4) + 2500 * Math.sin(2 * Math.PI * 0.03 * ti);
    x[i] = 250_000 - amplitude * pulse + wander + options.noise * 900 * noise();
  }
  return { x, beats };
}

describe('estimateHeartRate on synthetic PPG with known beats', () => {
  // Noise as a share of the pulse height. At 10 % the band-passed noise moves single beats by about
  // 5 ms (its size over the upstroke's slope), so a few RR differ by up to 2 samples (31 ms) there;
  // the rate and the HRV still hold.
  for (const [name, meanRrMs, noise, seed, maxRrErrorMs] of [
    ['resting, 70 bpm, 5 % noise', 857, 0.05, 1, 10],
    ['slow, 52 bpm, 5 % noise', 1150, 0.05, 2, 10],
    ['fast, 110 bpm, 5 % noise', 545, 0.05, 3, 10],
    ['resting, 75 bpm, 10 % noise', 800, 0.1, 4, 20],
  ] as const) {
    test(name, () => {
      const rr = trueRr(36, meanRrMs, seed);
      const { x, beats } = syntheticPpg(rr, { noise, seed: seed + 100 });
      const hr = estimateHeartRate(x, RATE_HZ);
      if (!hr.ok) throw new Error(`no heart rate: ${hr.reason}`);
      expect(hr.beats).toBe(beats.length);
      const trueBpm = 60000 / (rr.reduce((a, b) => a + b, 0) / rr.length);
      expect(Math.abs(hr.bpm - trueBpm)).toBeLessThan(1);
      expect(hr.rrMs.length).toBe(rr.length);
      const rrErrors = hr.rrMs.map((v, i) => Math.abs(v - rr[i]));
      expect(Math.max(...rrErrors)).toBeLessThan(maxRrErrorMs);
      expect(Math.sqrt(rrErrors.reduce((a, e) => a + e * e, 0) / rrErrors.length)).toBeLessThan(8);
      const truth = getHrv(rr);
      expect(Math.abs(hr.rmssdMs! - truth.rmssdMs!)).toBeLessThan(0.1 * truth.rmssdMs!);
      expect(Math.abs(hr.sdnnMs! - truth.sdnnMs!)).toBeLessThan(0.05 * truth.sdnnMs!);
    });
  }

  test('a pulse of the other sign (a sensor that reports absorption) gives the same beats', () => {
    const rr = trueRr(20, 900, 9);
    const { x } = syntheticPpg(rr, { noise: 0.05, seed: 19 });
    const a = estimateHeartRate(x, RATE_HZ);
    const b = estimateHeartRate(
      x.map((v) => 500_000 - v),
      RATE_HZ,
    );
    if (!a.ok || !b.ok) throw new Error('no heart rate');
    expect(b.beats).toBe(a.beats);
    b.rrMs.forEach((v, i) => expect(Math.abs(v - a.rrMs[i])).toBeLessThan(1e-6));
  });

  test('short gaps (NaN runs up to 0.5 s) are bridged and the beats still found', () => {
    const rr = trueRr(20, 850, 5);
    const { x, beats } = syntheticPpg(rr, { noise: 0.05, seed: 15 });
    x.fill(Number.NaN, 300, 310);
    const hr = estimateHeartRate(x, RATE_HZ);
    if (!hr.ok) throw new Error(hr.reason);
    expect(Math.abs(hr.beats - beats.length)).toBeLessThanOrEqual(1);
    expect(Math.abs(hr.bpm - 60000 / (rr.reduce((a, b) => a + b, 0) / rr.length))).toBeLessThan(1);
  });
});

describe('estimateHeartRate gives no number without a pulse', () => {
  test('a flat channel', () => {
    const hr = estimateHeartRate(new Float64Array(30 * RATE_HZ).fill(262_143), RATE_HZ);
    expect(hr).toEqual({ ok: false, reason: expect.stringMatching(/flat/), beats: 0 });
  });

  test('noise only, 20 seeds: never a heart rate', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const noise = gaussian(random(seed));
      const x = Float64Array.from({ length: 30 * RATE_HZ }, () => 250_000 + 400 * noise());
      const hr = estimateHeartRate(x, RATE_HZ);
      expect(hr.ok, `seed ${seed}`).toBe(false);
      if (!hr.ok) expect(hr.reason).toMatch(/noise|beats/);
    }
  });

  test('noise with baseline wander (a headband on, no contact)', () => {
    const noise = gaussian(random(77));
    const x = Float64Array.from({ length: 30 * RATE_HZ }, (_, i) => 250_000 + 3000 * Math.sin((2 * Math.PI * 0.2 * i) / RATE_HZ) + 300 * noise());
    expect(estimateHeartRate(x, RATE_HZ).ok).toBe(false);
  });
});

describe('estimateHeartRate on bad input: a result with the reason, never a throw', () => {
  test('too short', () => {
    const { x } = syntheticPpg(trueRr(4, 850, 1), { noise: 0.05, seed: 1 });
    const hr = estimateHeartRate(x, RATE_HZ);
    expect(hr).toEqual({ ok: false, reason: expect.stringContaining(`${MIN_PPG_SEC} s are needed`), beats: 0 });
  });
  test('empty, NaN only, a long gap', () => {
    expect(estimateHeartRate([], RATE_HZ)).toEqual({ ok: false, reason: 'no optical samples yet', beats: 0 });
    expect(estimateHeartRate(new Float64Array(900).fill(Number.NaN), RATE_HZ)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/NaN only/),
    });
    const { x } = syntheticPpg(trueRr(20, 850, 1), { noise: 0.05, seed: 1 });
    x.fill(Number.NaN, 400, 500);
    expect(estimateHeartRate(x, RATE_HZ)).toMatchObject({ ok: false, reason: expect.stringMatching(/misses 1\.6 s/) });
  });
  test('an impossible rate', () => {
    for (const rate of [0, -64, Number.NaN, 8])
      expect(estimateHeartRate(new Float64Array(2000), rate)).toMatchObject({ ok: false, reason: expect.stringMatching(/16 Hz/) });
  });
});

describe('getHrv', () => {
  test('RMSSD and SDNN by hand', () => {
    // Successive differences 100, -100, 50: RMSSD = sqrt((10000 + 10000 + 2500) / 3). Mean 837.5, so the
    // deviations are -37.5, 62.5, -37.5, 12.5: SDNN = sqrt(6875 / 3).
    const { rmssdMs, sdnnMs } = getHrv([800, 900, 800, 850]);
    expect(rmssdMs).toBeCloseTo(Math.sqrt(22500 / 3), 10);
    expect(sdnnMs).toBeCloseTo(Math.sqrt(6875 / 3), 10);
    expect(getHrv([800, 900])).toEqual({ rmssdMs: null, sdnnMs: null });
  });
});

describe('PpgMonitor: the live heart rate of an optical stream', () => {
  /** Acquisition frames | sampleIndex | hostTimeMs | ambient | infrared | red | from sample `first`. */
  function frames(first: number, channels: Float64Array[]): Float64Array {
    const n = channels[0].length;
    const out = new Float64Array(n * (2 + channels.length));
    for (let i = 0; i < n; i++) {
      const f = i * (2 + channels.length);
      out[f] = first + i;
      out[f + 1] = 5000 + ((first + i) * 1000) / RATE_HZ;
      channels.forEach((c, k) => (out[f + 2 + k] = c[i]));
    }
    return out;
  }

  test('the pulse channel is found among ambient light and a weak channel; the window is the newest 30 s', () => {
    const rr = trueRr(50, 900, 21);
    const { x } = syntheticPpg(rr, { noise: 0.05, seed: 31 });
    const noise = gaussian(random(41));
    const ambient = x.map(() => 1000 + 50 * noise());
    const weak = x.map((v) => 0.02 * v + 200 * noise());
    const monitor = new PpgMonitor(['ambient', 'infrared', 'red'], RATE_HZ);
    expect(monitor.estimate()).toBeNull();
    monitor.push(frames(0, [ambient, x, weak]));
    const frame = monitor.estimate()!;
    expect(frame.channel).toBe('infrared');
    expect(frame.windowSec).toBe(PPG_WINDOW_SEC);
    expect(frame.atMs).toBe(5000 + ((x.length - 1) * 1000) / RATE_HZ);
    if (!frame.heart.ok) throw new Error(frame.heart.reason);
    // The window holds the beats of its last 30 s only.
    const firstKept = (x.length - PPG_WINDOW_SEC * RATE_HZ) / RATE_HZ;
    let t = 0.7;
    const beats = [t, ...rr.map((v) => (t += v / 1000))].filter((b) => b >= firstKept + 0.1);
    expect(Math.abs(frame.heart.beats - beats.length)).toBeLessThanOrEqual(1);
  });

  test('after a gap only the samples since count: too few gives the reason, not a number', () => {
    const { x } = syntheticPpg(trueRr(30, 850, 22), { noise: 0.05, seed: 32 });
    const monitor = new PpgMonitor(['ambient', 'infrared', 'red'], RATE_HZ);
    monitor.push(frames(0, [x, x, x]));
    expect(monitor.estimate()!.heart.ok).toBe(true);
    monitor.push(frames(x.length + 100, [x.slice(0, 5 * RATE_HZ), x.slice(0, 5 * RATE_HZ), x.slice(0, 5 * RATE_HZ)]));
    const after = monitor.estimate()!;
    expect(after.windowSec).toBe(5);
    expect(after.heart).toMatchObject({ ok: false, reason: expect.stringContaining('8 s are needed') });
  });
});
