// ALBA ingest through the group-commit batcher, in-process against PGlite and a real PostgreSQL:
// concurrent requests land exactly once and are committed before they are answered; a row the
// database refuses fails only its own request; a dead database fails every waiter with 503.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { backends, openTestApi, type TestApi } from '../../testing/backends.ts';
import { readings } from '../../db/schema.ts';
import { readingBatcher } from './store.ts';

describe.each(backends)('ALBA group commit on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi(kind);
  });
  afterAll(async () => api?.close());
  const post = (body: unknown) =>
    api.app.request('/alba/ingest', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const storedFrom = async (source: string) =>
    Number((await api.services.database.db.select({ n: count() }).from(readings).where(eq(readings.source, source)))[0].n);
  const list = async (source: string) =>
    (await (await api.app.request(`/alba/data?source=${source}&limit=1000`)).json()) as {
      data: { id: string; payload: { i: number }; timestamp: string }[];
    };

  it('stores 120 concurrent single ingests exactly once, in fewer commits, all listed by /data', async () => {
    const writesBefore = readingBatcher(api.services).stats.writes;
    const t0 = Date.now();
    const responses = await Promise.all(Array.from({ length: 120 }, (_, i) => post({ source: 'burst', type: 'eeg', payload: { i } })));
    const t1 = Date.now();
    expect(responses.map((r) => r.status)).toEqual(Array(120).fill(201));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { id: string; timestamp: string }[];
    const ids = new Set(bodies.map((b) => b.id));
    expect(ids.size).toBe(120);
    for (const b of bodies)
      expect(Date.parse(b.timestamp)).toBeGreaterThanOrEqual(t0 - 1), expect(Date.parse(b.timestamp)).toBeLessThanOrEqual(t1 + 1);
    expect(await storedFrom('burst')).toBe(120);
    const page = await list('burst');
    expect(new Set(page.data.map((d) => d.id))).toEqual(ids);
    expect(page.data.map((d) => d.payload.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    // Group commit happened: fewer database writes than requests.
    expect(readingBatcher(api.services).stats.writes - writesBefore).toBeLessThan(120);
  });

  it('keeps order and timestamp semantics: a batch stays contiguous and in order, newest first', async () => {
    const first = await post({ source: 'order', type: 'eeg', payload: { i: -1 } });
    expect(first.status).toBe(201);
    const batch = Array.from({ length: 5 }, (_, i) => ({ source: 'order', type: 'eeg', payload: { i: 100 + i } }));
    const explicit = { source: 'order', type: 'eeg', payload: { i: 200 }, timestamp: '2024-03-01T12:00:00.000+02:00' };
    const [batchRes, ...singles] = await Promise.all([
      post(batch),
      post(explicit),
      ...[1, 2, 3].map((i) => post({ source: 'order', type: 'eeg', payload: { i } })),
    ]);
    expect(batchRes.status).toBe(201);
    const batchBody = await batchRes.json();
    // One instant of ingest for the whole request, as before.
    expect(new Set(batchBody.results.map((r: { timestamp: string }) => r.timestamp)).size).toBe(1);
    expect((await singles[0].json()).timestamp).toBe('2024-03-01T10:00:00.000Z');
    const order = (await list('order')).data.map((d) => d.payload.i);
    // The reading acknowledged before the others were sent is the oldest.
    expect(order.at(-1)).toBe(-1);
    const at = order.indexOf(104);
    expect(order.slice(at, at + 5)).toEqual([104, 103, 102, 101, 100]);
    expect(order.length).toBe(10);
    const after = await post({ source: 'order', type: 'eeg', payload: { i: 999 } });
    expect(after.status).toBe(201);
    expect((await list('order')).data[0].payload.i).toBe(999);
  });

  it('refuses text PostgreSQL cannot store before queueing, so it never fails other readings', async () => {
    const res = await post([
      { source: 'nul', type: 'eeg', payload: { a: 'x\u0000' } },
      { source: 'nul\u0000', type: 'eeg', payload: {} },
      { source: 'nul', type: 'eeg', payload: { b: '\ud800' } },
      { source: 'nul', type: 'eeg', payload: { ok: 'é 🧠' } },
    ]);
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'ingested']);
    expect(body.results[0].errors[0]).toMatchObject({ path: 'body.0.payload', message: expect.stringMatching(/payload\.a .*U\+0000/) });
    expect(body.results[1].errors[0].path).toBe('body.1.source');
    expect(await storedFrom('nul')).toBe(1);
  });

  it('a reading the database refuses fails only its request (503); a refused batch keeps none of its rows', async () => {
    // A constraint the validation does not know about stands in for any row the database refuses.
    await api.services.database.db.execute(sql`alter table readings add constraint no_poison check (source <> 'poison') not valid`);
    try {
      const responses = await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => post({ source: 'mixed', type: 'eeg', payload: { i } })),
        post({ source: 'poison', type: 'eeg', payload: {} }),
        ...Array.from({ length: 10 }, (_, i) => post({ source: 'mixed', type: 'eeg', payload: { i: 10 + i } })),
      ]);
      expect(responses.map((r) => r.status)).toEqual([...Array(10).fill(201), 503, ...Array(10).fill(201)]);
      const problem = await responses[10].json();
      expect(problem).toMatchObject({ status: 503, title: expect.any(String), detail: expect.stringMatching(/none of this request was kept/) });
      expect(JSON.stringify(problem)).not.toMatch(/no_poison|constraint|at .*\.ts/);
      expect(await storedFrom('mixed')).toBe(20);
      // 1500 readings = two INSERT statements in one transaction; the last one is refused.
      const big = [
        ...Array.from({ length: 1499 }, (_, i) => ({ source: 'big', type: 'eeg', payload: { i } })),
        { source: 'poison', type: 'eeg', payload: {} },
      ];
      expect((await post(big)).status).toBe(503);
      expect(await storedFrom('big')).toBe(0);
    } finally {
      await api.services.database.db.execute(sql`alter table readings drop constraint no_poison`);
    }
  });

  it('answers every waiter 503 problem JSON when the database is closed (last: closes it)', async () => {
    await api.services.database.close();
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => post({ source: 'closed', type: 'eeg', payload: { i } })));
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(503));
    for (const r of responses) expect(await r.json()).toMatchObject({ type: expect.stringContaining('503'), status: 503, errors: [] });
  });
});
