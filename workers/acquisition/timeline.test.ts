// Timeline behaviour, driven by the synthetic headset on a virtual clock (fast-forward) through the
// same AcquisitionSession the worker uses. Host arrival times carry random latency to model a radio link.
import { describe, expect, test } from 'vitest';
import { AcquisitionSession } from './acquisition-session.ts';
import { StreamTimeline } from './stream-timeline.ts';
import { createSyntheticDecoder } from '../devices/synthetic/packets.ts';
import { syntheticDescriptor } from '../devices/synthetic/descriptor.ts';
import { SyntheticSource, type SyntheticOptions } from '../devices/synthetic/synthetic-source.ts';
import { createRingBuffer, RingReader, RingWriter } from '../ring/spsc-ring.ts';
import { frameWidth, makeStream } from '../protocol/streams.ts';

function rig(options: SyntheticOptions) {
  const source = new SyntheticSource(options);
  const session = new AcquisitionSession(
    'session-1',
    syntheticDescriptor(source.channelCount, source.sampleRateHz),
    createSyntheticDecoder(source.channelCount),
  );
  const width = frameWidth(source.channelCount);
  const sab = createRingBuffer(8192, width);
  session.addSink('eeg', new RingWriter(sab));
  const reader = new RingReader(sab);
  const frames = { count: 0, lastIndex: -1, ordered: true };
  const drain = () => {
    const data = reader.drain();
    for (let f = 0; f < data.length / width; f++) {
      const index = data[f * width]!;
      if (index <= frames.lastIndex) frames.ordered = false;
      frames.lastIndex = index;
      frames.count++;
    }
  };
  const run = (untilMs: number, stepMs = 10_000) => {
    for (let t = stepMs; t <= untilMs; t += stepMs) {
      source.advanceTo(t, (p) => session.ingest(p.source, p.bytes, p.arrivalMs));
      drain();
    }
  };
  return { source, session, frames, run, reader };
}

describe('timeline with the synthetic headset', () => {
  test('60 min at 256 Hz, fast-forwarded: exactly 921,600 samples per channel, in order, no gaps', () => {
    const { session, frames, run } = rig({ channelCount: 4, sampleRateHz: 256, jitterMs: 15, seed: 11 });
    run(60 * 60 * 1000, 20_000);
    const [eeg] = session.streamStats();
    expect(eeg!.samples).toBe(921_600);
    expect(frames.count).toBe(921_600);
    expect(frames.lastIndex).toBe(921_599);
    expect(frames.ordered).toBe(true);
    expect(session.gaps).toEqual([]);
    expect(eeg!.lostSamples).toBe(0);
  });

  test('a 0.25% fast device clock is measured within 0.01 Hz after 60 s, despite arrival jitter', () => {
    const { session, run } = rig({ sampleRateHz: 256, clockDrift: 0.0025, jitterMs: 20, seed: 5 });
    run(60_000, 1000);
    const rate = session.streamStats()[0]!.measuredRateHz!;
    expect(Math.abs(rate - 256 * 1.0025)).toBeLessThan(0.01);
  });

  test('fitted host times remove jitter: residuals far below the 20 ms arrival jitter', () => {
    const { run, reader, session } = rig({ sampleRateHz: 256, jitterMs: 20, seed: 9 });
    run(30_000, 1000);
    // After the fit settles, each sample's fitted time must lie on a straight line at 1000/256 ms per sample.
    const fit = session.timeline('eeg')!.fit;
    const t0 = fit.hostTimeMs(0);
    const t1 = fit.hostTimeMs(256 * 25);
    expect(Math.abs(t1 - t0 - 25_000)).toBeLessThan(2);
    void reader;
  });

  test('a forced 5 s disconnect gives one gap of 1280 ± 12 samples and the same session id', () => {
    const { source, session, run } = rig({ sampleRateHz: 256, jitterMs: 10, seed: 4 });
    run(20_000, 1000);
    source.disconnectUntil(25_000);
    session.markDisconnected();
    run(60_000, 1000);
    expect(session.sessionId).toBe('session-1');
    // One gap per stream: the EEG's and the accelerometer's, both 5 s.
    expect(session.gaps.map((g) => [g.streamId, g.cause])).toEqual([
      ['eeg', 'disconnect'],
      ['accel', 'disconnect'],
    ]);
    expect(Math.abs(session.gaps[0]!.lengthSamples - 1280)).toBeLessThanOrEqual(12);
    expect(Math.abs(session.gaps[1]!.lengthSamples - 250)).toBeLessThanOrEqual(5);
  });

  test('random packet drops become gaps whose lengths add up to exactly the dropped samples', () => {
    const { source, session, run, frames } = rig({ sampleRateHz: 250, channelCount: 8, dropProbability: 0.02, jitterMs: 5, seed: 21 });
    run(120_000, 1000);
    const stats = session.streamStats()[0]!;
    // every sample index up to the last one delivered is either a frame in the ring or inside a gap record
    expect(frames.count + stats.lostSamples).toBe(frames.lastIndex + 1);
    expect(session.gaps.filter((g) => g.streamId === 'eeg').reduce((n, g) => n + g.lengthSamples, 0)).toBe(stats.lostSamples);
    expect(stats.lostSamples % source.framesPerPacket).toBe(0);
    expect(stats.lostSamples / source.framesPerPacket).toBeGreaterThan(source.droppedPackets - 3); // the last drops may still be open
    expect(stats.lostSamples / source.framesPerPacket).toBeLessThanOrEqual(source.droppedPackets);
    expect(session.gaps.every((g) => g.cause === 'packet-loss')).toBe(true);
    // The packets that arrived, each of the source's size: the packetisation reported beside the loop latency.
    expect(stats.samples / stats.packets).toBe(source.framesPerPacket);
  });
});

