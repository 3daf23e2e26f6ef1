// ALBA routes in-process against PGlite and a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, sql } from 'drizzle-orm';
import { backends, openTestApi, type TestApi } from '../../testing/backends.ts';
import { readings } from '../../db/schema.ts';

describe.each(backends)('ALBA on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi(kind);
  });
  afterAll(async () => api?.close());
  const post = (body: string, type = 'application/json') =>
    api.app.request('/alba/ingest', { method: 'POST', headers: { 'content-type': type }, body });
  const stored = async () => Number((await api.services.database.db.select({ n: count() }).from(readings))[0].n);

  it('ingests one reading with the original answer and lists it newest first', async () => {
    const res = await post(JSON.stringify({ source: 'sensor_001', type: 'eeg', payload: { value: 1.5 } }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['id', 'status', 'timestamp']);
    expect(body.status).toBe('ingested');
    expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
    await post(JSON.stringify({ source: 'sensor_002', type: 'ppg', payload: { value: 2 }, timestamp: '2024-01-01T00:00:00Z' }));
    const page = await (await api.app.request('/alba/data?source=sensor_001')).json();
    expect(page.data[0]).toMatchObject({ id: body.id, source: 'sensor_001', type: 'eeg', payload: { value: 1.5 } });
    const old = await (await api.app.request('/alba/data?until=2024-06-01T00:00:00Z')).json();
    expect(old.data.map((d: { source: string }) => d.source)).toEqual(['sensor_002']);
  });

  it('answers a batch per item (JSON array and NDJSON), storing only the valid items', async () => {
    const before = await stored();
    const res = await post(
      JSON.stringify([
        { source: 's', type: 'eeg', payload: {} },
        { source: 's', type: 'eeg', payload: 'nope' },
        { source: 's', type: 'eeg', payload: { a: 1 } },
      ]),
    );
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body).toMatchObject({ ingested: 2, rejected: 1 });
    expect(body.results[1]).toMatchObject({ index: 1, status: 'rejected', errors: [{ path: 'body.1.payload' }] });
    expect(await stored()).toBe(before + 2);
    const nd = await post('{"source":"n","type":"eeg","payload":{}}\n\n{"source":"n","type":"eeg","payload":{"x":2}}\n', 'application/x-ndjson');
    expect(nd.status).toBe(201);
    expect((await nd.json()).ingested).toBe(2);
    const bad = await post('{"source":"n"\nnot json\n', 'application/x-ndjson');
    expect(bad.status).toBe(400);
    expect((await bad.json()).results.map((r: { errors: { path: string }[] }) => r.errors[0].path)).toEqual(['line.1', 'line.2']);
    expect(await stored()).toBe(before + 4);
  });

  it('refuses NaN-like, unknown, deeply nested and mistyped input with the field named, storing nothing', async () => {
    const before = await stored();
    const cases: [string, string][] = [
      ['{"source":"s","type":"eeg","payload":{"v":NaN}}', 'body'],
      ['{"source":"s","type":"eeg","payload":{"v":1e999}}', 'body.payload'],
      ['{"source":"s","type":"eeg","payload":{},"owner_id":"x"}', 'body.owner_id'],
      ['{"source":5,"type":"eeg","payload":{}}', 'body.source'],
      [JSON.stringify({ source: 's', type: 'eeg', payload: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) }), 'body.payload'],
    ];
    for (const [body, path] of cases) {
      const res = await post(body);
      expect(res.status, body.slice(0, 60)).toBe(400);
      const problem = await res.json();
      expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await post('{}', 'text/plain')).status).toBe(415);
    expect((await post(JSON.stringify({ source: 's', type: 'eeg', payload: { big: 'x'.repeat(9 * 1024 * 1024) } }))).status).toBe(413);
    expect(await stored()).toBe(before);
  });

  it('stores payloads as json and GET /data returns the very numbers, strings and nesting that were posted', async () => {
    const column = (await api.services.database.db.execute(
      sql`select data_type from information_schema.columns where table_name = 'readings' and column_name = 'payload'`,
    )) as unknown as { rows: { data_type: string }[] };
    expect(column.rows).toEqual([{ data_type: 'json' }]);
    const payload = {
      numbers: [0.1 + 0.2, 1e-7, 5e-324, 1.7976931348623157e308, -123456789.12345679, 2 ** 53 + 2, 0, -1.5e-300],
      channels: [
        [1.25, -2.5],
        [3.000001, 4],
      ],
      text: 'µV, Ω, 😀, "quoted", \\back',
      nested: { a: { b: { c: [true, false, null] } } },
    };
    const res = await post(JSON.stringify({ source: 'roundtrip', type: 'eeg', payload }));
    expect(res.status).toBe(201);
    const page = await (await api.app.request('/alba/data?source=roundtrip')).json();
    expect(page.data[0].payload).toEqual(payload);
    expect(JSON.stringify(page.data[0].payload)).toBe(JSON.stringify(payload));
  });

  it('refuses a payload nested 17 levels deep with its path, and stores one nested 16 levels', async () => {
    const nest = (levels: number): unknown => (levels === 1 ? { v: 1 } : { a: nest(levels - 1) });
    expect((await post(JSON.stringify({ source: 's', type: 'eeg', payload: nest(16) }))).status).toBe(201);
    const res = await post(JSON.stringify({ source: 's', type: 'eeg', payload: nest(17) }));
    expect(res.status).toBe(400);
    const messages = (await res.json()).errors.map((e: { message: string }) => e.message);
    expect(messages).toContain(`payload${'.a'.repeat(16)} nests deeper than 16 levels`);
    const surrogate = await post(`{"source":"s","type":"eeg","payload":{"x":[1,{"y":"\\ud800"}]}}`);
    expect((await surrogate.json()).errors.map((e: { message: string }) => e.message)).toContain(
      'payload.x.1.y contains U+0000 or a lone UTF-16 surrogate, which cannot be stored',
    );
  });

  it('pages /data by cursor and reports metrics', async () => {
    for (let i = 0; i < 3; i++) await post(JSON.stringify({ source: 'pager', type: 'eeg', payload: { i } }));
    const first = await (await api.app.request('/alba/data?source=pager&limit=2')).json();
    expect(first.data.map((d: { payload: { i: number } }) => d.payload.i)).toEqual([2, 1]);
    const second = await (await api.app.request(`/alba/data?source=pager&limit=2&cursor=${first.next}`)).json();
    expect(second.data.map((d: { payload: { i: number } }) => d.payload.i)).toEqual([0]);
    expect(second.next).toBeNull();
    const metrics = await (await api.app.request('/alba/metrics')).json();
    expect(metrics.total_ingested).toBe(await stored());
    expect(metrics.by_source.pager).toBe(3);
    expect(metrics.rate_per_minute).toBeGreaterThanOrEqual(3);
    expect((await api.app.request('/alba/data?limit=0')).status).toBe(400);
    expect(await (await api.app.request('/alba/health')).json()).toMatchObject({ status: 'online', health: 1, checks: { database: true } });
  });
});
