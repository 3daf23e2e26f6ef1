// The sync path end to end without a browser: sessions recorded into IndexedDB (fake-indexeddb), the
// SyncQueue and the sync client, and the real Hono app in process (app.request) on PGlite in memory.
// Covers a connection dropped mid-upload, re-uploads that must not duplicate anything, a 409 on the
// metadata, markers and gaps reaching the server as events, and two devices editing one session.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openTestApi, type TestApi } from '../../api/src/testing/backends.ts';
import { encodeSealedChunk } from './chunk-codec.ts';
import { listChunks, listUnsyncedChunks, putDownloadedChunks } from './chunk-store.ts';
import { closeStudioDb, openStudioDb, type StudioDb } from './db.ts';
import { SessionRecorder } from './recorder.ts';
import { editSessionMetadata, getSession, putSession } from './session-store.ts';
import { makeSyncClient } from './sync-client.ts';
import { SyncQueue } from './sync-queue.ts';
import type { StoredSession } from './types.ts';
import { makeStream } from '../protocol/streams.ts';

let api: TestApi;
const dbNames: string[] = [];
beforeAll(async () => {
  api = await openTestApi('pglite');
});
afterAll(async () => {
  for (const name of dbNames) await closeStudioDb(name);
  await api?.close();
});

const RATE = 100;
const streams = [makeStream('eeg', 'eeg', ['C3', 'C4'], 'uV', RATE), makeStream('accel', 'accel', ['X', 'Y', 'Z'], 'g', 25)];

async function freshDb(): Promise<StudioDb> {
  const name = `sync-e2e-${dbNames.length}-${Math.random()}`;
  dbNames.push(name);
  return openStudioDb(name);
}

/** A recorded session: `seconds` of both streams, a marker on sample 150, a 50-sample disconnect gap. */
async function recordSession(db: StudioDb, seconds: number): Promise<StoredSession> {
  const rec = await SessionRecorder.start(db, { deviceName: 'Synthetic headset', streams, encode: encodeSealedChunk });
  const block = (first: number, n: number, channels: number) => ({
    firstSample: first,
    channels: Array.from({ length: channels }, (_, c) => Float32Array.from({ length: n }, (_, i) => first + i + c / 10)),
  });
  rec.push('eeg', block(0, 200, 2));
  rec.push('eeg', block(250, seconds * RATE - 250, 2)); // 200..249 never arrived
  rec.push('accel', block(0, seconds * 25, 3));
  await rec.addGap({ streamId: 'eeg', startSample: 200, lengthSamples: 50, cause: 'disconnect' });
  await rec.addMarker('eyes closed', 'key', { atMs: 1500, streamId: 'eeg', sample: 150 });
  return rec.stop();
}

/** The app as the sync client's fetch; `dropAfter` chunk PUTs the connection drops once. */
function serverFetch(dropAfter = Infinity) {
  let chunkPuts = 0;
  const seen: string[] = [];
  const fetchLike = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    seen.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
    if (init?.method === 'PUT' && url.includes('/chunks/') && ++chunkPuts > dropAfter) {
      dropAfter = Infinity;
      throw new TypeError('network connection lost');
    }
    return api.app.request(url, init);
  }) as typeof fetch;
  return { fetch: fetchLike, seen };
}

const clientFor = (fetchLike: typeof fetch) => makeSyncClient({ baseUrl: 'http://127.0.0.1:8000', headers: () => ({}), fetch: fetchLike });
const serverJson = async (path: string) => (await api.app.request(`http://127.0.0.1:8000/api/v1${path}`)).json();

test('a dropped connection resumes from the server checkpoint; every chunk lands once, byte-identical; markers and gaps are events', async () => {
  const db = await freshDb();
  const session = await recordSession(db, 6);
  const local = await listChunks(db, session.id);
  // eeg (100 Hz): 0-99, 100-199 | gap | 250-349, 350-449, 450-549, 550-599; accel (25 Hz): six 1 s chunks.
  expect(local.length).toBe(12);
  const net = serverFetch(3);
  const queue = new SyncQueue(db, clientFor(net.fetch));
  await expect(queue.syncNow()).rejects.toThrow(/network connection lost/);
  expect((await listUnsyncedChunks(db, session.id)).length).toBe(local.length - 3);
  expect((await getSession(db, session.id))!.sync.state).toBe('error');

  await queue.syncNow();
  const synced = (await getSession(db, session.id))!;
  expect(synced.sync).toMatchObject({ state: 'synced', uploadedChunks: local.length, totalChunks: local.length });
  // The second pass asked the server what it had and sent only the rest: no chunk was PUT twice.
  const puts = net.seen.filter((r) => r.startsWith('PUT') && r.includes('/chunks/'));
  expect(puts.length).toBe(local.length + 1); // + the one whose connection dropped
  expect(new Set(puts).size).toBe(local.length);
  for (const stream of streams) {
    const page = await serverJson(`/sessions/${session.id}/streams/${stream.id}/chunks?after=-1&limit=1000`);
    const mine = local.filter((c) => c.streamId === stream.id).sort((a, b) => a.seq - b.seq);
    expect(page.chunks.map((c: { seq: number; firstSample: number; sha256: string }) => [c.seq, c.firstSample, c.sha256])).toEqual(
      mine.map((c) => [c.seq, c.firstSample, c.sha256]),
    );
  }
  const onServer = await serverJson(`/sessions/${session.id}`);
  expect(onServer.metadata.streams.map((s: { id: string; channels: Array<{ unit: string }> }) => [s.id, s.channels.map((c) => c.unit)])).toEqual([
    ['eeg', ['uV', 'uV']],
    ['accel', ['g', 'g', 'g']],
  ]);
  const { events } = await serverJson(`/sessions/${session.id}/events`);
  expect(events.map((e: Record<string, unknown>) => [e.id, e.kind, e.stream, e.onsetSec, e.durationSec, e.text])).toEqual(
    expect.arrayContaining([
      ['marker-eeg-150', 'marker', 'eeg', 1.5, 0, 'eyes closed'],
      ['gap-eeg-200', 'gap', 'eeg', 2, 0.5, 'disconnect'],
    ]),
  );
  expect(events).toHaveLength(2);
});

