// The security suite, part 2: user B on each of user A's ids gets exactly 404 (never 200 or a
// 403 that would confirm the id exists) and changes nothing; device keys reach ingest only;
// owner/role/timestamp fields in bodies are refused, never written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../src/db/schema.ts';
import { backends } from '../../src/testing/backends.ts';
import { account, client, metadata, openSecureApi, rowCounts, type SecureApi } from './helpers.ts';

// Both backends: ownership filters are SQL, and PostgreSQL is what cloud deployments run.
describe.each(backends)('on %s', (kind) => {
  let api: SecureApi;
  let alice: Awaited<ReturnType<typeof account>>;
  let bob: Awaited<ReturnType<typeof account>>;
  const sessionId = crypto.randomUUID();
  let synthesisId = '';
  let keyId = '';
  let deviceKey = '';

  beforeAll(async () => {
    api = await openSecureApi(undefined, kind);
    [alice, bob] = [await account(api, 'alice@example.org'), await account(api, 'bob@example.org')];
    const a = client(api, alice.token);
    expect((await a.json('PUT', `/api/v1/sessions/${sessionId}`, metadata)).status).toBe(201);
    expect((await a.putChunk(sessionId, 0)).status).toBe(201);
    expect((await a.putChunk(sessionId, 1)).status).toBe(201);
    expect(
      (
        await a.json('POST', `/api/v1/sessions/${sessionId}/events`, {
          events: [{ id: 'm1', kind: 'marker', onsetSec: 0.5, durationSec: 0, text: 'eyes closed' }],
        })
      ).status,
    ).toBeLessThan(300);
    expect((await a.json('POST', `/api/v1/sessions/${sessionId}/analysis`, {})).status).toBe(200);
    const ch = Array.from({ length: 512 }, (_, i) => Math.sin(i / 4) + (i === 300 ? 80 : 0));
    expect((await a.json('POST', '/albi/analyze', { channels: { c1: ch }, sample_rate: 256 })).status).toBe(200);
    const synth = await a.json('POST', '/jona/synthesize', { mode: 'relax', frequency: 10, duration: 1, amplitude: 0.5 });
    synthesisId = (await synth.json()).synthesis_id;
    const key = await a.json('POST', '/api/v1/keys', { name: 'headband' });
    expect(key.status).toBe(201);
    ({ id: keyId, key: deviceKey } = await key.json());
  });
  afterAll(() => api?.close());

  describe("user B on user A's ids", () => {
    it('every route that takes one of them answers 404 and the database is unchanged', async () => {
      const b = client(api, bob.token);
      const chunk = `/api/v1/sessions/${sessionId}/streams/eeg/chunks`;
      const before = await rowCounts(api);
      const attempts: [string, Response | Promise<Response>][] = [
        ['GET session', b.get(`/api/v1/sessions/${sessionId}`)],
        ['PUT session (overwrite)', b.json('PUT', `/api/v1/sessions/${sessionId}`, { ...metadata, notes: 'mine now' })],
        ['PUT session with If-Match', b.json('PUT', `/api/v1/sessions/${sessionId}`, { ...metadata, notes: 'mine now' }, { 'if-match': '"v1"' })],
        ['DELETE session', b.request('DELETE', `/api/v1/sessions/${sessionId}`)],
        ['GET chunk list', b.get(`${chunk}?after=-1`)],
        ['GET chunk', b.get(`${chunk}/0`)],
        ['PUT chunk', b.putChunk(sessionId, 2)],
        ['GET events', b.get(`/api/v1/sessions/${sessionId}/events`)],
        ['GET session export (EDF)', b.get(`/api/v1/sessions/${sessionId}/export?format=edf`)],
        ['GET session export (JSON)', b.get(`/api/v1/sessions/${sessionId}/export?format=json`)],
        [
          'POST events',
          b.json('POST', `/api/v1/sessions/${sessionId}/events`, { events: [{ id: 'x', kind: 'marker', onsetSec: 0, durationSec: 0, text: '' }] }),
        ],
        ['POST analysis', b.json('POST', `/api/v1/sessions/${sessionId}/analysis`, {})],
        ['GET synthesis', b.get(`/jona/synthesize/${synthesisId}`)],
        ['GET audio', b.get(`/jona/synthesize/${synthesisId}/audio`)],
        ['HEAD audio', b.request('HEAD', `/jona/synthesize/${synthesisId}/audio`)],
        ['GET audio range', b.get(`/jona/synthesize/${synthesisId}/audio`, { range: 'bytes=0-99' })],
        ['DELETE API key', b.request('DELETE', `/api/v1/keys/${keyId}`)],
      ];
      for (const [name, pending] of attempts) {
        const res = await pending;
        expect(res.status, name).toBe(404);
        const text = await res.text();
        expect(text, name).not.toContain('eyes closed');
        expect(res.headers.get('content-type') ?? '', name).not.toMatch(/audio/);
      }
      expect(await rowCounts(api)).toEqual(before);
    });

    it("B's lists, insights, anomalies, keys and export show nothing of A's", async () => {
      const b = client(api, bob.token);
      expect((await (await b.get('/api/v1/sessions')).json()).sessions).toEqual([]);
      expect((await (await b.get('/alba/data')).json()).data).toEqual([]);
      expect((await (await b.get('/albi/anomalies')).json()).anomalies).toEqual([]);
      expect((await (await b.get('/albi/insights')).json()).analyses_considered).toBe(0);
      expect((await (await b.get('/api/v1/keys')).json()).keys).toEqual([]);
      const exported = await (await b.get('/api/v1/me/export')).text();
      for (const secret of [sessionId, synthesisId, keyId, alice.email]) expect(exported).not.toContain(secret);
      // ... while A still sees all of it, unchanged.
      const a = client(api, alice.token);
      expect(await (await a.get(`/api/v1/sessions/${sessionId}`)).json()).toMatchObject({ version: 1, metadata: { notes: '' } });
      expect((await a.get(`/jona/synthesize/${synthesisId}/audio`)).status).toBe(200);
      expect((await (await a.get('/albi/anomalies')).json()).anomalies.length).toBeGreaterThan(0);
      expect((await (await a.get('/api/v1/keys')).json()).keys).toMatchObject([{ id: keyId, revoked_at: null }]);
    });
  });

  describe('device API keys', () => {
    it('ingest with the owner as owner, and are 403 everywhere else', async () => {
      const d = client(api, deviceKey);
      const ingest = await d.json('POST', '/alba/ingest', { source: 'sensor_001', type: 'eeg', payload: { v: 1 } });
      expect(ingest.status).toBe(201);
      const { id } = await ingest.json();
      expect((await (await client(api, alice.token).get('/alba/data')).json()).data.map((r: { id: string }) => r.id)).toContain(id);
      expect((await d.putChunk(sessionId, 2)).status).toBe(201);
      for (const [method, path] of [
        ['GET', '/api/v1/sessions'],
        ['GET', `/api/v1/sessions/${sessionId}`],
        ['GET', '/alba/data'],
        ['POST', '/jona/synthesize'],
        ['GET', '/api/v1/me/export'],
        ['DELETE', '/api/v1/me'],
        ['POST', '/api/v1/keys'],
        ['DELETE', `/api/v1/keys/${keyId}`],
        ['POST', '/api/v1/auth/password'],
      ]) {
        const res = await d.request(method, path, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
        expect(res.status, `${method} ${path}`).toBe(403);
      }
      expect((await (await client(api, alice.token).get('/api/v1/keys')).json()).keys[0].revoked_at).toBeNull();
    });

    it('stop working once revoked by their owner', async () => {
      const a = client(api, alice.token);
      const { id, key } = await (await a.json('POST', '/api/v1/keys', { name: 'temporary' })).json();
      expect((await a.request('DELETE', `/api/v1/keys/${id}`)).status).toBe(204);
      expect((await client(api, key).json('POST', '/alba/ingest', { source: 's', type: 'eeg', payload: {} })).status).toBe(401);
    });
  });

  describe('mass assignment', () => {
    it('owner, role, id and timestamp fields in bodies are refused with 400 naming them, and nothing is written', async () => {
      const before = await rowCounts(api);
      const anon = client(api);
      const reg = await anon.json('POST', '/api/v1/auth/register', {
        email: 'mallory@example.org',
        password: 'a long enough passphrase',
        role: 'admin',
      });
      expect(reg.status).toBe(400);
      expect((await reg.json()).errors.map((e: { path: string }) => e.path)).toContain('body.role');
      const b = client(api, bob.token);
      const cases: [string, string, unknown][] = [
        ['PUT', `/api/v1/sessions/${crypto.randomUUID()}`, { ...metadata, owner_id: alice.id }],
        ['PUT', `/api/v1/sessions/${crypto.randomUUID()}`, { ...metadata, ownerId: alice.id, createdAt: '2000-01-01T00:00:00Z' }],
        ['POST', '/alba/ingest', { source: 's', type: 'eeg', payload: {}, owner_id: alice.id }],
        ['POST', '/jona/synthesize', { mode: 'relax', frequency: 10, duration: 1, amplitude: 0.5, owner_id: alice.id }],
        ['POST', '/api/v1/keys', { name: 'k', owner_id: alice.id, scope: 'admin' }],
        ['POST', '/api/v1/auth/login', { email: bob.email, password: bob.password, role: 'admin' }],
      ];
      for (const [method, path, body] of cases) {
        const res = await b.json(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(400);
        expect((await res.json()).errors.length, path).toBeGreaterThan(0);
      }
      expect(await rowCounts(api)).toEqual(before);
      const [row] = await api.services.database.db.select().from(users).where(eq(users.id, bob.id));
      expect(row.role).toBe('user');
    });

    it('only configured admin addresses become admins; users are 403 on admin routes', async () => {
      expect((await client(api, bob.token).get('/api/v1/admin/users')).status).toBe(403);
      expect(
        (
          await client(api, bob.token).json('POST', '/orchestrator/communicate', {
            source: 'alba',
            destination: 'albi',
            packet_type: 'health',
            payload: {},
          })
        ).status,
      ).toBe(403);
      const admin = await account(api, 'admin@example.org');
      const list = await client(api, admin.token).get('/api/v1/admin/users');
      expect(list.status).toBe(200);
      expect((await list.json()).users.map((u: { email: string }) => u.email)).toEqual(expect.arrayContaining([alice.email, bob.email, admin.email]));
    });
  });
});
