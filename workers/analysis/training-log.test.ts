// The training log keeps what the session summary needs from the engine's statuses: a point per
// second, pauses merged while their reason holds, the whole training's latency histogram and the
// latest entrainment verdict; a new training starts a new log.
import { expect, test } from 'vitest';
import type { FeedbackOutput } from '../audio/neurofeedback.ts';
import type { NeurofeedbackStatus } from './neurofeedback-engine.ts';
import { makeTrainingLog } from './training-log.ts';

const T0 = 1_700_000_000_000;

function status(
  atSec: number,
  o: { score?: number; paused?: boolean; reason?: string; updates?: number; latencyBins?: number[] } = {},
): NeurofeedbackStatus {
  const output = {
    deviceTimeMs: T0 + atSec * 1000,
    score: o.score ?? 0.6,
    threshold: 0.5,
    rewarded: (o.score ?? 0.6) >= 0.5 && !o.paused,
    paused: o.paused ?? false,
    probability: o.paused ? null : { p: 0.7, low: 0.55, high: 0.82, frames: 16 },
    ...(o.reason ? { pauseReason: o.reason } : {}),
  } as unknown as FeedbackOutput;
  const counts = o.latencyBins ?? [0, 0, 3, 1];
  return {
    attached: true,
    phase: 'training',
    calibrationFrames: { open: 40, closed: 40 },
    calibrationLeftSec: 0,
    calibration: { target: 'relaxation', zeroAt: 0.2, oneAt: 0.5 } as NeurofeedbackStatus['calibration'],
    output,
    updates: o.updates ?? 4,
    latency: {
      p50Ms: 25,
      p95Ms: 38,
      p99Ms: 38,
      count: counts.reduce((a, b) => a + b, 0),
      histogram: { binMs: 10, counts },
      windowMs: 2000,
      windowDelayMs: 1000,
      filterDelayMs: 120,
    },
    analysedFrames: 10,
    error: null,
    mapping: null,
    schedule: null,
    entrainment: null,
  };
}

test('a point per second, with the score, its interval and whether it was in target', () => {
  const log = makeTrainingLog();
  log.start(T0);
  for (let t = 0.5; t <= 5; t += 0.5) log.record(status(t, { score: t < 3 ? 0.7 : 0.3 }), T0 + t * 1000);
  const kept = log.log()!;
  expect(kept.points.map((p) => p.t)).toEqual([0.5, 1.5, 2.5, 3.5, 4.5]);
  expect(kept.points.map((p) => p.inTarget)).toEqual([true, true, true, false, false]);
  expect(kept.points[0]!.probability).toEqual({ p: 0.7, low: 0.55, high: 0.82 });
  expect(kept.durationSec).toBe(5);
  expect(kept.target).toBe('relaxation');
  expect(kept.threshold).toBe(0.5);
  expect(kept.latency).toMatchObject({ binMs: 10, counts: [0, 0, 3, 1], count: 4, windowMs: 2000, filterDelayMs: 120 });
});

test('a pause lasts while its reason holds; a new reason starts a new pause', () => {
  const log = makeTrainingLog();
  log.start(T0);
  const at = (t: number, o: Parameters<typeof status>[1]) => log.record(status(t, o), T0 + t * 1000);
  at(1, {});
  at(2, { paused: true, reason: 'blink' });
  at(2.5, { paused: true, reason: 'blink' });
  at(3, { paused: true, reason: 'movement' });
  at(4, {});
  at(5, { paused: true }); // the engine gave no reason: its signal-quality gate
  at(6, {});
  expect(log.log()!.pauses).toEqual([
    { reason: 'blink', startSec: 2, endSec: 3 },
    { reason: 'movement', startSec: 3, endSec: 4 },
    { reason: 'poor signal quality', startSec: 5, endSec: 6 },
  ]);
  expect(
    log
      .log()!
      .points.filter((p) => p.paused)
      .map((p) => p.t),
  ).toEqual([2, 3, 5]);
});

test('statuses outside a training are not logged; start() begins a new log', () => {
  const log = makeTrainingLog();
  log.record(status(1), T0 + 1000);
  expect(log.log()).toBeNull();
  log.start(T0);
  log.record(status(1), T0 + 1000);
  log.record({ ...status(2), phase: 'idle' }, T0 + 2000);
  log.stop();
  log.record(status(3), T0 + 3000);
  expect(log.log()!.points).toHaveLength(1);
  log.start(T0 + 10_000);
  expect(log.log()!.points).toHaveLength(0);
  expect(log.log()!.startedAtMs).toBe(T0 + 10_000);
});

test('the latest entrainment verdict is kept, and not replaced by "not enough data" later', () => {
  const log = makeTrainingLog();
  log.start(T0);
  const result = { verdict: 'following' } as unknown as NonNullable<NeurofeedbackStatus['entrainment']>['result'];
  log.record({ ...status(1), entrainment: { beatHz: 10, seconds: 30, result, words: 'Following the 10 Hz beat' } }, T0 + 1000);
  log.record({ ...status(2), entrainment: { beatHz: 9, seconds: 1, result: null, words: 'Not enough data yet' } }, T0 + 2000);
  expect(log.log()!.entrainment).toEqual({ beatHz: 10, words: 'Following the 10 Hz beat', result });
});
