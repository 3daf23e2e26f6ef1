// The chunk write path under concurrency (group commit, routes/sessions/chunk-store.ts), in-process
// against PGlite and a real PostgreSQL: a 201 means the row is committed and readable elsewhere;
// concurrent PUTs of one seq give exactly one 201; a bad chunk among concurrent good ones gets its
// own 4xx; a session changed or deleted behind the per-process session cache is noticed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { backends, openTestApi, type TestApi } from '../../testing/backends.ts';
import { encodeChunk, sha256Hex, CHUNK_CONTENT_TYPE } from '../../contract/chunk.ts';
import { chunks, sessions } from '../../db/schema.ts';
import { startPostgres, type RunningPostgres } from '../../testing/postgres.ts';
import { createServices } from '../../services.ts';
import { createApp } from '../../app.ts';
import pino from 'pino';
import { chunkBatcher } from './chunk-store.ts';

const metadata = {
  device: { name: 'Muse S' },
  streams: [{ id: 'eeg', kind: 'eeg', sampleRateHz: 256, channels: ['TP9', 'AF7', 'AF8', 'TP10'].map((label) => ({ label, unit: 'uV' })) }],
  startTime: '2024-05-01T10:00:00.000Z',
  timeBase: 'sample-rate',
  notes: '',
};

const chunkOf = (seq: number, channels = 4, offset = 0) =>
  encodeChunk({
    firstSample: seq * 256,
    channels: Array.from({ length: channels }, (_, c) => Float32Array.from({ length: 256 }, (_, i) => i + c + offset)),
  });