test('a marker another program posts to the API, while the session records, joins the local session on its sample, once', async () => {
  const db = await freshDb();
  const rec = await SessionRecorder.start(db, { deviceName: 'Synthetic headset', streams, encode: encodeSealedChunk });
  rec.push('eeg', { channels: [new Float32Array(300), new Float32Array(300)] });
  await rec.addMarker('eyes closed', 'key', { atMs: 1500, streamId: 'eeg', sample: 150 });
  const id = rec.session.id;
  const queue = new SyncQueue(db, clientFor(serverFetch().fetch));
  await queue.syncNow();
  // Stimulus software on the same machine marks the recording by the instant of its tone.
  const startTime = (await serverJson(`/sessions/${id}`)).metadata.startTime as string;
  const toneAt = new Date(Date.parse(startTime) + 2_345).toISOString();
  const posted = await api.app.request(`http://127.0.0.1:8000/api/v1/sessions/${id}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events: [{ id: 'stim-7', kind: 'marker', atTime: toneAt, durationSec: 0, text: 'tone 7' }] }),
  });
  expect(posted.status).toBe(200);
  await queue.syncNow();
  await queue.syncNow();
  const local = (await getSession(db, id))!;
  expect(local.markers).toEqual([
    { atMs: 1500, text: 'eyes closed', source: 'key', streamId: 'eeg', sample: 150 },
    { atMs: 2350, text: 'tone 7', source: 'api', streamId: 'eeg', sample: 235, eventId: 'stim-7' },
  ]);
  // The recording goes on and stops; the pulled marker is not sent back as a second event.
  rec.push('eeg', { channels: [new Float32Array(100), new Float32Array(100)] });
  const stopped = await rec.stop();
  expect(stopped.markers.map((m) => m.text)).toEqual(['eyes closed', 'tone 7']);
  await queue.syncNow();
  const { events } = await serverJson(`/sessions/${id}/events?kind=marker`);
  expect(events.map((e: { id: string; onsetSec: number }) => [e.id, e.onsetSec])).toEqual([
    ['marker-eeg-150', 1.5],
    ['stim-7', 2.345],
  ]);
});

test('re-uploading everything (confirmations lost) duplicates nothing on the server', async () => {
  const db = await freshDb();
  const session = await recordSession(db, 3);
  const queue = new SyncQueue(db, clientFor(serverFetch().fetch));
  await queue.syncNow();
  const before = await serverJson(`/sessions/${session.id}/streams/eeg/chunks?after=-1&limit=1000`);
  // As if the browser crashed before it wrote the confirmations: every chunk is unsynced again.
  const all = await listChunks(db, session.id);
  await putDownloadedChunks(
    db,
    all.map((c) => ({ ...c, synced: 0 })),
  );
  await editSessionMetadata(db, session.id, { notes: 'again' });
  const again = serverFetch();
  await new SyncQueue(db, clientFor(again.fetch)).syncNow();
  const after = await serverJson(`/sessions/${session.id}/streams/eeg/chunks?after=-1&limit=1000`);
  expect(after.chunks).toEqual(before.chunks);
  expect(again.seen.some((r) => r.startsWith('PUT') && r.includes('/chunks/'))).toBe(false); // the checkpoint said it has them all
  expect((await listUnsyncedChunks(db, session.id)).length).toBe(0);
  expect((await serverJson(`/sessions/${session.id}`)).metadata.notes).toBe('again');
  expect((await serverJson(`/sessions/${session.id}/events`)).events).toHaveLength(2);
});

/** The same session on a second device: its record and chunks as a download would leave them. */
async function copyToSecondDevice(from: StudioDb, id: string): Promise<StudioDb> {
  const other = await freshDb();
  await putSession(other, (await getSession(from, id))!);
  await putDownloadedChunks(
    other,
    (await listChunks(from, id)).map((c) => ({ ...c, synced: 1 })),
  );
  return other;
}

for (const order of ['laptop first', 'phone first'] as const) {
  test(`two devices edit the notes (${order}): a 409 keeps both, and resolving it leaves both devices equal to the server`, async () => {
    const laptop = await freshDb();
    const session = await recordSession(laptop, 2);
    const laptopQueue = new SyncQueue(laptop, clientFor(serverFetch().fetch));
    await laptopQueue.syncNow();
    const phone = await copyToSecondDevice(laptop, session.id);
    const phoneQueue = new SyncQueue(phone, clientFor(serverFetch().fetch));
    await editSessionMetadata(laptop, session.id, { notes: 'from the laptop' });
    await editSessionMetadata(phone, session.id, { notes: 'from the phone' });
    const [first, second] = order === 'laptop first' ? [laptopQueue, phoneQueue] : [phoneQueue, laptopQueue];
    const [firstDb, secondDb] = order === 'laptop first' ? [laptop, phone] : [phone, laptop];
    await first.syncNow();
    await second.syncNow();
    const conflicted = (await getSession(secondDb, session.id))!;
    expect(conflicted.sync.state).toBe('conflict');
    expect(conflicted.sync.conflict!.serverNotes).toBe((await getSession(firstDb, session.id))!.notes);
    expect(conflicted.notes).not.toBe(conflicted.sync.conflict!.serverNotes); // nothing overwritten
    await second.resolveConflict(session.id, 'server');
    await first.syncNow();
    const server = (await serverJson(`/sessions/${session.id}`)).metadata.notes;
    expect(server).toBe(order === 'laptop first' ? 'from the laptop' : 'from the phone');
    for (const db of [laptop, phone]) {
      const s = (await getSession(db, session.id))!;
      expect(s.notes).toBe(server);
      expect(s.sync.state).toBe('synced');
    }
  });
}

test('the consent sync runs under travels as metadata.consent; turning sync off mid-upload sends no further request', async () => {
  const db = await freshDb();
  const session = await recordSession(db, 6);
  const local = await listChunks(db, session.id);
  const consent = { basis: 'consent', version: '2026-12-03', grantedAtMs: Date.UTC(2026, 11, 3, 9, 30) } as const;
  const net = serverFetch();
  let queue: SyncQueue | undefined;
  let chunkPuts = 0;
  // the user turns sync off while the third chunk is on its way
  const stopping = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.method === 'PUT' && String(input).includes('/chunks/') && ++chunkPuts === 3) queue!.stop();
    return net.fetch(input, init);
  }) as typeof fetch;
  queue = new SyncQueue(db, clientFor(stopping), {}, consent);
  await expect(queue.syncNow()).rejects.toThrow('Sync was turned off');
  const sent = net.seen.length;
  expect(net.seen.filter((r) => r.startsWith('PUT') && r.includes('/chunks/')).length).toBe(3);
  expect((await listUnsyncedChunks(db, session.id)).length).toBe(local.length - 3);
  const stopped = await getSession(db, session.id);
  expect(stopped!.sync).toMatchObject({ state: 'local', message: 'Sync is off' });
  // nothing more goes out while it is off
  await new Promise((r) => setTimeout(r, 50));
  expect(net.seen.length).toBe(sent);
  const onServer = await serverJson(`/sessions/${session.id}`);
  expect(onServer.metadata.consent).toEqual({ basis: 'consent', version: '2026-12-03', grantedAt: '2026-12-03T09:30:00.000Z' });
  // on again: the rest lands, once each
  await new SyncQueue(db, clientFor(net.fetch), {}, consent).syncNow();
  expect(await listUnsyncedChunks(db, session.id)).toEqual([]);
  const eeg = await serverJson(`/sessions/${session.id}/streams/eeg/chunks`);
  expect(eeg.chunks.length).toBe(local.filter((c) => c.streamId === 'eeg').length);
});

test('metadata.consent is checked by the server: an unknown basis is refused, loopback has no grant time', async () => {
  const put = (consent: unknown) =>
    api.app.request(`http://127.0.0.1:8000/api/v1/sessions/${crypto.randomUUID()}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        device: { name: 'Synthetic headset' },
        streams,
        startTime: '2026-12-03T09:30:00.000Z',
        timeBase: 'sample-rate',
        consent,
      }),
    });
  expect((await put({ basis: 'loopback', version: '2026-12-03', grantedAt: null })).status).toBe(201);
  const refused = await put({ basis: 'implied', version: '2026-12-03', grantedAt: null });
  expect(refused.status).toBe(400);
  expect(JSON.stringify(await refused.json())).toMatch(/consent/);
});
