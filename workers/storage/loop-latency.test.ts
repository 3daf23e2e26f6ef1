// The neurofeedback loop latency stays with a recorded session: kept in IndexedDB (fake-indexeddb
// here, logic only), survives the recorder's own updates, and is sent with the metadata as the
// structured loopLatency (and the mapping as feedbackMapping) that the API's strict schema accepts.
import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import { sessionMetadataSchema } from '../../api/src/contract/sessions.ts';
import { closeStudioDb, openStudioDb } from './db.ts';
import { SessionRecorder, type ChunkEncoder } from './recorder.ts';
import { editSessionMetadata, getSession } from './session-store.ts';
import { serverLoopLatency, toServerMetadata } from './sync-client.ts';
import { makeStream } from '../protocol/streams.ts';

let dbName = '';
afterEach(async () => {
  await closeStudioDb(dbName);
});

const encode: ChunkEncoder = async (chunk) => ({ bytes: new Uint8Array(chunk.sampleCount), sha256: '0'.repeat(64) });
const streams = [makeStream('eeg', 'eeg', ['C3', 'C4'], 'uV', 250)];

test('latency saved during a recording is kept through stop, bumps the metadata version and syncs as the structured field', async () => {
  dbName = `lat-${Math.random()}`;
  const db = await openStudioDb(dbName);
  const rec = await SessionRecorder.start(db, { deviceName: 'Synthetic', streams, encode });
  rec.push('eeg', { channels: [new Float32Array(300), new Float32Array(300)] });
  const before = (await getSession(db, rec.session.id))!.metadataVersion;
  const latency = { p50Ms: 212.44, p95Ms: 298.6, p99Ms: 301.25, filterDelayMs: 11.72, updates: 40, windowMs: 4000 };
  const feedbackMapping = {
    mappings: [
      {
        metric: { kind: 'peak-alpha' as const },
        target: { voice: 'beat' as const, param: 'beatHz' as const },
        input: [8, 12] as [number, number],
        output: [8, 12] as [number, number],
      },
    ],
  };
  await editSessionMetadata(db, rec.session.id, { loopLatency: latency, feedbackMapping });
  await rec.addMarker('m', 'key');
  const stopped = await rec.stop();
  expect(stopped.loopLatency).toEqual(latency);
  expect(stopped.metadataVersion).toBe(before + 2); // the latency edit and the marker
  const metadata = toServerMetadata(stopped);
  expect(metadata.loopLatency).toEqual({ p50Ms: 212.4, p95Ms: 298.6, p99Ms: 301.3, filterDelayMs: 11.7, updates: 40, windowMs: 4000 });
  expect(metadata.feedbackMapping).toEqual(feedbackMapping);
  expect(metadata.tags).toEqual([]); // no more nf-loop-latency-* tags
  expect(sessionMetadataSchema.safeParse(metadata).success).toBe(true);
});

test('a latency the API would refuse is left out, so the rest of the metadata still syncs', () => {
  expect(serverLoopLatency({ p50Ms: 20, p95Ms: 30, filterDelayMs: Number.NaN, updates: 5 })).toEqual({});
  expect(serverLoopLatency({ p50Ms: 20, p95Ms: 30, filterDelayMs: 0, updates: 0 })).toEqual({});
  // Percentiles from a histogram can round to below the lower one: they are kept in order.
  const kept = serverLoopLatency({ p50Ms: 20.06, p95Ms: 20.01, p99Ms: Number.NaN, filterDelayMs: 0, updates: 5 });
  expect(kept).toEqual({ loopLatency: { p50Ms: 20.1, p95Ms: 20.1, filterDelayMs: 0, updates: 5 } });
  expect(sessionMetadataSchema.shape.loopLatency.safeParse(kept.loopLatency).success).toBe(true);
});

test('the session title is sent with the metadata, cleaned to what the API accepts; an empty one is left out', () => {
  const base = {
    id: 's',
    notes: '',
    deviceName: 'Muse',
    streams: [makeStream('eeg', 'eeg', ['TP9'], 'uV', 256)],
    startedAtMs: 0,
    loopLatency: undefined,
  } as unknown as Parameters<typeof toServerMetadata>[0];
  const long = toServerMetadata({ ...base, title: `  Morning sit\u0000 ${'x'.repeat(300)}` });
  expect(long.title).toBe(`Morning sit ${'x'.repeat(188)}`);
  expect(sessionMetadataSchema.safeParse(long).success).toBe(true);
  expect('title' in toServerMetadata({ ...base, title: '   ' })).toBe(false);
});

test('a session without neurofeedback sends no loopLatency', () => {
  expect(serverLoopLatency(undefined)).toEqual({});
});
