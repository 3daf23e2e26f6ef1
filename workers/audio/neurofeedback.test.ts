// Neurofeedback mapping driven by synthetic analysis feeds (no headset: a feed of analysis frames
// is exactly what the mapping consumes, so nothing is mocked below it).
import { describe, expect, it } from 'vitest';
import { bandsMoved, calibrate, makeLatencyMeter, makeNeurofeedback, scoreProbability, toEvents, type AnalysisFrame } from './neurofeedback.ts';

/** Frames every 100 ms with relative alpha `alpha(t)`, deterministic jitter, quality `q(t)`. */
function feed(seconds: number, alpha: (t: number) => number, q: (t: number) => number = () => 1, t0 = 0): AnalysisFrame[] {
  const frames: AnalysisFrame[] = [];
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
  for (let i = 0; i < seconds * 10; i++) {
    const t = t0 + i / 10;
    frames.push({
      deviceTimeMs: t * 1000,
      relativeAlpha: alpha(t) + rand() * 0.04,
      thetaBetaRatio: 2 - alpha(t) * 2 + rand() * 0.1,
      signalQuality: q(t),
      filterDelayMs: 250,
    });
  }
  return frames;
}

const calibration = calibrate(
  feed(10, () => 0.2),
  feed(10, () => 0.6),
  'relaxation',
);

describe('neurofeedback mapping', () => {
  it('calibrates from eyes open / eyes closed and refuses conditions that do not differ', () => {
    expect(calibration.zeroAt).toBeCloseTo(0.2, 1);
    expect(calibration.oneAt).toBeCloseTo(0.6, 1);
    expect(() =>
      calibrate(
        feed(10, () => 0.3),
        feed(10, () => 0.3),
        'relaxation',
      ),
    ).toThrow(/do not differ/);
    expect(() =>
      calibrate(
        feed(
          10,
          () => 0.3,
          () => 0.1,
        ),
        feed(10, () => 0.6),
        'relaxation',
      ),
    ).toThrow(/at least 5 good-quality frames/);
    const focus = calibrate(
      feed(10, () => 0.2),
      feed(10, () => 0.6),
      'focus',
    );
    // Focus: score 0 at the eyes-closed metric, 1 at eyes open (-ln theta/beta of each condition).
    expect(focus.zeroAt).toBeCloseTo(-Math.log(0.8), 1);
    expect(focus.oneAt).toBeCloseTo(-Math.log(1.6), 1);
  });

  it('an alpha step lowers the noise bed and brings rewards (up-training)', () => {
    const nf = makeNeurofeedback({ calibration, threshold: 0.5 });
    const outs = feed(10, (t) => (t < 5 ? 0.25 : 0.55)).map((f) => nf.update(f));
    const before = outs.slice(20, 50);
    const after = outs.slice(60, 100);
    expect(mean(before.map((o) => o.noiseLevel))).toBeGreaterThan(0.25);
    expect(mean(after.map((o) => o.noiseLevel))).toBeLessThan(0.1);
    expect(before.filter((o) => o.rewarded).length).toBe(0);
    expect(after.filter((o) => o.rewarded).length).toBeGreaterThan(35);
    expect(after.some((o) => o.chime)).toBe(true); // 2 s of continuous reward
    expect(outs.every((o) => o.filterDelayMs === 250)).toBe(true);
  });

  it('down-training rewards the opposite direction', () => {
    const nf = makeNeurofeedback({ calibration, direction: 'down', threshold: 0.5 });
    const outs = feed(4, () => 0.25).map((f) => nf.update(f));
    expect(outs.slice(5).every((o) => o.rewarded)).toBe(true);
    expect(outs.at(-1)!.noiseLevel).toBeLessThan(0.1);
  });

  it('auto-threshold converges to the target reward rate', () => {
    const nf = makeNeurofeedback({ calibration, threshold: 0.0, targetRewardRate: 0.3, rateWindowSec: 10 });
    const outs = feed(300, (t) => 0.4 + 0.1 * Math.sin(t * 0.7)).map((f) => nf.update(f));
    const late = outs.slice(-1000);
    const rate = late.filter((o) => o.rewarded).length / late.length;
    expect(Math.abs(rate - 0.3)).toBeLessThan(0.08);
    expect(nf.threshold).toBeGreaterThan(0.3); // it had to rise from 0
  });

  it('pauses audibly and visibly while signal quality is low, resumes after 1 s of good signal', () => {
    const nf = makeNeurofeedback({ calibration });
    const outs = feed(
      6,
      () => 0.55,
      (t) => (t >= 2 && t < 3 ? 0.2 : 1),
    ).map((f) => nf.update(f));
    const at = (t: number) => outs[Math.round(t * 10)]!;
    expect(at(1.5).paused).toBe(false);
    expect(at(2.5).paused).toBe(true);
    expect(at(2.5).masterGain).toBeLessThan(0.5);
    expect(at(2.5).rewarded).toBe(false);
    expect(at(3.5).paused).toBe(true); // only 0.5 s of good signal
    expect(at(4.2).paused).toBe(false);
    expect(toEvents(at(2.5)).find((e) => e.type === 'param' && e.voice === 'master')).toMatchObject({ value: 0.25 });
  });

  it('latency meter reports percentiles', () => {
    const meter = makeLatencyMeter();
    for (let i = 1; i <= 100; i++) meter.record(1000 * i, 1000 * i + i);
    expect(meter.percentile(50)).toBe(50);
    expect(meter.percentile(95)).toBe(95);
  });
});

