// Route tests of /api/v1/sessions, in-process, against PGlite and against a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { backends, openTestApi, type TestApi } from '../../testing/backends.ts';
import { encodeChunk, sha256Hex, CHUNK_CONTENT_TYPE } from '../../contract/chunk.ts';
import { sessionEvents } from '../../db/schema.ts';

const metadata = {
  device: { name: 'Muse S' },
  streams: [{ id: 'eeg', kind: 'eeg', sampleRateHz: 256, channels: ['TP9', 'AF7', 'AF8', 'TP10'].map((label) => ({ label, unit: 'uV' })) }],
  startTime: '2024-05-01T10:00:00.000Z',
  timeBase: 'sample-rate',
  tags: ['calm'],
  notes: '',
};

describe.each(backends)('sessions on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi(kind);
  });
  afterAll(async () => api?.close());

  const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    api.app.request(path, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const putChunk = async (id: string, seq: number, bytes: Uint8Array<ArrayBuffer>, hash?: string) =>
    api.app.request(`/api/v1/sessions/${id}/streams/eeg/chunks/${seq}`, {
      method: 'PUT',
      headers: { 'content-type': CHUNK_CONTENT_TYPE, 'x-chunk-sha256': hash ?? (await sha256Hex(bytes)) },
      body: bytes,
    });
  const fourChannels = (first: number, n: number, f = (i: number) => i) =>
    encodeChunk({ firstSample: first, channels: [0, 1, 2, 3].map((c) => Float32Array.from({ length: n }, (_, i) => f(first + i) + c)) });

  it('creates, returns, versions with If-Match and answers 409 with the server version on a stale write', async () => {
    const id = crypto.randomUUID();
    const created = await json('PUT', `/api/v1/sessions/${id}`, metadata);
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"v1"');
    // The same body again is an idempotent retry.
    expect((await json('PUT', `/api/v1/sessions/${id}`, metadata)).status).toBe(200);
    const updated = await json('PUT', `/api/v1/sessions/${id}`, { ...metadata, notes: 'eyes closed' }, { 'if-match': '"v1"' });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"v2"');
    const stale = await json('PUT', `/api/v1/sessions/${id}`, { ...metadata, notes: 'other device' }, { 'if-match': '"v1"' });
    expect(stale.status).toBe(409);
    const problem = await stale.json();
    expect(problem).toMatchObject({ status: 409, server: { version: 2, metadata: { notes: 'eyes closed' } } });
    const noIfMatch = await json('PUT', `/api/v1/sessions/${id}`, { ...metadata, notes: 'x' });
    expect(noIfMatch.status).toBe(409);
    const got = await api.app.request(`/api/v1/sessions/${id}`);
    expect(await got.json()).toMatchObject({ id, version: 2, metadata: { notes: 'eyes closed' } });
  });

  it('refuses bad metadata with a problem that names the field, and stores nothing', async () => {
    const id = crypto.randomUUID();
    const res = await json('PUT', `/api/v1/sessions/${id}`, { ...metadata, streams: [{ ...metadata.streams[0], sampleRateHz: -1 }], extra: 1 });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem).toMatchObject({ type: expect.any(String), title: 'Bad Request', status: 400 });
    const paths = problem.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('body.streams.0.sampleRateHz');
    expect(paths).toContain('body.extra');
    expect((await api.app.request(`/api/v1/sessions/${id}`)).status).toBe(404);
    const wrongType = await api.app.request(`/api/v1/sessions/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(metadata),
    });
    expect(wrongType.status).toBe(415);
    const malformed = await api.app.request(`/api/v1/sessions/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"device":',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const oversize = await json('PUT', `/api/v1/sessions/${id}`, { ...metadata, notes: 'x'.repeat(300_000) });
    expect(oversize.status).toBe(413);
    expect((await api.app.request('/api/v1/sessions/not-a-uuid')).status).toBe(400);
  });

  it('keeps the loop latency and the feedback mapping as structured metadata, validated; old clients sending tags still work', async () => {
    const loopLatency = { p50Ms: 21.5, p95Ms: 38.2, p99Ms: 44, updates: 120, windowMs: 4000, filterDelayMs: 11.7, packetisationMs: 46.9 };
    const feedbackMapping = {
      mappings: [{ metric: { kind: 'peak-alpha' }, target: { voice: 'beat', param: 'beatHz' }, input: [8, 12], output: [8, 12], maxRatePerSec: 0.5 }],
      holds: [
        {
          mode: 'hold',
          fromSec: 0,
          atSec: 60,
          condition: { metric: { kind: 'relative-power', band: 'alpha' }, above: 0.3, forSec: 30 },
          label: 'step 1',
        },
      ],
    };
    const id = crypto.randomUUID();
    expect((await json('PUT', `/api/v1/sessions/${id}`, { ...metadata, loopLatency, feedbackMapping })).status).toBe(201);
    const got = await (await api.app.request(`/api/v1/sessions/${id}`)).json();
    expect(got.metadata.loopLatency).toEqual(loopLatency);
    expect(got.metadata.feedbackMapping).toEqual(feedbackMapping);
    const listed = (await (await api.app.request('/api/v1/sessions')).json()).sessions.find((x: { id: string }) => x.id === id);
    expect(listed.metadata.loopLatency).toEqual(loopLatency);

    const refused = async (body: Record<string, unknown>) => {
      const res = await json('PUT', `/api/v1/sessions/${crypto.randomUUID()}`, { ...metadata, ...body });
      expect(res.status).toBe(400);
      return (await res.json()).errors.map((e: { path: string }) => e.path);
    };
    expect(await refused({ loopLatency: { ...loopLatency, p95Ms: 10 } })).toEqual(['body.loopLatency.p95Ms']); // below p50
    expect(await refused({ loopLatency: { ...loopLatency, filterDelayMs: -1 } })).toEqual(['body.loopLatency.filterDelayMs']);
    expect(await refused({ loopLatency: { ...loopLatency, jitterMs: 3 } })).toEqual(['body.loopLatency.jitterMs']);
    const { filterDelayMs, ...noFilterDelay } = loopLatency;
    expect(await refused({ loopLatency: noFilterDelay })).toEqual(['body.loopLatency.filterDelayMs']);
    expect(await refused({ loopLatency: { ...loopLatency, updates: 0 } })).toEqual(['body.loopLatency.updates']);
    const badOutput = { mappings: [{ ...feedbackMapping.mappings[0], output: [8, 120] }] };
    expect(await refused({ feedbackMapping: badOutput })).toEqual(['body.feedbackMapping.mappings.0.output.1']);
    expect(await refused({ feedbackMapping: { ...feedbackMapping, holds: [{ ...feedbackMapping.holds[0], atSec: -1 }] } })).toContain(
      'body.feedbackMapping.holds.0.atSec',
    );

    // A client from before the structured field: the figures as tags, accepted and returned as sent.
    const oldId = crypto.randomUUID();
    const tags = ['nf-loop-latency-p50-ms:212', 'nf-loop-latency-p95-ms:299', 'nf-filter-delay-ms:0'];
    expect((await json('PUT', `/api/v1/sessions/${oldId}`, { ...metadata, tags })).status).toBe(201);
    const old = await (await api.app.request(`/api/v1/sessions/${oldId}`)).json();
    expect(old.metadata.tags).toEqual(tags);
    expect(old.metadata.loopLatency).toBeUndefined();
  });

  it('stores chunks idempotently: 201, then 200 with the same receipt, 409 for other bytes; lists and returns them', async () => {
    const id = crypto.randomUUID();
    await json('PUT', `/api/v1/sessions/${id}`, metadata);
    const bytes = fourChannels(0, 256);
    const first = await putChunk(id, 0, bytes);
    expect(first.status).toBe(201);
    const receipt = await first.json();
    expect(receipt).toMatchObject({ seq: 0, firstSample: 0, sampleCount: 256, channelCount: 4 });
    const again = await putChunk(id, 0, bytes);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(receipt);
    const other = await putChunk(
      id,
      0,
      fourChannels(0, 256, (i) => -i),
    );
    expect(other.status).toBe(409);
    expect((await putChunk(id, 1, fourChannels(256, 256))).status).toBe(201);
    expect((await putChunk(id, 2, fourChannels(512, 256))).status).toBe(201);
    const list = await (await api.app.request(`/api/v1/sessions/${id}/streams/eeg/chunks?after=0&limit=1`)).json();
    expect(list.chunks.map((c: { seq: number }) => c.seq)).toEqual([1]);
    expect(list.next).toBe(1);
    const stored = await api.app.request(`/api/v1/sessions/${id}/streams/eeg/chunks/0`);
    expect(new Uint8Array(await stored.arrayBuffer())).toEqual(bytes);
    const detail = await (await api.app.request(`/api/v1/sessions/${id}`)).json();
    expect(detail.streams.eeg).toEqual({ chunkCount: 3, sampleCount: 768 });
  });

  it('checks the hash, the layout and the channel count of every chunk', async () => {
    const id = crypto.randomUUID();
    await json('PUT', `/api/v1/sessions/${id}`, metadata);
    const bytes = fourChannels(0, 16);
    const wrongHash = await putChunk(id, 0, bytes, '0'.repeat(64));
    expect(wrongHash.status).toBe(400);
    expect((await wrongHash.json()).errors[0].path).toBe('header.x-chunk-sha256');
    const truncated = bytes.subarray(0, bytes.length - 4);
    const layout = await putChunk(id, 0, truncated);
    expect(layout.status).toBe(400);
    expect((await layout.json()).errors[0].path).toBe('body.length');
    const twoChannels = encodeChunk({ firstSample: 0, channels: [new Float32Array(4), new Float32Array(4)] });
    expect((await putChunk(id, 0, twoChannels)).status).toBe(400);
    const missingHash = await api.app.request(`/api/v1/sessions/${id}/streams/eeg/chunks/0`, {
      method: 'PUT',
      headers: { 'content-type': CHUNK_CONTENT_TYPE },
      body: bytes,
    });
    expect(missingHash.status).toBe(400);
    expect((await putChunk(id, 0, bytes)).status).toBe(201); // nothing half-stored blocked the good one
    expect((await putChunk(crypto.randomUUID(), 0, bytes)).status).toBe(404);
    const undeclared = await api.app.request(`/api/v1/sessions/${id}/streams/ppg/chunks/0`, {
      method: 'PUT',
      headers: { 'content-type': CHUNK_CONTENT_TYPE, 'x-chunk-sha256': await sha256Hex(bytes) },
      body: bytes,
    });
    expect(undeclared.status).toBe(404);
  });

  it('keeps markers and gaps as events, idempotently, and rolls back a batch with a conflicting id', async () => {
    const id = crypto.randomUUID();
    await json('PUT', `/api/v1/sessions/${id}`, metadata);
    const events = [
      { id: 'm1', kind: 'marker', onsetSec: 1.5, durationSec: 0, text: 'eyes closed' },
      { id: 'g1', kind: 'gap', stream: 'eeg', onsetSec: 10, durationSec: 0.25 },
    ];
    expect(await (await json('POST', `/api/v1/sessions/${id}/events`, { events })).json()).toEqual({ created: 2, unchanged: 0 });
    expect(await (await json('POST', `/api/v1/sessions/${id}/events`, { events })).json()).toEqual({ created: 0, unchanged: 2 });
    const conflict = await json('POST', `/api/v1/sessions/${id}/events`, {
      events: [
        { id: 'm2', kind: 'marker', onsetSec: 3, durationSec: 0 },
        { ...events[0], text: 'changed' },
      ],
    });
    expect(conflict.status).toBe(409);
    const [{ n }] = await api.services.database.db.select({ n: count() }).from(sessionEvents).where(eq(sessionEvents.sessionId, id));
    expect(Number(n)).toBe(2); // m2 was rolled back with the batch
    const gaps = await (await api.app.request(`/api/v1/sessions/${id}/events?kind=gap`)).json();
    expect(gaps.events).toEqual([{ id: 'g1', kind: 'gap', stream: 'eeg', onsetSec: 10, durationSec: 0.25, text: '' }]);
  });

  it('places a marker posted with atTime on the timeline from the session start; refuses one before it or with both times', async () => {
    const id = crypto.randomUUID();
    await json('PUT', `/api/v1/sessions/${id}`, metadata);
    const posted = await json('POST', `/api/v1/sessions/${id}/events`, {
      events: [{ id: 'stim-1', kind: 'marker', stream: 'eeg', atTime: '2024-05-01T12:00:02.250+02:00', durationSec: 0, text: 'tone' }],
    });
    expect(posted.status).toBe(200);
    const markers = await (await api.app.request(`/api/v1/sessions/${id}/events?kind=marker`)).json();
    expect(markers.events).toEqual([{ id: 'stim-1', kind: 'marker', stream: 'eeg', onsetSec: 2.25, durationSec: 0, text: 'tone' }]);
    const early = await json('POST', `/api/v1/sessions/${id}/events`, {
      events: [
        { id: 'ok', kind: 'marker', onsetSec: 1, durationSec: 0 },
        { id: 'early', kind: 'marker', atTime: '2024-05-01T09:59:59.000Z', durationSec: 0 },
      ],
    });
    expect(early.status).toBe(400);
    const problem = await early.json();
    expect(problem.detail).toMatch(/before the session started/);
    expect(problem.errors).toEqual([{ path: 'body.events.1.atTime', message: 'before the session start' }]);
    const both = await json('POST', `/api/v1/sessions/${id}/events`, {
      events: [{ id: 'both', kind: 'marker', onsetSec: 1, atTime: '2024-05-01T10:00:01.000Z', durationSec: 0 }],
    });
    expect(both.status).toBe(400);
    expect(JSON.stringify(await both.json())).toMatch(/exactly one of onsetSec/);
    // Nothing of the refused batches was kept.
    const after = await (await api.app.request(`/api/v1/sessions/${id}/events`)).json();
    expect(after.events.map((e: { id: string }) => e.id)).toEqual(['stim-1']);
  });

  it('lists newest first with a cursor and deletes a session with everything in it', async () => {
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    for (const id of ids) await json('PUT', `/api/v1/sessions/${id}`, metadata);
    const page1 = await (await api.app.request('/api/v1/sessions?limit=2')).json();
    expect(page1.sessions).toHaveLength(2);
    expect(page1.sessions[0].id).toBe(ids[2]);
    const page2 = await (await api.app.request(`/api/v1/sessions?limit=2&cursor=${page1.next}`)).json();
    expect(page2.sessions[0].id).toBe(ids[0]);
    await putChunk(ids[0], 0, fourChannels(0, 8));
    expect((await api.app.request(`/api/v1/sessions/${ids[0]}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api.app.request(`/api/v1/sessions/${ids[0]}`)).status).toBe(404);
    expect((await api.app.request(`/api/v1/sessions/${ids[0]}/streams/eeg/chunks/0`)).status).toBe(404);
    expect((await api.app.request(`/api/v1/sessions/${ids[0]}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api.app.request('/api/v1/sessions?bogus=1')).status).toBe(400);
  });
});
