import { describe, expect, test } from 'vitest';
import type { JonaStats } from '../../../../workers/audio/jona.main.ts';
import { createRandom } from '../../../../workers/devices/synthetic/eeg-model.ts';
import { makeBeatTracker } from './beat-tap.ts';
import { frameOutputHostMs, makeRenderedLatencyMeter, PROBE_TAG_BASE } from './rendered-latency.ts';

const stats = (lastTag: number, lastTagFrame: number, lastTagSourceMs: number): JonaStats =>
  ({ lastTag, lastTagFrame, lastTagSourceMs, limiterDelayFrames: 72 }) as JonaStats;

describe('loop latency to the rendered audio', () => {
  test('a frame leaves the output where getOutputTimestamp puts it, on the epoch clock', () => {
    // Context time 2.0 s is output at performance.now() 5000 ms: frame 3 s later leaves 3000 ms later.
    expect(frameOutputHostMs(48_000 * 5, 48_000, { contextTime: 2, performanceTime: 5000 }, 1e12)).toBe(1e12 + 8000);
    expect(frameOutputHostMs(0, 48_000, { contextTime: 0, performanceTime: 0 }, 1e12)).toBeNull(); // the clock has not run yet
  });

  test('one latency per tag, from its source sample to the output with the limiter look-ahead; probes apart; an empty table is no figure', () => {
    const meter = makeRenderedLatencyMeter();
    const stamp = { contextTime: 1, performanceTime: 1000 };
    expect(meter.observe(stats(0, 0, 0), 48_000, stamp, 0)).toBeNull(); // the table before the worklet wrote it
    // Applied at frame 48 000 (context 1 s -> performance 1000 ms) + 72 frames (1.5 ms); the sample was at 960 ms.
    expect(meter.observe(stats(1, 48_000, 960), 48_000, stamp, 0)).toBeCloseTo(41.5, 6);
    expect(meter.observe(stats(1, 48_000, 960), 48_000, stamp, 0)).toBeNull(); // the same tag again
    expect(meter.observe(stats(2, 72_000, 1480), 48_000, stamp, 0)).toBeCloseTo(1500 + 1.5 - 1480, 6);
    expect(meter.observe(stats(PROBE_TAG_BASE, 96_000, 1990), 48_000, stamp, 0)).toBeCloseTo(11.5, 6);
    expect(meter.loop()).toEqual({ p50Ms: expect.closeTo(21.5, 6), p95Ms: expect.closeTo(41.5, 6), p99Ms: expect.closeTo(41.5, 6), count: 2 });
    expect(meter.probe().count).toBe(1);
  });

  test('the beat tap measures |fR - fL| on rendered stereo, through the noise bed, and dates the change', () => {
    const fs = 48_000;
    const tracker = makeBeatTracker(fs, 200);
    const random = createRandom(9);
    const seconds = 6;
    const left = new Float32Array(fs * seconds);
    const right = new Float32Array(fs * seconds);
    // 10 Hz beat for 3 s, then 9 Hz (phase-continuous), around a 200 Hz carrier, with 30 % white noise.
    let pl = 0;
    let pr = 0;
    for (let i = 0; i < left.length; i++) {
      const beat = i < 3 * fs ? 10 : 9;
      pl += (2 * Math.PI * (200 - beat / 2)) / fs;
      pr += (2 * Math.PI * (200 + beat / 2)) / fs;
      left[i] = 0.4 * Math.sin(pl) + 0.3 * (random() * 2 - 1);
      right[i] = 0.4 * Math.sin(pr) + 0.3 * (random() * 2 - 1);
    }
    const startMs = 1e12;
    for (let at = 0; at < left.length; at += 256) tracker.push(left.subarray(at, at + 256), right.subarray(at, at + 256), startMs + (at / fs) * 1000);
    const track = tracker.track();
    const near = (ms: number) => track.find((p) => p.hostMs >= startMs + ms)!.beatHz;
    expect(near(1500)).toBeCloseTo(10, 1);
    expect(near(5000)).toBeCloseTo(9, 1);
    // Dated by its window's middle: the first point below 9.5 Hz is within a quarter window of 3 s.
    const first = track.find((p) => p.beatHz < 9.5)!;
    expect(Math.abs(first.hostMs - (startMs + 3000))).toBeLessThan(260);
  });
});
