// The neurofeedback loop latency stays with a recorded session: kept in IndexedDB (fake-indexeddb
// here, logic only), survives the recorder's own updates, and is sent with the metadata as tags
// that the API's strict metadata schema accepts.
import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import { sessionMetadataSchema } from '../../api/src/contract/sessions.ts';
import { closeStudioDb, openStudioDb } from './db.ts';
import { SessionRecorder, type ChunkEncoder } from './recorder.ts';
import { editSessionMetadata, getSession } from './session-store.ts';
import { loopLatencyTags, toServerMetadata } from './sync-client.ts';
import { makeStream } from '../protocol/streams.ts';

let dbName = '';
afterEach(async () => {
  await closeStudioDb(dbName);
});

const encode: ChunkEncoder = async (chunk) => ({ bytes: new Uint8Array(chunk.sampleCount), sha256: '0'.repeat(64) });
const streams = [makeStream('eeg', 'eeg', ['C3', 'C4'], 'uV', 250)];

test('latency saved during a recording is kept through stop, bumps the metadata version and syncs as tags', async () => {
  dbName = `lat-${Math.random()}`;
  const db = await openStudioDb(dbName);
  const rec = await SessionRecorder.start(db, { deviceName: 'Synthetic', streams, encode });
  rec.push('eeg', { channels: [new Float32Array(300), new Float32Array(300)] });
  const before = (await getSession(db, rec.session.id))!.metadataVersion;
  await editSessionMetadata(db, rec.session.id, { loopLatency: { p50Ms: 212.4, p95Ms: 298.6, filterDelayMs: 2000, updates: 40 } });
  await rec.addMarker('m', 'key');
  const stopped = await rec.stop();
  expect(stopped.loopLatency).toEqual({ p50Ms: 212.4, p95Ms: 298.6, filterDelayMs: 2000, updates: 40 });
  expect(stopped.metadataVersion).toBe(before + 2); // the latency edit and the marker
  const metadata = toServerMetadata(stopped);
  expect(metadata.tags).toEqual(['nf-loop-latency-p50-ms:212', 'nf-loop-latency-p95-ms:299', 'nf-filter-delay-ms:2000']);
  expect(sessionMetadataSchema.safeParse(metadata).success).toBe(true);
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

test('a session without neurofeedback sends no latency tags', () => {
  expect(loopLatencyTags(undefined)).toEqual([]);
});
