// The worker's message handling, driven directly (same code the worker runs, without `self`).
import { afterEach, expect, test } from 'vitest';
import { AcquisitionController } from './acquisition-controller.ts';
import type { FromWorker } from './acquisition.protocol.ts';
import { createRingBuffer, RingReader } from '../ring/spsc-ring.ts';
import { PortRingReader } from '../ring/port-ring.ts';
import { frameWidth } from '../protocol/streams.ts';
import type { Recording } from '../formats/recording.ts';

let controller: AcquisitionController | null = null;
afterEach(() => controller?.stop(false));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('synthetic headset streams in real time through the worker path into a SAB ring', async () => {
  const messages: FromWorker[] = [];
  controller = new AcquisitionController((m) => messages.push(m));
  controller.handle({ type: 'start', sessionId: 's1', setup: { kind: 'synthetic', synthetic: { channelCount: 6, sampleRateHz: 256, seed: 3 } } });
  const started = messages.find((m) => m.type === 'started');
  expect(started && started.type === 'started' && started.descriptor.streams[0]!.channels).toHaveLength(6);
  const ring = createRingBuffer(2048, frameWidth(6)) as SharedArrayBuffer;
  controller.handle({ type: 'open-reader', readerId: 'r1', streamId: 'eeg', ring });
  await sleep(600);
  controller.handle({ type: 'stop' });
  const frames = new RingReader(ring).drain();
  const n = frames.length / frameWidth(6);
  expect(n).toBeGreaterThan(256 * 0.3);
  expect(n).toBeLessThan(256 * 0.9);
  for (let f = 1; f < n; f++) expect(frames[f * 8]).toBe(frames[(f - 1) * 8]! + 1); // consecutive indexes
  expect(messages.some((m) => m.type === 'state' && m.state === 'streaming')).toBe(true);
  expect(messages.at(-1)).toEqual({ type: 'stopped' });
});

test('bad setup and unknown streams are reported as error messages, never thrown', () => {
  const messages: FromWorker[] = [];
  controller = new AcquisitionController((m) => messages.push(m));
  controller.handle({ type: 'start', sessionId: 's', setup: { kind: 'synthetic', synthetic: { channelCount: 0 } } });
  expect(messages[0]).toMatchObject({ type: 'error', code: 'bad-setup', message: expect.stringMatching(/channel count/) });
  controller.handle({ type: 'start', sessionId: 's', setup: { kind: 'muse' } });
  controller.handle({ type: 'open-reader', readerId: 'x', streamId: 'nope', ring: createRingBuffer(4, 3) as SharedArrayBuffer });
  expect(messages.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/no stream "nope"/) });
  controller.handle({ type: 'bytes', source: 'garbage', bytes: new Uint8Array([1, 2, 3]).buffer, arrivalMs: 0 });
});

test('playback of a Recording at 20x through the MessagePort fallback keeps the recorded gap as a gap', async () => {
  const rate = 128;
  const samples = Float64Array.from({ length: rate * 4 }, (_, i) => i);
  const recording: Recording = {
    format: 'clisonix-json',
    startTime: null,
    markers: [],
    warnings: [],
    metadata: {},
    channels: [{ label: 'Cz', kind: 'eeg', unit: 'uV', sampleRateHz: rate, samples }],
    gaps: [{ onsetSec: 1, durationSec: 1 }],
  };
  const messages: FromWorker[] = [];
  controller = new AcquisitionController((m) => messages.push(m));
  controller.handle({ type: 'start', sessionId: 'p', setup: { kind: 'playback', playback: { recording, speed: 20 } } });
  const { port1, port2 } = new MessageChannel();
  const reader = new PortRingReader(port1, frameWidth(1), 10_000);
  controller.handle({ type: 'open-reader', readerId: 'r', streamId: 'eeg', port: port2, frameWidth: frameWidth(1) });
  for (let i = 0; i < 50 && !messages.some((m) => m.type === 'state' && m.state === 'stopped'); i++) await sleep(20);
  await sleep(20);
  const frames = reader.drain();
  const indexes = frames.filter((_, i) => i % 3 === 0);
  const values = frames.filter((_, i) => i % 3 === 2);
  expect(indexes.length).toBe(rate * 3);
  expect([...values].every((v, i) => v === indexes[i])).toBe(true); // sample index == recorded sample number
  const gaps = messages.filter((m) => m.type === 'gap');
  expect(gaps).toHaveLength(1);
  expect(gaps[0]).toMatchObject({ gap: { startSample: rate, lengthSamples: rate } });
  port1.close();
});

test('frames produced before the first reader opens are held and replayed to it (bounded to 10 s)', async () => {
  const messages: FromWorker[] = [];
  controller = new AcquisitionController((m) => messages.push(m));
  controller.handle({ type: 'start', sessionId: 'b', setup: { kind: 'synthetic', synthetic: { channelCount: 2, sampleRateHz: 256 } } });
  await sleep(300);
  const ring = createRingBuffer(4096, frameWidth(2)) as SharedArrayBuffer;
  controller.handle({ type: 'open-reader', readerId: 'late', streamId: 'eeg', ring });
  await sleep(100);
  const frames = new RingReader(ring).drain();
  expect(frames[0]).toBe(0); // the very first sample of the session
  expect(frames.length / 4).toBeGreaterThan(256 * 0.25);
});
