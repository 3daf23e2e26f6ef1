// Sync of an end-to-end encrypted session without a browser: sessions recorded into IndexedDB
// (fake-indexeddb), the SyncQueue with an account key, and the real Hono app in process on PGlite.
// The server gets only encrypted chunks, title, notes and event texts; answers lost on the way back
// (a chunk or the first metadata stored, the reply never seen) end in "synced", never in a 409
// conflict or a duplicate; a browser without the key sends nothing and says why.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openTestApi, type TestApi } from '../../api/src/testing/backends.ts';
import { decodeChunkHeader, sha256Hex } from '../../api/src/contract/chunk.ts';
import { decryptChunk, decryptText, newAccountKey } from '../../api/src/contract/e2e-crypto.ts';
import { encodeSealedChunk } from './chunk-codec.ts';
import { listChunks, listUnsyncedChunks } from './chunk-store.ts';
import { closeStudioDb, openStudioDb, type StudioDb } from './db.ts';
import { SessionRecorder } from './recorder.ts';
import { editSessionMetadata, getSession } from './session-store.ts';
import { makeSyncClient } from './sync-client.ts';
import { SyncQueue } from './sync-queue.ts';
import { LOCKED_MESSAGE } from './sync.protocol.ts';
import { makeStream } from '../protocol/streams.ts';

let api: TestApi;
let key: CryptoKey;
const dbNames: string[] = [];
beforeAll(async () => {
  api = await openTestApi('pglite');
  ({ key } = await newAccountKey('lanterns over a quiet lake at dusk'));
});
afterAll(async () => {
  for (const name of dbNames) await closeStudioDb(name);
  await api?.close();
});

const streams = [makeStream('eeg', 'eeg', ['C3', 'C4'], 'uV', 100)];
const base = 'http://127.0.0.1:8000';

async function recorded(seconds: number) {
  const name = `sync-enc-${dbNames.length}-${Math.random()}`;
  dbNames.push(name);
  const db = await openStudioDb(name);
  const rec = await SessionRecorder.start(db, { deviceName: 'Synthetic headset', streams, encode: encodeSealedChunk });
  rec.push('eeg', { firstSample: 0, channels: [0, 1].map((c) => Float32Array.from({ length: seconds * 100 }, (_, i) => Math.sin(i / 9) * 30 + c)) });
  await rec.addMarker('eyes closed', 'key', { atMs: 1500, streamId: 'eeg', sample: 150 });
  const session = await rec.stop();
  await editSessionMetadata(db, session.id, { notes: 'slept badly', title: 'Morning sit' });
  return { db, id: session.id };
}

/** The app as fetch; `loseReplyOf(method, path)` true: the request reaches the server, its answer is lost. */
function serverFetch(loseReplyOf: (method: string, path: string) => boolean = () => false) {
  const seen: string[] = [];
  const fetchLike = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const path = new URL(String(input)).pathname;
    seen.push(`${method} ${path}`);
    const res = await api.app.request(String(input), init);
    if (loseReplyOf(method, path)) throw new TypeError('connection reset before the reply');
    return res;
  }) as typeof fetch;
  return { fetch: fetchLike, seen };
}

const queueFor = (db: StudioDb, fetchLike: typeof fetch, account = { enabled: true, key } as { enabled: boolean; key?: CryptoKey }) =>
  new SyncQueue(db, makeSyncClient({ baseUrl: base, headers: () => ({}), fetch: fetchLike }), {}, undefined, async () => account);
const serverJson = async (path: string) => (await api.app.request(`${base}/api/v1${path}`)).json();

test('lost replies to the first metadata PUT and to a chunk PUT still end synced: everything on the server encrypted, decrypting to the local bytes', async () => {
  const { db, id } = await recorded(5);
  let lostMetadata = false;
  let chunkPuts = 0;
  const net = serverFetch((method, path) => {
    if (method === 'PUT' && path === `/api/v1/sessions/${id}` && !lostMetadata) return (lostMetadata = true);
    return method === 'PUT' && path.includes('/chunks/') && ++chunkPuts === 2;
  });
  const queue = queueFor(db, net.fetch);
  await expect(queue.syncNow()).rejects.toThrow(/connection reset/); // the metadata reply
  await expect(queue.syncNow()).rejects.toThrow(/connection reset/); // the second chunk's reply
  await queue.syncNow();
  const session = (await getSession(db, id))!;
  expect(session.sync).toMatchObject({ state: 'synced', e2e: true });
  expect(session.sync.conflict).toBeUndefined();
  expect(await listUnsyncedChunks(db, id)).toEqual([]);

  const server = await serverJson(`/sessions/${id}`);
  expect(server.metadata).toMatchObject({ notes: '', encryption: { scheme: 'clisonix-e2e-1' } });
  expect(server.metadata.title).toBeUndefined();
  expect(server.title).toBeNull();
  expect(await decryptText(key, ['notes', id], server.metadata.encryption.notes)).toBe('slept badly');
  expect(await decryptText(key, ['title', id], server.metadata.encryption.title)).toBe('Morning sit');
  const local = await listChunks(db, id);
  const held = (await serverJson(`/sessions/${id}/streams/eeg/chunks`)).chunks;
  expect(held.map((c: { seq: number }) => c.seq)).toEqual(local.map((c) => c.seq));
  for (const chunk of local) {
    const bytes = new Uint8Array(await (await api.app.request(`${base}/api/v1/sessions/${id}/streams/eeg/chunks/${chunk.seq}`)).arrayBuffer());
    expect(decodeChunkHeader(bytes).encrypted).toBe(true);
    expect(await sha256Hex(await decryptChunk(key, { sessionId: id, stream: 'eeg', seq: chunk.seq }, bytes))).toBe(chunk.sha256);
  }
  const events = (await serverJson(`/sessions/${id}/events`)).events;
  expect(events).toHaveLength(1);
  expect(events[0].text).not.toBe('eyes closed');
  expect(await decryptText(key, ['event', id, events[0].id], events[0].text)).toBe('eyes closed');

  // An edit later goes up encrypted again, and re-sends no event (each encryption would differ: a 409).
  await editSessionMetadata(db, id, { notes: 'slept badly, then fine' });
  await queue.syncNow();
  expect((await getSession(db, id))!.sync.state).toBe('synced');
  const edited = await serverJson(`/sessions/${id}`);
  expect(await decryptText(key, ['notes', id], edited.metadata.encryption.notes)).toBe('slept badly, then fine');
});

test('without the key in this browser an encrypting account sends nothing and the session says why', async () => {
  const { db, id } = await recorded(2);
  const net = serverFetch();
  await queueFor(db, net.fetch, { enabled: true }).syncNow();
  expect(net.seen.filter((r) => r.includes('/sessions'))).toEqual([]);
  expect((await getSession(db, id))!.sync).toMatchObject({ state: 'local', message: LOCKED_MESSAGE });
  expect((await api.app.request(`${base}/api/v1/sessions/${id}`)).status).toBe(404);
});
