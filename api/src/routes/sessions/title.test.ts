// The optional session title, in-process against PGlite and a real PostgreSQL: trimmed, stored in
// the metadata and its own column, returned by PUT/GET/list, versioned like any other metadata.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { backends, openTestApi, type TestApi } from '../../testing/backends.ts';
import { sessions } from '../../db/schema.ts';

const metadata = {
  device: { name: 'Muse S' },
  streams: [{ id: 'eeg', kind: 'eeg', sampleRateHz: 256, channels: ['TP9', 'AF7', 'AF8', 'TP10'].map((label) => ({ label, unit: 'uV' })) }],
  startTime: '2024-05-01T10:00:00.000Z',
  timeBase: 'sample-rate',
};

describe.each(backends)('session title on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi(kind);
  });
  afterAll(async () => api?.close());

  const put = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    api.app.request(`/api/v1/sessions/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const column = async (id: string) =>
    (await api.services.database.db.select({ title: sessions.title }).from(sessions).where(eq(sessions.id, id)))[0]?.title;

  it('round-trips a trimmed title through PUT, GET and the list, versioned with ETag/If-Match', async () => {
    const id = crypto.randomUUID();
    const created = await put(id, { ...metadata, title: '  Morning sit  ' });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"v1"');
    expect(await created.json()).toMatchObject({ id, version: 1, title: 'Morning sit', metadata: { title: 'Morning sit' } });
    expect(await column(id)).toBe('Morning sit');
    // The same title again (trimmed the same way) is the idempotent 200, no new version.
    const again = await put(id, { ...metadata, title: 'Morning sit ' });
    expect(again.status).toBe(200);
    expect((await again.json()).version).toBe(1);
    // A new title is a metadata change: needs If-Match, bumps the version.
    expect((await put(id, { ...metadata, title: 'Evening sit' })).status).toBe(409);
    const renamed = await put(id, { ...metadata, title: 'Evening sit' }, { 'if-match': '"v1"' });
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('etag')).toBe('"v2"');
    expect(await renamed.json()).toMatchObject({ version: 2, title: 'Evening sit' });
    const stale = await put(id, { ...metadata, title: 'Other device' }, { 'if-match': '"v1"' });
    expect(stale.status).toBe(409);
    expect((await stale.json()).server).toMatchObject({ version: 2, title: 'Evening sit' });
    const got = await api.app.request(`/api/v1/sessions/${id}`);
    expect(got.headers.get('etag')).toBe('"v2"');
    expect(await got.json()).toMatchObject({ title: 'Evening sit', metadata: { title: 'Evening sit' } });
    const listed = (await (await api.app.request('/api/v1/sessions')).json()).sessions.find((s: { id: string }) => s.id === id);
    expect(listed).toMatchObject({ title: 'Evening sit', version: 2 });
    // Dropping the title clears the column too.
    const untitled = await put(id, metadata, { 'if-match': '"v2"' });
    expect(await untitled.json()).toMatchObject({ version: 3, title: null });
    expect(await column(id)).toBeNull();
  });

  it('a session without a title answers title null', async () => {
    const id = crypto.randomUUID();
    const res = await put(id, metadata);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.title).toBeNull();
    expect(body.metadata).not.toHaveProperty('title');
  });

  it('refuses a title over 200 characters (after trimming) with a 400 naming body.title, storing nothing', async () => {
    const id = crypto.randomUUID();
    expect((await put(id, { ...metadata, title: ` ${'t'.repeat(200)} ` })).status).toBe(201);
    const other = crypto.randomUUID();
    const res = await put(other, { ...metadata, title: 't'.repeat(201) });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem).toMatchObject({ status: 400, errors: [{ path: 'body.title' }] });
    expect(problem.errors[0].message).toMatch(/200/);
    expect((await put(other, { ...metadata, title: 5 })).status).toBe(400);
    expect((await api.app.request(`/api/v1/sessions/${other}`)).status).toBe(404);
  });
});