function mean(xs: number[]) {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('the score as a probability', () => {
  // Known distributions: eyes open N(0.2, 0.05²), eyes closed N(0.4, 0.05²), 20 frames each.
  const known = {
    target: 'relaxation' as const,
    zeroAt: 0.2,
    oneAt: 0.4,
    open: { mean: 0.2, sd: 0.05, frames: 20 },
    closed: { mean: 0.4, sd: 0.05, frames: 20 },
    bands: { open: { alpha: 0.2, beta: 0.3, theta: 0.2 }, closed: { alpha: 0.4, beta: 0.25, theta: 0.2 } },
  };
  const logistic = (z: number) => 1 / (1 + Math.exp(-z));

  it('is the linear discriminant posterior: one half midway, logistic with slope (μ1-μ0)/σ²', () => {
    expect(scoreProbability(known, [0.3], 4, 0.5)!.p).toBeCloseTo(0.5, 12);
    expect(scoreProbability(known, [0.4], 4, 0.5)!.p).toBeCloseTo(logistic(80 * 0.1), 12);
    expect(scoreProbability(known, [0.2], 4, 0.5)!.p).toBeCloseTo(logistic(-80 * 0.1), 12);
    // Focus: the score's 1 is eyes open, so the same distributions swap sides.
    const focus = { ...known, target: 'focus' as const, zeroAt: 0.4, oneAt: 0.2 };
    expect(scoreProbability(focus, [0.2], 4, 0.5)!.p).toBeCloseTo(logistic(80 * 0.1), 12);
  });

  it('has its 95 % interval from the standard error of the recent frames over their independent windows', () => {
    // Three frames, 0.5 s apart, of a 4 s window: 5 s covered = 1.25 windows; fewer than 4 frames use σ.
    const few = scoreProbability(known, [0.3, 0.3, 0.3], 4, 0.5)!;
    const half = (1.96 * 0.05) / Math.sqrt(1.25);
    expect(few.low).toBeCloseTo(logistic(-80 * half), 12);
    expect(few.high).toBeCloseTo(logistic(80 * half), 12);
    // 17 frames over 12 s = 3 windows, their own spread: a narrower interval around their mean.
    const steady = Array.from({ length: 17 }, (_, i) => 0.35 + (i % 2 ? 0.01 : -0.01));
    const many = scoreProbability(known, steady, 4, 0.5)!;
    const m = steady.reduce((a, b) => a + b) / 17;
    const s = Math.sqrt(steady.reduce((a, x) => a + (x - m) ** 2, 0) / 16);
    expect(many.p).toBeCloseTo(logistic(80 * (m - 0.3)), 12);
    expect(many.low).toBeCloseTo(logistic(80 * (m - 0.3 - (1.96 * s) / Math.sqrt(3))), 12);
    expect(many.high).toBeCloseTo(logistic(80 * (m - 0.3 + (1.96 * s) / Math.sqrt(3))), 12);
    expect(many.high - many.low).toBeLessThan(few.high - few.low);
  });

  it('covers the true posterior about 95 % of the time for frames drawn from a known level', () => {
    // Independent windows (hop = window) drawn around m = 0.32 with σ = 0.05: P at the true level.
    let seed = 7;
    const normal = () => {
      const u = ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
      const v = ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    };
    const truth = logistic(80 * (0.32 - 0.3));
    let covered = 0;
    for (let run = 0; run < 400; run++) {
      const frames = Array.from({ length: 30 }, () => 0.32 + 0.05 * normal());
      const r = scoreProbability(known, frames, 4, 4)!;
      if (r.low <= truth && truth <= r.high) covered++;
    }
    expect(covered / 400).toBeGreaterThan(0.9);
    expect(covered / 400).toBeLessThan(0.99);
  });

  it('needs the baseline spread: an old calibration without it gives none', () => {
    expect(scoreProbability({ target: 'relaxation', zeroAt: 0.2, oneAt: 0.4 }, [0.3], 4, 0.5)).toBeNull();
  });

  it('says which bands moved against the eyes-open baseline, largest first, from 20 %', () => {
    expect(bandsMoved(known, { alpha: 0.33, beta: 0.2, theta: 0.21 })).toEqual([
      { band: 'alpha', now: 0.33, baseline: 0.2, change: expect.closeTo(0.65, 12) },
      { band: 'beta', now: 0.2, baseline: 0.3, change: expect.closeTo(-1 / 3, 12) },
    ]);
  });

  it('is given with each training output, reset by a pause', () => {
    const loop = makeNeurofeedback({ calibration: known, windowSec: 4, hopSec: 0.1 });
    const frame = (ms: number, alpha: number, q = 1): AnalysisFrame => ({
      deviceTimeMs: ms,
      relativeAlpha: alpha,
      thetaBetaRatio: 1,
      signalQuality: q,
      channels: { AF7: { quality: q, relative: { delta: 0.2, theta: 0.2, alpha, beta: 0.3, gamma: 0.1 } } },
    });
    let out = loop.update(frame(0, 0.4));
    for (let t = 100; t <= 2000; t += 100) out = loop.update(frame(t, 0.4));
    expect(out.probability!.frames).toBe(21);
    expect(out.probability!.p).toBeCloseTo(logistic(8), 12);
    expect(out.moved.map((m) => m.band)).toEqual(['alpha']);
    out = loop.update(frame(2100, 0.4, 0.1));
    expect([out.paused, out.probability, out.moved]).toEqual([true, null, []]);
  });
});
