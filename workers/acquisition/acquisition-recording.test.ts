// Recording inside the acquisition worker, driven through the worker's own message handling (the
// same AcquisitionController the worker runs) on fake-indexeddb, with the synthetic headset in
// real time. A ring opened before the recording sees every frame the device produced: the stored
// chunks must hold exactly those samples, and markers and gaps must sit where the frames say.
import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import { AcquisitionController, hostNowMs } from './acquisition-controller.ts';
import type { FromWorker, ToWorker } from './acquisition.protocol.ts';
import { frameWidth } from '../protocol/streams.ts';
import { createRingBuffer, RingReader } from '../ring/spsc-ring.ts';
import { decodeChunk } from '../storage/chunk-codec.ts';
import { listChunks } from '../storage/chunk-store.ts';
import { closeStudioDb, openStudioDb } from '../storage/db.ts';
import { getSession } from '../storage/session-store.ts';
import type { StoredMarker, StoredSession } from '../storage/types.ts';
import { syntheticLabels } from '../devices/synthetic/descriptor.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RATE = 250;
const CHANNELS = 3;
let controller: AcquisitionController | null = null;
let dbName = '';
afterEach(async () => {
  controller?.stop(false);
  await closeStudioDb(dbName);
});

/** The controller with a request helper that resolves with the 'reply' of each request. */
function startController() {
  const messages: FromWorker[] = [];
  const waiting = new Map<number, (m: Extract<FromWorker, { type: 'reply' }>) => void>();
  controller = new AcquisitionController((m) => {
    messages.push(m);
    if (m.type === 'reply') waiting.get(m.requestId)?.(m);
  });
  let id = 0;
  const request = async <T>(message: Record<string, unknown>): Promise<T> => {
    const requestId = ++id;
    const answered = new Promise<Extract<FromWorker, { type: 'reply' }>>((resolve) => waiting.set(requestId, resolve));
    controller!.handle({ ...message, requestId } as ToWorker);
    const reply = await answered;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as T;
  };
  return { messages, request, controller };
}

/** Every frame of the ring as [index, hostTimeMs, ...values]. */
function framesOf(ring: SharedArrayBuffer): number[][] {
  const width = frameWidth(CHANNELS);
  const flat = new RingReader(ring).drain();
  return Array.from({ length: flat.length / width }, (_, f) => [...flat.subarray(f * width, (f + 1) * width)]);
}

async function storedSamples(sessionId: string, streamId: string) {
  const db = await openStudioDb(dbName);
  const chunks = (await listChunks(db, sessionId)).filter((c) => c.streamId === streamId).sort((a, b) => a.seq - b.seq);
  return chunks.map((c) => ({ firstSample: c.firstSample, channels: decodeChunk(c.bytes).channels }));
}

test('every sample the device produced after Record is stored, re-based to 0, and the marker sits on the sample of its host time', async () => {
  dbName = `acq-rec-${Math.random()}`;
  const { request, controller } = startController();
  controller.handle({
    type: 'start',
    sessionId: 'a',
    setup: { kind: 'synthetic', synthetic: { channelCount: CHANNELS, sampleRateHz: RATE, seed: 5 } },
  });
  const ring = createRingBuffer(RATE * 10, frameWidth(CHANNELS)) as SharedArrayBuffer;
  controller.handle({ type: 'open-reader', readerId: 'all', streamId: 'eeg', ring });
  await sleep(400); // the device streams before recording starts
  const session = await request<StoredSession>({ type: 'record-start', options: { deviceName: 'Synthetic', dbName } });
  await sleep(900);
  const pressedAt = hostNowMs();
  const marker = await request<StoredMarker>({ type: 'marker', text: 'eyes closed', source: 'key', hostTimeMs: pressedAt });
  await sleep(800);
  const completed = await request<StoredSession>({ type: 'record-stop' });
  await sleep(100); // frames after the stop still reach the ring, not the recording

  const frames = framesOf(ring);
  const stored = await storedSamples(session.id, 'eeg');
  expect(stored[0].firstSample).toBe(0);
  const recordedCount = stored.reduce((n, c) => n + c.channels[0].length, 0);
  expect(completed.durableSamples.eeg).toBe(recordedCount);
  expect(recordedCount).toBeGreaterThan(RATE * 1.5);
  // The recording is a contiguous run of the device's frames: find where it starts in the ring.
  const startFrame = frames.findIndex((f) => f.slice(2).every((v, c) => Math.fround(v) === stored[0].channels[c][0]));
  expect(startFrame).toBeGreaterThan(RATE * 0.2); // samples before Record are not part of the session
  let offset = startFrame;
  for (const chunk of stored) {
    expect(chunk.firstSample).toBe(offset - startFrame); // no gap, no overlap
    for (let i = 0; i < chunk.channels[0].length; i++, offset++) {
      for (let c = 0; c < CHANNELS; c++) expect(chunk.channels[c][i]).toBe(Math.fround(frames[offset][2 + c]));
    }
  }
  expect(frames.length - offset).toBeGreaterThan(0); // the device went on after Stop; those are not stored
  // The marker: the frame whose fitted host time is nearest the press, within one sample period.
  const nearest = frames.reduce((best, f) => (Math.abs(f[1] - pressedAt) < Math.abs(best[1] - pressedAt) ? f : best));
  expect(Math.abs(marker.sample! - (nearest[0] - frames[startFrame][0]))).toBeLessThanOrEqual(1);
  expect(marker).toMatchObject({ text: 'eyes closed', source: 'key', streamId: 'eeg', atMs: (marker.sample! / RATE) * 1000 });
  const reread = await getSession(await openStudioDb(dbName), session.id);
  expect(reread!.markers).toEqual([marker]);
  expect(reread!.status).toBe('complete');
  expect(reread!.streams[0]).toMatchObject({ id: 'eeg', kind: 'eeg', channels: syntheticLabels(CHANNELS).map((label) => ({ label, unit: 'uV' })) });
});

