// A database written by version 1 (streams as labels + one unit) opens as version 2 with every
// session's streams in the contract's shape, units kept per channel, and nothing else changed.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { expect, test } from 'vitest';
import { closeStudioDb, openStudioDb, STORES } from './db.ts';
import { upgradeStoredStream } from './stream-upgrade.ts';

test('version 1 sessions are upgraded in place when the database opens', async () => {
  const name = 'upgrade-v1-to-v2';
  const v1 = await openDB(name, 1, {
    upgrade(db) {
      db.createObjectStore(STORES.sessions, { keyPath: 'id' }).createIndex('by-start', 'startedAtMs');
      db.createObjectStore(STORES.chunks, { keyPath: ['sessionId', 'streamId', 'seq'] });
      db.createObjectStore(STORES.kv);
    },
  });
  await v1.put(STORES.sessions, {
    id: 's1',
    title: 'Morning sit',
    startedAtMs: 1,
    streams: [
      { id: 'eeg', channels: ['TP9', 'AF7'], sampleRateHz: 256, unit: 'uV', units: ['uV', 'uV'], kind: 'eeg' },
      { id: 'accel', channels: ['X', 'Y', 'Z'], sampleRateHz: 52, unit: 'g', kind: 'accel' },
      { id: 'stream-1', channels: ['HR'], sampleRateHz: 1, unit: 'bpm' },
    ],
  });
  v1.close();
  const db = await openStudioDb(name);
  expect(db.version).toBe(2);
  const session = (await db.get(STORES.sessions, 's1'))!;
  expect(session.title).toBe('Morning sit');
  expect(session.streams).toEqual([
    {
      id: 'eeg',
      kind: 'eeg',
      sampleRateHz: 256,
      channels: [
        { label: 'TP9', unit: 'uV' },
        { label: 'AF7', unit: 'uV' },
      ],
    },
    { id: 'accel', kind: 'accel', sampleRateHz: 52, channels: ['X', 'Y', 'Z'].map((label) => ({ label, unit: 'g' })) },
    { id: 'stream-1', kind: 'eeg', sampleRateHz: 1, channels: [{ label: 'HR', unit: 'bpm' }] },
  ]);
  await closeStudioDb(name);
});

test('a stream already in the current shape is returned unchanged', () => {
  const stream = { id: 'eeg', kind: 'eeg' as const, sampleRateHz: 250, channels: [{ label: 'C3', unit: 'uV' }] };
  expect(upgradeStoredStream(stream)).toBe(stream);
});