describe.each(backends)('chunk writes on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi(kind);
  });
  afterAll(async () => api?.close());

  const createSession = async (body: unknown = metadata) => {
    const id = crypto.randomUUID();
    const res = await api.app.request(`/api/v1/sessions/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return id;
  };
  const putChunk = async (id: string, seq: number, bytes: Uint8Array<ArrayBuffer>, options: { hash?: string; stream?: string } = {}) =>
    api.app.request(`/api/v1/sessions/${id}/streams/${options.stream ?? 'eeg'}/chunks/${seq}`, {
      method: 'PUT',
      headers: { 'content-type': CHUNK_CONTENT_TYPE, 'x-chunk-sha256': options.hash ?? (await sha256Hex(bytes)) },
      body: bytes,
    });
  const storedSeqs = async (id: string) =>
    (await api.services.database.db.select({ seq: chunks.seq }).from(chunks).where(eq(chunks.sessionId, id))).map((r) => r.seq).sort((a, b) => a - b);

  it('answers 201 only once the row is committed: each row is readable the moment its answer arrives, and groups formed', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, () => createSession()));
    const writesBefore = chunkBatcher(api.services).stats.writes;
    const seenAtAnswer: boolean[] = [];
    await Promise.all(
      ids.flatMap((id) =>
        Array.from({ length: 10 }, async (_, seq) => {
          const res = await putChunk(id, seq, chunkOf(seq));
          expect(res.status).toBe(201);
          const [row] = await api.services.database.db
            .select({ seq: chunks.seq })
            .from(chunks)
            .where(and(eq(chunks.sessionId, id), eq(chunks.seq, seq)));
          seenAtAnswer.push(row?.seq === seq);
        }),
      ),
    );
    expect(seenAtAnswer).toEqual(Array(60).fill(true));
    for (const id of ids) expect(await storedSeqs(id)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    // Group commit happened: fewer INSERTs than chunks.
    expect(chunkBatcher(api.services).stats.writes - writesBefore).toBeLessThan(60);
  });

  it('concurrent PUTs of one seq: exactly one 201, the same bytes 200 with its receipt, other bytes 409', async () => {
    const id = await createSession();
    const a = chunkOf(7, 4, 0);
    const b = chunkOf(7, 4, 1000);
    const [hashA, hashB] = [await sha256Hex(a), await sha256Hex(b)];
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => putChunk(id, 7, i % 2 ? b : a)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    const [stored] = await api.services.database.db.select().from(chunks).where(eq(chunks.sessionId, id));
    const winner = stored.sha256;
    expect([hashA, hashB]).toContain(winner);
    statuses.forEach((status, i) => {
      const sent = i % 2 ? hashB : hashA;
      expect(status).toBe(sent === winner ? (status === 201 ? 201 : 200) : 409);
    });
    const conflict = await responses[statuses.indexOf(409)].json();
    expect(conflict).toMatchObject({ status: 409, server: { seq: 7, sha256: winner } });
    const same = await responses[statuses.indexOf(200)].json();
    expect(same).toMatchObject({ seq: 7, sha256: winner, sampleCount: 256, channelCount: 4 });
    expect(await storedSeqs(id)).toEqual([7]);
  });

  it('a bad chunk among concurrent good ones gets its own 4xx naming the fault; every good one is stored', async () => {
    const id = await createSession();
    const good = Array.from({ length: 8 }, (_, seq) => putChunk(id, seq, chunkOf(seq)));
    const badHash = putChunk(id, 20, chunkOf(20), { hash: 'a'.repeat(64) });
    const badChannels = putChunk(id, 21, chunkOf(21, 3));
    const badStream = putChunk(id, 22, chunkOf(22), { stream: 'ppg' });
    const badLayout = (async () => {
      const bytes = chunkOf(23);
      bytes[0] = 0; // magic
      return putChunk(id, 23, bytes);
    })();
    const [goodRes, hashRes, channelRes, streamRes, layoutRes] = await Promise.all([Promise.all(good), badHash, badChannels, badStream, badLayout]);
    expect(goodRes.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(hashRes.status).toBe(400);
    expect((await hashRes.json()).errors[0].path).toBe('header.x-chunk-sha256');
    expect(channelRes.status).toBe(400);
    expect(await channelRes.json()).toMatchObject({ errors: [{ path: 'body.channelCount', message: 'expected 4' }] });
    expect(streamRes.status).toBe(404);
    expect((await streamRes.json()).errors[0].path).toBe('path.stream');
    expect(layoutRes.status).toBe(400);
    expect((await layoutRes.json()).errors[0].path).toBe('body.magic');
    expect(await storedSeqs(id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('checks a chunk against the session as it is now, when another process changed or deleted it behind the cache', async () => {
    const id = await createSession();
    expect((await putChunk(id, 0, chunkOf(0))).status).toBe(201); // this process now caches the session
    // Another process drops a channel from the stream (the row changes, the cache here does not know).
    const three = { ...metadata, streams: [{ ...metadata.streams[0], channels: metadata.streams[0].channels.slice(0, 3) }] };
    await api.services.database.db
      .update(sessions)
      .set({ metadata: three, version: sql`${sessions.version} + 1` })
      .where(eq(sessions.id, id));
    const stale = await putChunk(id, 1, chunkOf(1, 4));
    expect(stale.status).toBe(400);
    expect(await stale.json()).toMatchObject({ errors: [{ path: 'body.channelCount', message: 'expected 3' }] });
    expect((await putChunk(id, 2, chunkOf(2, 3))).status).toBe(201);
    // Another process deletes the session.
    await api.services.database.db.delete(sessions).where(eq(sessions.id, id));
    const gone = await putChunk(id, 3, chunkOf(3, 3));
    expect(gone.status).toBe(404);
    expect((await gone.json()).errors[0].path).toBe('path.id');
    expect(await storedSeqs(id)).toEqual([]);
  });
});

describe('chunk writes from two processes on one PostgreSQL', () => {
  let server: RunningPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => server?.stop());

  it('a second reader on its own connection sees every chunk answered 201, whichever process stored it', async () => {
    const open = () => createServices({ databaseUrl: server.url, logger: pino({ level: 'silent' }) });
    const [one, two] = [await open(), await open()];
    const reader = new pg.Client({ connectionString: server.url });
    await reader.connect();
    // One connection answers one query at a time: the reads queue behind each other.
    let queue: Promise<unknown> = Promise.resolve();
    const read = (id: string, seq: number) => {
      const result = queue.then(() => reader.query<{ sha256: string }>('select sha256 from chunks where session_id = $1 and seq = $2', [id, seq]));
      queue = result.catch(() => {});
      return result;
    };
    try {
      const apps = [createApp({ services: one }), createApp({ services: two })];
      const id = crypto.randomUUID();
      const created = await apps[0].request(`/api/v1/sessions/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(metadata),
      });
      expect(created.status).toBe(201);
      const visible = await Promise.all(
        Array.from({ length: 40 }, async (_, seq) => {
          const bytes = chunkOf(seq);
          const res = await apps[seq % 2].request(`/api/v1/sessions/${id}/streams/eeg/chunks/${seq}`, {
            method: 'PUT',
            headers: { 'content-type': CHUNK_CONTENT_TYPE, 'x-chunk-sha256': await sha256Hex(bytes) },
            body: bytes,
          });
          expect(res.status).toBe(201);
          const { rows } = await read(id, seq);
          return rows.length === 1 && rows[0].sha256 === (await sha256Hex(bytes));
        }),
      );
      expect(visible).toEqual(Array(40).fill(true));
    } finally {
      await reader.end();
      await one.database.close();
      await two.database.close();
    }
  });
});
