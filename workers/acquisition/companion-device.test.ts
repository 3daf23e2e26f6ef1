// A heart-rate strap beside the synthetic headset in one acquisition worker, driven through the
// worker's own message handling (AcquisitionController) on fake-indexeddb. The strap's notifications
// are real 0x2A37 byte layouts with chosen arrival times, so its timeline is exact: its streams join the
// headset's, one recording stores both, its drop is a gap on its streams only, its removal ends them.
import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import { AcquisitionController, hostNowMs } from './acquisition-controller.ts';
import type { FromWorker, ToWorker } from './acquisition.protocol.ts';
import { createCompanion } from './companion-device.ts';
import { makeStream, type DeviceDescriptor } from '../protocol/streams.ts';
import { decodeChunk } from '../storage/chunk-codec.ts';
import { listChunks } from '../storage/chunk-store.ts';
import { closeStudioDb, openStudioDb } from '../storage/db.ts';
import { getSession } from '../storage/session-store.ts';
import type { StoredSession } from '../storage/types.ts';
import { HEART_RATE_MEASUREMENT_UUID } from '../devices/heart-rate-strap/descriptor.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let controller: AcquisitionController | null = null;
let dbName = '';
afterEach(async () => {
  controller?.stop(false);
  if (dbName) await closeStudioDb(dbName);
});

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

/** Flags 0x16: uint8 HR, contact detected, RR present; RR in 1/1024 s, little-endian. */
const measurement = (bpm: number, rrUnits: number[]) => Uint8Array.from([0x16, bpm, ...rrUnits.flatMap((u) => [u & 255, u >> 8])]);
const strapBytes = (bpm: number, rrUnits: number[], arrivalMs: number): ToWorker => ({
  type: 'companion-bytes',
  source: HEART_RATE_MEASUREMENT_UUID,
  bytes: measurement(bpm, rrUnits).buffer,
  arrivalMs,
});

async function storedValues(sessionId: string, streamId: string) {
  const chunks = (await listChunks(await openStudioDb(dbName), sessionId)).filter((c) => c.streamId === streamId).sort((a, b) => a.seq - b.seq);
  return chunks.flatMap((c) => [...decodeChunk(c.bytes).channels[0]!].map((value, i) => ({ sample: c.firstSample + i, value })));
}

