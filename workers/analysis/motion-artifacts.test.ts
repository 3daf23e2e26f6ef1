import { expect, test } from 'vitest';
import { MOTION_RANGE_G } from './artifact-gate.ts';
import { MotionArtifacts } from './motion-artifacts.ts';

const RATE_HZ = 50;
const T0_MS = 1_700_000_000_000;

/** Synthetic accelerometer at 50 Hz: gravity on Z, a 0.004 g sway on X, and a nod (±0.15 g on Y, 2 Hz square) from `nodFrom` to `nodTo` s. */
function accel(seconds: number, nodFrom = Number.NaN, nodTo = Number.NaN, firstSample = 0): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < seconds * RATE_HZ; i++) {
    const t = i / RATE_HZ;
    const nod = t >= nodFrom && t < nodTo ? ((t - nodFrom) % 0.5 < 0.25 ? 0.15 : -0.15) : 0;
    out.push(firstSample + i, T0_MS + ((firstSample + i) * 1000) / RATE_HZ, 0.004 * Math.sin(2 * Math.PI * 0.3 * t), nod, 1);
  }
  return Float64Array.from(out);
}

/** Pushed 2 frames at a time, as the worker drains a 50 Hz stream every 40 ms; the reports in order. */
function drainInTwos(tracker: MotionArtifacts, frames: Float64Array) {
  const reports = [];
  for (let f = 0; f < frames.length; f += 2 * 5) reports.push(...tracker.push(frames.subarray(f, f + 2 * 5)).map((s) => ({ ...s })));
  return reports;
}

test('a still head gives no movement', () => {
  expect(drainInTwos(new MotionArtifacts(3, RATE_HZ), accel(10))).toEqual([]);
});

test('a nod from 2.0 to 3.0 s is one movement from its first block, growing until the head is still', () => {
  const reports = drainInTwos(new MotionArtifacts(3, RATE_HZ), accel(6, 2, 3));
  expect(reports.length).toBeGreaterThan(1);
  // Blocks of 13 samples (0.26 s): the nod (samples 100..149) begins in the block of samples 91..103 and
  // ends in that of 143..155, so the movement is 1.82 s to 3.12 s; every report is that one movement.
  expect(new Set(reports.map((r) => r.startMs))).toEqual(new Set([T0_MS + 1820]));
  const last = reports.at(-1)!;
  expect(last.endMs).toBe(T0_MS + 3120);
  expect(last.peakRangeG).toBeCloseTo(0.3, 9);
  expect(last.thresholdG).toBe(MOTION_RANGE_G);
  expect(reports.map((r) => r.endMs)).toEqual([...reports.map((r) => r.endMs)].sort((a, b) => a - b));
});

test('two nods apart are two movements; a gap in the samples starts a fresh block', () => {
  const tracker = new MotionArtifacts(3, RATE_HZ);
  const first = drainInTwos(tracker, accel(4, 1, 1.5));
  // 0.1 s lost, then a second nod: the block holding the gap is not judged across it.
  const second = drainInTwos(tracker, accel(4, 2, 2.5, 205));
  expect(new Set(first.map((r) => r.startMs)).size).toBe(1);
  expect(new Set(second.map((r) => r.startMs)).size).toBe(1);
  // Blocks restart at sample 205 (the first after the gap): the nod from sample 305 falls in the block 296..308.
  expect(second[0]!.startMs).toBe(T0_MS + 296 * 20);
});

test('a bad sample rate is refused with what and where', () => {
  expect(() => new MotionArtifacts(3, 0)).toThrow('motion artifacts: sample rate must be positive, got 0');
});
