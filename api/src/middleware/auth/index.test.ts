// authenticate + authorize against a real (in-memory) PGlite database with the migrations.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createApiKey } from '../../auth/api-keys.ts';
import { publicKeyOf, signAccessToken } from '../../auth/jwt.ts';
import type { AppEnv } from '../../context.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { onError } from '../../http/error-handler.ts';
import { identity } from '../identity/index.ts';
import { authenticate, authorize } from './index.ts';

const { privateKey } = generateKeyPairSync('ed25519');
let database: Database;
const userId = crypto.randomUUID();
const claims = { iss: 'i', aud: 'a', sub: userId, role: 'user' as const };

function appIn(mode: 'local' | 'required') {
  const options = { mode, db: database.db, publicKey: async () => publicKeyOf(privateKey), issuer: 'i', audience: 'a' };
  const app = new Hono<AppEnv>().use('*', authenticate(options), authorize(options), identity()).all('*', (c) => c.json(c.get('identity')));
  app.onError(onError);
  return app;
}

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await database.db.insert(users).values({ id: userId, email: 'm@example.org', passwordHash: 'x', passwordChangedAt: new Date(Date.now() - 60_000) });
});
afterAll(() => database.close());

describe('authentication middleware', () => {
  it('cloud mode: 401 without a token except on public routes; the token names the owner', async () => {
    const app = appIn('required');
    const res = await app.request('/api/v1/sessions');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await app.request('/health')).status).toBe(200);
    expect(await (await app.request('/health')).json()).toMatchObject({ ownerId: 'anonymous' }); // never the local owner
    const token = signAccessToken(privateKey, claims, 900);
    expect(await (await app.request('/api/v1/sessions', { headers: { authorization: `Bearer ${token}` } })).json()).toEqual({
      ownerId: userId,
      kind: 'user',
      role: 'user',
    });
  });

  it('local mode: no token means the local owner, but a bad token is still 401', async () => {
    const app = appIn('local');
    expect(await (await app.request('/api/v1/sessions')).json()).toMatchObject({ ownerId: 'local' });
    expect((await app.request('/api/v1/sessions', { headers: { authorization: 'Bearer nonsense' } })).status).toBe(401);
    expect((await app.request('/api/v1/sessions', { headers: { authorization: 'Basic dTpw' } })).status).toBe(401);
  });

  it('device keys reach ingest only; users are kept off admin routes', async () => {
    const app = appIn('required');
    const { key } = await createApiKey(database.db, userId, 'sensor');
    const auth = { authorization: `Bearer ${key}` };
    expect((await app.request('/alba/ingest', { method: 'POST', headers: auth })).status).toBe(200);
    expect((await app.request('/ingest', { method: 'POST', headers: auth })).status).toBe(200);
    expect((await app.request(`/api/v1/sessions/${userId}/streams/eeg/chunks/0`, { method: 'PUT', headers: auth })).status).toBe(200);
    expect((await app.request('/api/v1/sessions', { headers: auth })).status).toBe(403);
    expect((await app.request('/api/v1/keys', { method: 'POST', headers: auth })).status).toBe(403);
    const token = signAccessToken(privateKey, claims, 900);
    expect((await app.request('/orchestrator/communicate', { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    expect((await app.request('/api/v1/admin/users', { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
  });

  it('ends access tokens issued before a password change or after the account is gone', async () => {
    const app = appIn('required');
    const old = signAccessToken(privateKey, claims, 900, Date.now() - 120_000);
    expect((await app.request('/x', { headers: { authorization: `Bearer ${old}` } })).status).toBe(401);
    const ghost = signAccessToken(privateKey, { ...claims, sub: crypto.randomUUID() }, 900);
    expect((await app.request('/x', { headers: { authorization: `Bearer ${ghost}` } })).status).toBe(401);
  });
});
