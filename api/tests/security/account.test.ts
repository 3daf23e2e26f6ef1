// The security suite, part 4: the account's life: password policy, login throttling that does
// not reveal which accounts exist, password change, export of everything owned, and erasure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ownedTables } from '../../src/routes/me/owned-tables.ts';
import { refreshTokens, users } from '../../src/db/schema.ts';
import { account, client, cookieOf, metadata, openSecureApi, rowCounts, testConfig, type SecureApi } from './helpers.ts';

let api: SecureApi;
beforeAll(async () => {
  const config = testConfig();
  api = await openSecureApi({ ...config, budgets: { ...config.budgets, loginFailures: { limit: 3, windowMs: 900_000 } } });
});
afterAll(() => api?.close());

describe('registration and login', () => {
  it('refuses short and common passwords with the field named, without composition rules', async () => {
    const anon = client(api);
    for (const password of ['short', 'password123', 'qwertyuiop']) {
      const res = await anon.json('POST', '/api/v1/auth/register', { email: 'p@example.org', password });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].path).toBe('body.password');
    }
    expect((await anon.json('POST', '/api/v1/auth/register', { email: 'p@example.org', password: 'plain lower case words' })).status).toBe(201);
    expect((await anon.json('POST', '/api/v1/auth/register', { email: 'P@Example.org', password: 'plain lower case words' })).status).toBe(409);
    const [row] = await api.services.database.db.select().from(users).where(eq(users.email, 'p@example.org'));
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain('plain');
  });

  it('throttles failed logins per account with the same answer whether the account exists or not', async () => {
    const anon = client(api);
    const answers: Record<string, unknown[]> = {};
    for (const email of ['p@example.org', 'nobody@example.org']) {
      answers[email] = [];
      for (let i = 0; i < 3; i++) {
        const res = await anon.json('POST', '/api/v1/auth/login', { email, password: 'wrong password here' });
        answers[email].push(res.status, (await res.json()).detail);
      }
      const blocked = await anon.json('POST', '/api/v1/auth/login', { email, password: 'plain lower case words' });
      answers[email].push(blocked.status, (await blocked.json()).detail.replace(/\d+ s/, 'N s'));
    }
    expect(answers['p@example.org']).toEqual(answers['nobody@example.org']);
    expect(answers['p@example.org'].filter((x) => typeof x === 'number')).toEqual([401, 401, 401, 429]);
  });
});

describe('password change', () => {
  it('revokes every refresh token and every access token issued before it', async () => {
    const user = await account(api, 'change@example.org');
    const u = client(api, user.token);
    const wrong = await u.json('POST', '/api/v1/auth/password', { current_password: 'not it at all', new_password: 'another long phrase' });
    expect(wrong.status).toBe(400);
    expect((await u.json('POST', '/api/v1/auth/password', { current_password: user.password, new_password: 'another long phrase' })).status).toBe(
      204,
    );
    expect((await u.get('/api/v1/sessions')).status).toBe(401);
    expect((await client(api).request('POST', '/api/v1/auth/refresh', { body: {}, headers: { cookie: user.cookie } })).status).toBe(401);
    expect((await client(api).json('POST', '/api/v1/auth/login', { email: user.email, password: user.password })).status).toBe(401);
    const fresh = await client(api).json('POST', '/api/v1/auth/login', { email: user.email, password: 'another long phrase' });
    expect(fresh.status).toBe(200);
    expect((await client(api, (await fresh.json()).access_token).get('/api/v1/sessions')).status).toBe(200);
  });
});

describe("the account's data", () => {
  it('exports everything the account owns, with samples as numbers, and nothing of anyone else', async () => {
    const [ann, other] = [await account(api, 'ann@example.org'), await account(api, 'other@example.org')];
    const a = client(api, ann.token);
    const id = crypto.randomUUID();
    expect((await a.json('PUT', `/api/v1/sessions/${id}`, metadata)).status).toBe(201);
    expect((await a.putChunk(id, 0)).status).toBe(201);
    await a.json('POST', '/alba/ingest', { source: 'sensor_ann', type: 'eeg', payload: { v: 1 } });
    await a.json('POST', '/jona/synthesize', { mode: 'relax', frequency: 10, duration: 1, amplitude: 0.5 });
    await client(api, other.token).json('POST', '/alba/ingest', { source: 'sensor_other', type: 'eeg', payload: {} });
    const res = await a.get('/api/v1/me/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="clisonix-export-/);
    const doc = await res.json();
    expect(doc.account).toMatchObject({ id: ann.id, email: ann.email });
    expect(doc.sessions[0].session.id).toBe(id);
    expect(doc.sessions[0].chunks[0].channels).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(doc.readings.map((r: { source: string }) => r.source)).toEqual(['sensor_ann']);
    expect(doc.syntheses).toHaveLength(1);
    expect(JSON.stringify(doc)).not.toMatch(/passwordHash|keyHash|tokenHash|scrypt\$/);
  });

  it('DELETE /me erases every row the account owns, the account and its tokens; others keep theirs', async () => {
    const [eve, keep] = [await account(api, 'eve@example.org'), await account(api, 'keep@example.org')];
    const e = client(api, eve.token);
    const id = crypto.randomUUID();
    await e.json('PUT', `/api/v1/sessions/${id}`, metadata);
    await e.putChunk(id, 0);
    await e.json('POST', `/api/v1/sessions/${id}/analysis`, {});
    await e.json('POST', '/alba/ingest', { source: 's', type: 'eeg', payload: {} });
    const { key } = await (await e.json('POST', '/api/v1/keys', { name: 'k' })).json();
    const keepSession = crypto.randomUUID();
    await client(api, keep.token).json('PUT', `/api/v1/sessions/${keepSession}`, metadata);
    const before = await rowCounts(api);

    const res = await e.request('DELETE', '/api/v1/me');
    expect(res.status).toBe(204);
    const db = api.services.database.db;
    for (const owned of ownedTables) expect(await db.select().from(owned.table).where(eq(owned.ownerId, eve.id)), owned.name).toEqual([]);
    expect(await db.select().from(users).where(eq(users.id, eve.id))).toEqual([]);
    expect(await db.select().from(refreshTokens).where(eq(refreshTokens.userId, eve.id))).toEqual([]);
    const after = await rowCounts(api);
    expect(after.chunks).toBe(before.chunks - 1);
    expect(after.sessions).toBe(before.sessions - 1);
    // Every credential is dead.
    expect((await e.get('/api/v1/sessions')).status).toBe(401);
    expect((await client(api, key).json('POST', '/alba/ingest', { source: 's', type: 'eeg', payload: {} })).status).toBe(401);
    expect((await client(api).request('POST', '/api/v1/auth/refresh', { body: {}, headers: { cookie: eve.cookie } })).status).toBe(401);
    expect(cookieOf(res)).toBe('__Host-clisonix_refresh=');
    // The other account is untouched.
    expect((await client(api, keep.token).get(`/api/v1/sessions/${keepSession}`)).status).toBe(200);
  });
});