test('a strap joins the headset: its own hr and rr streams in one session with the headset, its drop a gap on its streams only, its removal ends them', async () => {
  dbName = `companion-${Math.random()}`;
  const { request, controller, messages } = startController();
  controller.handle({ type: 'start', sessionId: 'c', setup: { kind: 'synthetic', synthetic: { channelCount: 2, sampleRateHz: 250, seed: 4 } } });
  const strap = await request<DeviceDescriptor>({ type: 'companion-start', setup: { kind: 'heart-rate-strap' } });
  expect(strap.streams.map((s) => [s.id, s.channels[0]!.unit])).toEqual([
    ['hr', 'bpm'],
    ['rr', 'ms'],
  ]);
  const session = await request<StoredSession>({ type: 'record-start', options: { deviceName: 'Synthetic + Polar H10', dbName } });
  expect(session.streams.map((s) => s.id)).toEqual(['eeg', 'accel', 'hr', 'rr']);

  // One notification a second on the strap's own arrival times; RR 1024 units = 1000 ms.
  const t0 = hostNowMs();
  controller.handle(strapBytes(64, [1024], t0));
  controller.handle(strapBytes(66, [1024, 768], t0 + 1000));
  controller.handle(strapBytes(70, [878], t0 + 2000));
  // The strap drops out for 4 s: the headset goes on; the strap's next readings close a gap on hr and rr.
  controller.handle({ type: 'companion-link-state', state: 'reconnecting' });
  await sleep(600); // one stats message (every 500 ms) while the strap is there
  controller.handle(strapBytes(72, [853], t0 + 7000));
  controller.handle(strapBytes(73, [840], t0 + 8000));
  const readings = messages.flatMap((m) => (m.type === 'companion-reading' && m.reading.streamId === 'hr' ? [m.reading] : []));
  expect(readings.map((r) => r.values[0])).toEqual([64, 66, 70, 72, 73]);
  expect(readings[0]!.hostTimeMs).toBeCloseTo(t0, 6); // the first reading is placed at its arrival
  const statsWithStrap = messages.filter((m) => m.type === 'stats').at(-1);
  await request({ type: 'companion-stop' });
  controller.handle(strapBytes(75, [800], t0 + 9000)); // after removal: nowhere
  await sleep(400); // the headset records on without the strap
  const completed = await request<StoredSession>({ type: 'record-stop' });

  expect((await storedValues(session.id, 'hr')).map((v) => v.value)).toEqual([64, 66, 70, 72, 73]);
  // 4 s away at the fitted 1 reading/s: hr samples 3..6 are missing, the strap resumes at 7.
  expect((await storedValues(session.id, 'hr')).map((v) => v.sample)).toEqual([0, 1, 2, 7, 8]);
  expect((await storedValues(session.id, 'rr')).map((v) => v.value)).toEqual([1000, 1000, 750, 857.421875, 833.0078125, 820.3125]);
  const reread = (await getSession(await openStudioDb(dbName), session.id))!;
  expect(reread.deviceName).toBe('Synthetic + Polar H10');
  expect(reread.gaps).toEqual([
    { streamId: 'hr', startSample: 3, lengthSamples: 4, cause: 'disconnect' },
    // rr's rate is fitted from its own arrivals (4 intervals in its first 2 s), so the same 4 s are 6 of its samples.
    { streamId: 'rr', startSample: 4, lengthSamples: 6, cause: 'disconnect' },
  ]);
  // The headset's streams have no gap and went on past the strap's removal (about 0.7 s at 250 Hz here).
  const eeg = await storedValues(session.id, 'eeg');
  expect(eeg.map((v) => v.sample)).toEqual(eeg.map((_, i) => i));
  expect(completed.durableSamples.eeg).toBe(eeg.length);
  expect(eeg.length).toBeGreaterThan(250 * 0.6);
  // The stats posted while the strap was there carry its streams after the headset's.
  expect(statsWithStrap?.type === 'stats' && statsWithStrap.streams.map((s) => s.streamId)).toEqual(['eeg', 'accel', 'hr', 'rr']);
  expect(messages.filter((m) => m.type === 'stats').at(-1)).toMatchObject({ streams: [{ streamId: 'eeg' }, { streamId: 'accel' }] });
});

test('a companion is refused with a clear reason: no headset, not a companion kind, one already there, while recording, a stream id taken', async () => {
  dbName = `companion-err-${Math.random()}`;
  const { request, controller } = startController();
  await expect(request({ type: 'companion-start', setup: { kind: 'heart-rate-strap' } })).rejects.toThrow(/connect a headset before/);
  controller.handle({ type: 'start', sessionId: 'e', setup: { kind: 'synthetic', synthetic: { channelCount: 1, sampleRateHz: 250 } } });
  await expect(request({ type: 'companion-start', setup: { kind: 'muse' } })).rejects.toThrow(
    /a muse cannot join a headset; companions: heart-rate-strap/,
  );
  await request({ type: 'companion-start', setup: { kind: 'heart-rate-strap' } });
  await expect(request({ type: 'companion-start', setup: { kind: 'heart-rate-strap' } })).rejects.toThrow(/already connected; remove it first/);
  await request({ type: 'companion-stop' });
  await request({ type: 'record-start', options: { deviceName: 'x', dbName } });
  await expect(request({ type: 'companion-start', setup: { kind: 'heart-rate-strap' } })).rejects.toThrow(/stop the recording first/);
  await request({ type: 'record-stop' });

  const withHr: DeviceDescriptor = { kind: 'playback', name: 'Playback: headset + strap', streams: [makeStream('hr', 'other', ['HR'], 'bpm', 1)] };
  const noop = { onGap() {}, onEvent() {}, onReading() {} };
  expect(() => createCompanion('p', { kind: 'heart-rate-strap' }, withHr, noop)).toThrow(
    'Playback: headset + strap already has a stream "hr", so a Heart-rate strap cannot join it',
  );
});