describe('sequence unwrapping', () => {
  const stream = makeStream('eeg', 'eeg', ['a'], 'uV', 256);
  test('Muse 16-bit counter wraps ffff -> 0000 without a gap (M10); a step back is stale, not a gap', () => {
    const t = new StreamTimeline(stream);
    expect(t.accept(0xfffe, 65536, 12, 0)!.gap).toBeNull();
    expect(t.accept(0xffff, 65536, 12, 46.875)!.gap).toBeNull();
    expect(t.accept(0x0000, 65536, 12, 93.75)).toEqual({ startSample: 24, gap: null });
    expect(t.accept(0xfffd, 65536, 12, 95)).toBeNull();
    expect(t.stats.duplicates).toBe(1);
  });

  test('Cyton 8-bit counter: 255 -> 0 is no drop (C5); 10 -> 13 is 2 lost samples', () => {
    const t = new StreamTimeline({ ...stream, sampleRateHz: 250 });
    t.accept(254, 256, 1, 0);
    t.accept(255, 256, 1, 4);
    expect(t.accept(0, 256, 1, 8)!.gap).toBeNull();
    for (let c = 1; c <= 10; c++) t.accept(c, 256, 1, 8 + 4 * c);
    expect(t.accept(13, 256, 1, 8 + 4 * 13)!.gap!.lengthSamples).toBe(2);
  });

  test('Cyton loss longer than a counter wrap (300 packets) is measured with the clock, not mistaken for 44', () => {
    const t = new StreamTimeline({ ...stream, sampleRateHz: 250 });
    for (let c = 0; c < 750; c++) t.accept(c % 256, 256, 1, c * 4); // 3 s, fit ready
    const placed = t.accept((750 + 300) % 256, 256, 1, (750 + 300) * 4);
    expect(placed!.gap!.lengthSamples).toBe(300);
  });
});

describe('bursts after a host stall', () => {
  test('a Cyton chunk holding 3 s of buffered packets is placed without inventing counter wraps', async () => {
    const { AcquisitionSession } = await import('./acquisition-session.ts');
    const { createCytonDecoder } = await import('../devices/cyton/decode.ts');
    const { cytonDescriptor } = await import('../devices/cyton/descriptor.ts');
    const session = new AcquisitionSession('s', cytonDescriptor(false), createCytonDecoder(false));
    const packet = (n: number) => {
      const b = new Uint8Array(33);
      b[0] = 0xa0;
      b[1] = n & 255;
      b[32] = 0xc1;
      return b;
    };
    let n = 0;
    for (; n < 1000; n++) session.ingest('serial', packet(n), n * 4); // 4 s streaming, one packet per read
    // the page stalls for 3 s; then 750 buffered packets arrive in one chunk
    const burst = new Uint8Array(33 * 750);
    for (let i = 0; i < 750; i++, n++) burst.set(packet(n), i * 33);
    session.ingest('serial', burst, (n - 1) * 4);
    expect(session.gaps).toEqual([]);
    expect(session.streamStats()[0]!.samples).toBe(1750);
    // whereas a real radio dropout of 300 packets (no burst: the next packet arrives on time) is a gap of 300
    n += 300;
    session.ingest('serial', packet(n), n * 4);
    const eegGaps = session.gaps.filter((g) => g.streamId === 'eeg');
    expect(eegGaps).toHaveLength(1);
    expect(eegGaps[0]!.lengthSamples).toBe(300);
  });
});
