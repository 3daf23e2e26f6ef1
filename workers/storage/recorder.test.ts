// Unit tests on fake-indexeddb (an in-memory IndexedDB): logic only. Durability across a real
// browser crash is tested in Chromium (tests/browser/studio-crash.browser.test.ts).
import 'fake-indexeddb/auto';
import { afterEach, expect, test } from 'vitest';
import { closeStudioDb, openStudioDb, whenStorageIdle } from './db.ts';
import { appendChunks, listChunks } from './chunk-store.ts';
import { SessionRecorder, type ChunkEncoder } from './recorder.ts';
import { deleteSession, editSessionMetadata, getSession, listSessions, recoverInterruptedSessions } from './session-store.ts';
import { makeStream } from '../protocol/streams.ts';
import { worstLoss } from './session-loss.ts';

let dbName = '';
afterEach(async () => {
  await closeStudioDb(dbName);
});

/** Test encoder: the float bytes as they are, hashed with WebCrypto (the real one comes from the API contract). */
const encode: ChunkEncoder = async (chunk) => {
  const flat = new Float32Array(chunk.sampleCount * chunk.channels.length);
  chunk.channels.forEach((c, i) => flat.set(c, i * chunk.sampleCount));
  const bytes = new Uint8Array(flat.buffer);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return { bytes, sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') };
};

const streams = [makeStream('eeg', 'eeg', ['C3', 'C4'], 'uV', 250)];
const block = (from: number, n: number) => ({ channels: [Float32Array.from({ length: n }, (_, i) => from + i), new Float32Array(n)] });

test('3.5 s recorded in 100 ms blocks: four chunks on disk after stop, session complete, every sample kept', async () => {
  dbName = `rec-${Math.random()}`;
  const db = await openStudioDb(dbName);
  const rec = await SessionRecorder.start(db, { deviceName: 'Synthetic', streams, encode });
  for (let s = 0; s < 875; s += 25) rec.push('eeg', block(s, 25));
  await rec.addMarker('eyes closed', 'key');
  const session = await rec.stop();
  expect(session.status).toBe('complete');
  expect(session.durableSamples.eeg).toBe(875);
  expect(session.markers.map((m) => m.text)).toEqual(['eyes closed']);
  const chunks = await listChunks(db, session.id);
  expect(chunks.map((c) => [c.seq, c.firstSample, c.sampleCount])).toEqual([
    [0, 0, 250],
    [1, 250, 250],
    [2, 500, 250],
    [3, 750, 125],
  ]);
  expect(new Float32Array(chunks[3].bytes.slice().buffer)[124]).toBe(874);
  expect(session.sync.totalChunks).toBe(4);
});

test('a recording with a gap counts the samples it kept, beside the span; a chunk written twice counts once', async () => {
  dbName = `loss-${Math.random()}`;
  const db = await openStudioDb(dbName);
  const statuses: Array<{ kept: number; end: number }> = [];
  const rec = await SessionRecorder.start(db, {
    deviceName: 'Synthetic',
    streams,
    encode,
    onStatus: (st) => statuses.push({ kept: st.durableSamples.eeg ?? 0, end: st.durableEndSample.eeg ?? 0 }),
  });
  rec.push('eeg', { firstSample: 0, ...block(0, 500) });
  rec.push('eeg', { firstSample: 750, ...block(750, 500) }); // 250 samples (1 s) never arrived
  const session = await rec.stop();
  expect(session.durableSamples.eeg).toBe(1000);
  expect(session.durableEndSample!.eeg).toBe(1250);
  expect(worstLoss(session)).toMatchObject({
    streamId: 'eeg',
    keptSamples: 1000,
    spanSamples: 1250,
    missingSamples: 250,
    missingFraction: 0.2,
    missingSec: 1,
  });
  expect(statuses.at(-1)).toEqual({ kept: 1000, end: 1250 });
  // A retried batch writes a chunk again: it is not counted twice.
  const [first] = await listChunks(db, session.id);
  await appendChunks(db, session.id, [first]);
  expect((await getSession(db, session.id))!.durableSamples.eeg).toBe(1000);
});

test('a recorder that dies leaves its sealed chunks; recovery marks the session interrupted at the last durable sample', async () => {
  dbName = `crash-${Math.random()}`;
  const db = await openStudioDb(dbName);
  const rec = await SessionRecorder.start(db, { deviceName: 'Synthetic', streams, encode });
  rec.push('eeg', block(0, 600)); // 2 chunks sealed, 100 samples open
  await rec.flushed();
  await whenStorageIdle();
  // The "crash": the recorder object is dropped without stop(); nobody holds the session any more.
  const marked = await recoverInterruptedSessions(db, async () => false);
  expect(marked).toHaveLength(1);
  const session = (await getSession(db, marked[0]))!;
  expect(session.status).toBe('interrupted');
  expect(session.durableSamples.eeg).toBe(500);
  expect(session.endedAtMs! - session.startedAtMs).toBe(2000);
  // A live recorder (lock held) is left alone.
  const live = await SessionRecorder.start(db, { deviceName: 'Synthetic', streams, encode });
  expect(await recoverInterruptedSessions(db, async (id) => id === live.session.id)).toEqual([]);
});

test('metadata edits bump the version; delete removes the session and its chunks', async () => {
  dbName = `edit-${Math.random()}`;
  const db = await openStudioDb(dbName);
  const rec = await SessionRecorder.start(db, { deviceName: 'Synthetic', streams, encode });
  rec.push('eeg', block(0, 250));
  const { id, metadataVersion } = await rec.stop();
  const edited = await editSessionMetadata(db, id, { title: 'Morning sit' });
  expect([edited.title, edited.metadataVersion]).toEqual(['Morning sit', metadataVersion + 1]);
  await deleteSession(db, id);
  expect(await listSessions(db)).toEqual([]);
  expect(await listChunks(db, id)).toEqual([]);
});

test('an encoder failure keeps the chunk queued and retries; nothing is dropped', async () => {
  dbName = `retry-${Math.random()}`;
  const db = await openStudioDb(dbName);
  let failures = 1;
  const flaky: ChunkEncoder = async (c) => {
    if (failures-- > 0) throw new Error('disk hiccup');
    return encode(c);
  };
  const statuses: string[] = [];
  const rec = await SessionRecorder.start(db, {
    deviceName: 'Synthetic',
    streams,
    encode: flaky,
    onStatus: (s) => statuses.push(s.lastError ?? 'ok'),
  });
  rec.push('eeg', block(0, 500));
  const session = await rec.stop();
  expect(statuses[0]).toBe('disk hiccup');
  expect(session.durableSamples.eeg).toBe(500);
  expect((await listChunks(db, session.id)).length).toBe(2);
});

test('a full disk is a visible state: chunks stay queued in memory, then land once space is back', async () => {
  dbName = `full-${Math.random()}`;
  const db = await openStudioDb(dbName);
  let full = 2;
  // The quota error is injected at the encoder step (fake-indexeddb has no quota); the recorder
  // treats it exactly like a refused IndexedDB write.
  const refusing: ChunkEncoder = async (c) => {
    if (full-- > 0) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return encode(c);
  };
  const statuses: Array<{ full: boolean; unsaved: number }> = [];
  const rec = await SessionRecorder.start(db, {
    deviceName: 'Synthetic',
    streams,
    encode: refusing,
    onStatus: (s) => statuses.push({ full: s.storageFull, unsaved: s.unsavedChunks }),
  });
  rec.push('eeg', block(0, 500));
  const session = await rec.stop();
  expect(statuses[0]).toEqual({ full: true, unsaved: 2 });
  expect(statuses.at(-1)).toEqual({ full: false, unsaved: 0 });
  expect(session.durableSamples.eeg).toBe(500);
});
