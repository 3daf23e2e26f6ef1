// After the account is erased, nothing in this browser claims to be on the server: every chunk is
// unsynced again, every session 'local' with the reason, so sync would send it all after a new consent.
import 'fake-indexeddb/auto';
import { afterAll, expect, test } from 'vitest';
import { appendChunks, listChunks, listUnsyncedChunks, markChunksSynced } from './chunk-store.ts';
import { closeStudioDb, openStudioDb } from './db.ts';
import { forgetServerCopies } from './forget-server-copies.ts';
import { newSession } from './new-session.ts';
import { getSession, putSession, setSessionSync } from './session-store.ts';
import { needsSync } from './sync-queue.ts';

const DB = `forget-server-${Math.random()}`;
afterAll(() => closeStudioDb(DB));

test('every chunk goes back to unsynced and every session to local, with the reason', async () => {
  const db = await openStudioDb(DB);
  const session = newSession({ id: crypto.randomUUID(), title: 'Evening', deviceName: 'Synthetic', streams: [], startedAtMs: 1, status: 'complete' });
  await putSession(db, session);
  const chunk = (seq: number) => ({
    sessionId: session.id,
    streamId: 'eeg',
    seq,
    firstSample: seq * 256,
    sampleCount: 256,
    bytes: new Uint8Array(8),
    sha256: 'ab'.repeat(32),
    synced: 0 as const,
  });
  await appendChunks(db, session.id, [chunk(0), chunk(1)]);
  await markChunksSynced(db, [
    [session.id, 'eeg', 0],
    [session.id, 'eeg', 1],
  ]);
  await setSessionSync(db, session.id, {
    state: 'synced',
    uploadedChunks: 2,
    totalChunks: 2,
    etag: '"v3"',
    syncedMetadataVersion: session.metadataVersion,
  });
  expect(needsSync((await getSession(db, session.id))!)).toBe(false);

  expect(await forgetServerCopies(db, 'deleted with the account', 42)).toBe(1);
  const after = (await getSession(db, session.id))!;
  expect(after.sync).toEqual({ state: 'local', uploadedChunks: 0, totalChunks: 2, message: 'deleted with the account', updatedAtMs: 42 });
  expect(needsSync(after)).toBe(true);
  expect((await listUnsyncedChunks(db, session.id)).map((c) => c.seq)).toEqual([0, 1]);
  expect((await listChunks(db, session.id)).every((c) => c.synced === 0)).toBe(true);
});
