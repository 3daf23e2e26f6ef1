// Neurofeedback mapping driven by synthetic analysis feeds (no headset: a feed of analysis frames
// is exactly what the mapping consumes, so nothing is mocked below it).
import { describe, expect, it } from 'vitest';
import { calibrate, makeLatencyMeter, makeNeurofeedback, toEvents, type AnalysisFrame } from './neurofeedback.ts';

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
