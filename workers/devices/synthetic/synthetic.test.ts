import { describe, expect, test } from 'vitest';
import { SyntheticSource } from './synthetic-source.ts';
import { createSyntheticDecoder } from './packets.ts';
import { EegModel } from './eeg-model.ts';
import type { DecodedPacket } from '../decoded.ts';

function collect(source: SyntheticSource, untilMs: number): Float64Array[] {
  const decoder = createSyntheticDecoder(source.channelCount);
  const out: Float64Array[] = [];
  source.advanceTo(untilMs, (p) =>
    decoder.feed(
      'synthetic',
      p.bytes,
      (x: DecodedPacket) => out.push(x.values),
      () => {},
    ),
  );
  return out;
}

/** Power of `x` at `hz` (single-bin DFT, per sample). */
function powerAt(x: number[], hz: number, fs: number): number {
  let re = 0,
    im = 0;
  x.forEach((v, i) => {
    re += v * Math.cos((2 * Math.PI * hz * i) / fs);
    im += v * Math.sin((2 * Math.PI * hz * i) / fs);
  });
  return (re * re + im * im) / x.length;
}

describe('synthetic headset', () => {
  test('same seed gives the same bytes; another seed does not', () => {
    const a = collect(new SyntheticSource({ seed: 7 }), 2000);
    const b = collect(new SyntheticSource({ seed: 7 }), 2000);
    const c = collect(new SyntheticSource({ seed: 8 }), 2000);
    expect(a.length).toBe(64);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  test('eyes-closed blocks carry much more 10 Hz alpha than eyes-open blocks; frontal channels blink', () => {
    const fs = 256;
    const model = new EegModel({ labels: ['AF7', 'O1'], sampleRateHz: fs, seed: 3, mainsHz: 50 });
    const out = new Float64Array(40 * fs * 2);
    model.generate(40 * fs, out);
    const ch = (c: number, from: number, to: number) => Array.from({ length: (to - from) * fs }, (_, i) => out[(from * fs + i) * 2 + c]!);
    const openAlpha = powerAt(ch(1, 2, 18), 10, fs);
    const closedAlpha = powerAt(ch(1, 22, 38), 10, fs);
    expect(closedAlpha).toBeGreaterThan(20 * openAlpha);
    const frontalPeak = Math.max(...ch(0, 0, 18).map(Math.abs));
    const occipitalPeak = Math.max(...ch(1, 0, 18).map(Math.abs));
    expect(frontalPeak).toBeGreaterThan(100); // blinks (~150 µV)
    expect(occipitalPeak).toBeLessThan(frontalPeak);
    expect(powerAt(ch(1, 2, 18), 50, fs)).toBeGreaterThan(10 * powerAt(ch(1, 2, 18), 47, fs)); // mains line
  });

  test('the accelerometer streams 50 Hz of X, Y, Z in g beside the EEG: gravity on Z, counters of its own, lost with the link', () => {
    const source = new SyntheticSource({ channelCount: 4, sampleRateHz: 256, seed: 4 });
    const decoder = createSyntheticDecoder(4);
    const byStream = new Map<string, DecodedPacket[]>();
    source.disconnectUntil(1000);
    source.advanceTo(3000, (p) =>
      decoder.feed(
        p.source,
        p.bytes,
        (x) => byStream.set(x.streamId, [...(byStream.get(x.streamId) ?? []), x]),
        () => {},
      ),
    );
    const accel = byStream.get('accel')!;
    expect(accel.map((p) => p.seq)).toEqual(Array.from({ length: 21 }, (_, i) => 9 + i)); // 10 packets of 5 per second; those completed before 1 s lost
    expect(byStream.get('eeg')!.length).toBe(65); // 2 s of 8-sample packets from the one completed at 1 s
    const z = accel.flatMap((p) => [...p.values].filter((_, i) => i % 3 === 2));
    expect(Math.min(...z)).toBeGreaterThan(0.95);
    expect(Math.max(...z)).toBeLessThan(1.0);
    expect(decoder.counters.corrupt).toBe(0);
  });

  test('a steered nod swings the accelerometer Y by ±0.2 g for as long as it was asked, and only then', () => {
    const startMs = 1_000_000;
    const source = new SyntheticSource({ channelCount: 4, sampleRateHz: 256, seed: 4 }, startMs);
    source.steerAlpha(startMs + 2000, { nodSec: 1 });
    const decoder = createSyntheticDecoder(4);
    const y: number[] = [];
    source.advanceTo(startMs + 5000, (p) =>
      decoder.feed(
        p.source,
        p.bytes,
        (x) => x.streamId === 'accel' && y.push(...[...x.values].filter((_, i) => i % 3 === 1)),
        () => {},
      ),
    );
    // 50 Hz: sample i is taken at i / 50 s; the nod holds samples 100..149.
    const range = (from: number, to: number) => Math.max(...y.slice(from, to)) - Math.min(...y.slice(from, to));
    expect(range(100, 150)).toBeGreaterThan(0.4);
    // Each half swing is 200 ms: any 0.25 s block of the nod (a motion detector's) holds both signs.
    for (let from = 100; from + 13 <= 150; from++) expect(range(from, from + 13)).toBeGreaterThan(0.39);
    expect(range(0, 100)).toBeLessThan(0.05);
    expect(range(150, 250)).toBeLessThan(0.05);
    expect(() => source.steerAlpha(startMs, { nodSec: 0 })).toThrow('synthetic nod must last (0, 60] s, got 0');
  });

  test('any channel count and rate; drops lose packets but the counter keeps counting', () => {
    const source = new SyntheticSource({ channelCount: 19, sampleRateHz: 500, dropProbability: 0.1, seed: 2 });
    const decoder = createSyntheticDecoder(19);
    const seqs: number[] = [];
    const produced = source.advanceTo(10_000, (p) =>
      decoder.feed(
        's',
        p.bytes,
        (x) => seqs.push(x.seq),
        () => {},
      ),
    );
    expect(seqs.length + source.droppedPackets).toBe(produced);
    expect(source.droppedPackets).toBeGreaterThan(0);
    expect(seqs[seqs.length - 1]).toBeLessThan(produced);
  });
  test('steered at a host time, the alpha step starts at the sample taken then and its peak moves from 10 to 9 Hz', () => {
    const fs = 256;
    const startMs = 1_000_000;
    const source = new SyntheticSource({ channelCount: 4, sampleRateHz: fs, seed: 5, framesPerPacket: 12 }, startMs);
    // Eyes open for the first 20 s: no alpha until it is switched on at 5.5 s, at 9 Hz from 10.5 s.
    const on = source.steerAlpha(startMs + 5500, { alpha: 'on' });
    const slower = source.steerAlpha(startMs + 10_500, { peakHz: 9 });
    expect(on).toEqual({ sample: 1407, hostMs: startMs + (1408 / fs) * 1000 }); // the first sample at or after 5.5 s
    expect(on.hostMs).toBeGreaterThanOrEqual(startMs + 5500);
    expect(source.sampleHostMs(on.sample - 1)).toBeLessThan(startMs + 5500);
    const tp9 = collect(source, startMs + 16_000).flatMap((values) => [...values].filter((_, i) => i % 4 === 0));
    // The 10 Hz power in the 2 s after the step against the 2 s before it.
    const at = (from: number, to: number) => tp9.slice(from, to);
    const before = powerAt(at(on.sample - 2 * fs, on.sample), 10, fs);
    const after = powerAt(at(on.sample, on.sample + 2 * fs), 10, fs);
    expect(after).toBeGreaterThan(10 * before);
    // Exactly at the sample: the unsteered twin gives the same samples up to it and differs from it on.
    const twin = collect(new SyntheticSource({ channelCount: 4, sampleRateHz: fs, seed: 5, framesPerPacket: 12 }, startMs), startMs + 6000).flatMap(
      (v) => [...v].filter((_, i) => i % 4 === 0),
    );
    expect(tp9.slice(0, on.sample)).toEqual(twin.slice(0, on.sample));
    expect(tp9[on.sample]).not.toBe(twin[on.sample]);
    // The spectrum's peak in 7-13 Hz (0.25 Hz steps, 4 s windows) moves from 10 to 9 Hz.
    const peak = (from: number) => {
      const x = at(from, from + 4 * fs);
      let best = 0;
      let bestHz = 0;
      for (let hz = 7; hz <= 13; hz += 0.25) {
        const p = powerAt(x, hz, fs);
        if (p > best) [best, bestHz] = [p, hz];
      }
      return bestHz;
    };
    expect(peak(6 * fs)).toBe(10);
    expect(peak(slower.sample + fs)).toBe(9);
    expect(() => source.steerAlpha(startMs, { peakHz: 200 })).toThrow(/peak alpha must be in \(0, 128\) Hz, got 200/);
    expect(() => source.steerAlpha(Number.NaN, { alpha: 'on' })).toThrow(/finite host time/);
  });
});

test('nextPacketDueMs is the moment the next EEG or accelerometer packet completes', () => {
  // 250 Hz, 8 frames per packet: an EEG packet every 32 ms; the accelerometer's 5 frames at 50 Hz every 100 ms.
  const source = new SyntheticSource({ channelCount: 2, sampleRateHz: 250, framesPerPacket: 8, seed: 1 }, 1000);
  const sources: string[] = [];
  const due = source.nextPacketDueMs();
  expect(due).toBeCloseTo(1032, 9);
  source.advanceTo(due - 0.01, (p) => sources.push(p.source));
  expect(sources).toEqual([]);
  source.advanceTo(due, (p) => sources.push(p.source));
  expect(sources).toEqual(['synthetic']);
  source.advanceTo(1096, (p) => sources.push(p.source));
  expect(source.nextPacketDueMs()).toBeCloseTo(1100, 9); // the accelerometer's, before EEG's 1128
  source.advanceTo(1100, (p) => sources.push(p.source));
  expect(sources.filter((s) => s !== 'synthetic')).toHaveLength(1);
  expect(source.nextPacketDueMs()).toBeCloseTo(1128, 9);
});