test('a link drop during the recording is stored as a disconnect gap, and the chunks around it say the same', async () => {
  dbName = `acq-gap-${Math.random()}`;
  const { request, controller } = startController();
  controller.handle({
    type: 'start',
    sessionId: 'g',
    setup: { kind: 'synthetic', synthetic: { channelCount: CHANNELS, sampleRateHz: RATE, seed: 2 } },
  });
  const session = await request<StoredSession>({ type: 'record-start', options: { deviceName: 'Synthetic', dbName } });
  await sleep(600);
  controller.handle({ type: 'simulate-disconnect', durationMs: 400 });
  await sleep(1000);
  await request({ type: 'record-stop' });
  const reread = (await getSession(await openStudioDb(dbName), session.id))!;
  // Every stream of the device is recorded, so each has its gap (EEG and accelerometer).
  expect(reread.gaps!.map((g) => g.streamId)).toEqual(['eeg', 'accel']);
  const [gap] = reread.gaps!;
  expect(gap.cause).toBe('disconnect');
  expect(gap.lengthSamples).toBeGreaterThan(RATE * 0.3);
  expect(gap.lengthSamples).toBeLessThan(RATE * 0.5);
  const stored = await storedSamples(session.id, 'eeg');
  const after = stored.findIndex((c) => c.firstSample > gap.startSample);
  const before = stored[after - 1];
  expect(before.firstSample + before.channels[0].length).toBe(gap.startSample);
  expect(stored[after].firstSample).toBe(gap.startSample + gap.lengthSamples);
});

test('recording requests out of order get a clear error, never a crash', async () => {
  dbName = `acq-err-${Math.random()}`;
  const { request, controller } = startController();
  await expect(request({ type: 'record-start', options: { deviceName: 'x', dbName } })).rejects.toThrow(/connect a device before recording/);
  controller.handle({ type: 'start', sessionId: 'e', setup: { kind: 'synthetic', synthetic: { channelCount: 1, sampleRateHz: RATE } } });
  await expect(request({ type: 'record-stop' })).rejects.toThrow(/no recording is running/);
  await expect(request({ type: 'marker', text: 'm', source: 'api', hostTimeMs: hostNowMs() })).rejects.toThrow(/markers are added while recording/);
  await request({ type: 'record-start', options: { deviceName: 'x', dbName } });
  await expect(request({ type: 'record-start', options: { deviceName: 'x', dbName } })).rejects.toThrow(/already running/);
  await expect(request({ type: 'marker', text: ' ', source: 'api', hostTimeMs: hostNowMs() })).rejects.toThrow(/needs a text/);
  await expect(request({ type: 'marker', text: 'm', source: 'api', hostTimeMs: Number.NaN })).rejects.toThrow(/epoch milliseconds/);
  await request({ type: 'record-stop' });
});
