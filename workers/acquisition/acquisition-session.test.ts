// Whole-pipeline robustness: whatever bytes arrive, for every device kind, nothing throws, the counters
// account for the rubbish, and valid packets that follow are still placed on the timeline.
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { AcquisitionSession } from './acquisition-session.ts';
import { createDevicePipeline } from './device-setup.ts';
import type { DeviceSetup } from './acquisition.protocol.ts';
import { MUSE_EEG, museUuid } from '../devices/muse/descriptor.ts';
import { GANGLION_RECEIVE } from '../devices/ganglion/descriptor.ts';
import { ATHENA_DATA_1 } from '../devices/muse-athena/descriptor.ts';
import { createRingBuffer, RingReader, RingWriter } from '../ring/spsc-ring.ts';
import { frameWidth } from '../protocol/streams.ts';

const kinds: DeviceSetup[] = [
  { kind: 'muse' },
  { kind: 'muse', museModel: 'athena', athenaPreset: 'p1041' },
  { kind: 'muse', museModel: 'athena', athenaPreset: 'p21' },
  { kind: 'ganglion', ganglionFirmware: 2 },
  { kind: 'ganglion', ganglionFirmware: 3 },
  { kind: 'cyton' },
  { kind: 'cyton-daisy' },
  { kind: 'synthetic' },
];
const sources = [...MUSE_EEG, museUuid('0001'), museUuid('000a'), ATHENA_DATA_1, GANGLION_RECEIVE, 'serial', 'synthetic', 'unknown'];

test('property: random chunks from random sources never throw in any device pipeline, and what is placed reaches the sink in order', () => {
  // Chunks are random bytes or a well-formed Cyton packet (start byte, counter, 24 data bytes, 6 aux,
  // stop byte) with random contents, so that the Cyton pipelines place samples among the rubbish.
  const cytonPacket = fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ minLength: 30, maxLength: 30 }))
    .map(([counter, body]) => Uint8Array.from([0xa0, counter, ...body, 0xc0]));
  let runsThatPlaced = 0;
  fc.assert(
    fc.property(
      fc.constantFrom(...kinds),
      fc.array(fc.tuple(fc.constantFrom(...sources), fc.oneof(fc.uint8Array({ maxLength: 120 }), cytonPacket)), { maxLength: 40 }),
      (setup, chunks) => {
        const { descriptor, decoder } = createDevicePipeline(setup);
        const session = new AcquisitionSession('p', descriptor, decoder);
        const stream = descriptor.streams[0]!;
        const width = frameWidth(stream.channels.length);
        const ring = createRingBuffer(1 << 14, width);
        session.addSink(stream.id, new RingWriter(ring));
        let t = 0;
        for (const [source, bytes] of chunks) session.ingest(source, bytes, (t += 5));
        const placed = session.streamStats().find((s) => s.streamId === stream.id)!.samples;
        if (placed > 0) runsThatPlaced++;
        // every sample the timeline counts went to the sink, once, at increasing sample indices
        const frames = new RingReader(ring).drain();
        const indices = frames.filter((_, i) => i % width === 0);
        return indices.length === placed && indices.every((x, i) => i === 0 || x > indices[i - 1]!);
      },
    ),
    { numRuns: 300, seed: 20261203 },
  );
  // the property is about something: some runs did place samples
  expect(runsThatPlaced).toBeGreaterThan(10);
});

test('property: after rubbish, valid Cyton packets are all placed, in order', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 200 }).map((b) => b.map((x) => (x === 0xa0 ? 0 : x))),
      (junk) => {
        const { descriptor, decoder } = createDevicePipeline({ kind: 'cyton' });
        const session = new AcquisitionSession('p', descriptor, decoder);
        const ring = createRingBuffer(1024, frameWidth(8));
        session.addSink('eeg', new RingWriter(ring));
        session.ingest('serial', junk, 0);
        for (let n = 0; n < 20; n++) {
          const p = new Uint8Array(33);
          p[0] = 0xa0;
          p[1] = n;
          p[4] = n;
          p[32] = 0xc0;
          session.ingest('serial', p, 4 * (n + 1));
        }
        const frames = new RingReader(ring).drain();
        const indexes = frames.filter((_, i) => i % 10 === 0);
        return indexes.length === 20 && indexes.every((x, i) => x === i) && decoder.counters.skippedBytes === junk.length;
      },
    ),
  );
});

test('a sink with the wrong frame width or an unknown stream is refused with a clear error', () => {
  const { descriptor, decoder } = createDevicePipeline({ kind: 'muse' });
  const session = new AcquisitionSession('p', descriptor, decoder);
  expect(() => session.addSink('eeg', new RingWriter(createRingBuffer(8, 3)))).toThrow(/frame width 3, expected 6/);
  expect(() => session.addSink('ppg', new RingWriter(createRingBuffer(8, 5)))).toThrow(/no stream "ppg".*streams: eeg, accel, gyro/);
});
