// The security suite, part 1: every way to present a bad credential gets exactly 401 and reads
// nothing; refresh tokens rotate, reuse revokes the family, concurrent refresh works in the grace.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../src/auth/jwt.ts';
import { account, client, cookieOf, metadata, openSecureApi, rowCounts, serverKeys, testConfig, type SecureApi } from './helpers.ts';

let api: SecureApi;
let alice: Awaited<ReturnType<typeof account>>;
const sessionId = crypto.randomUUID();
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  api = await openSecureApi(testConfig({ refreshGraceSec: 1 }));
  alice = await account(api, 'alice@example.org');
  expect((await client(api, alice.token).json('PUT', `/api/v1/sessions/${sessionId}`, metadata)).status).toBe(201);
});
afterAll(() => api?.close());

/** Asserts 401 with a problem body and no session data in it, for a list and a single session. */
async function expectRefused(token: string | undefined) {
  for (const path of ['/api/v1/sessions', `/api/v1/sessions/${sessionId}`, '/api/v1/me/export', '/alba/data']) {
    const res = await client(api, token).get(path);
    expect(res.status, `${path} with ${String(token).slice(0, 20)}`).toBe(401);
    const text = await res.text();
    expect(text).not.toContain(sessionId);
    expect(JSON.parse(text)).toMatchObject({ status: 401, title: 'Unauthorized' });
  }
}

describe('access tokens', () => {
  it('the valid token reads; no token is 401 with a Bearer challenge', async () => {
    expect((await client(api, alice.token).get(`/api/v1/sessions/${sessionId}`)).status).toBe(200);
    const res = await client(api).get('/api/v1/sessions');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    await expectRefused(undefined);
  });

  it('expired, not yet valid, wrong audience, wrong issuer: 401', async () => {
    const { privateKey } = await serverKeys(api);
    const claims = { iss: api.config.issuer, aud: api.config.audience, sub: alice.id, role: 'user' as const };
    await expectRefused(signAccessToken(privateKey, claims, 900, Date.now() - 16 * 60_000));
    await expectRefused(signAccessToken(privateKey, claims, 900, Date.now() + 10 * 60_000));
    await expectRefused(signAccessToken(privateKey, { ...claims, aud: 'another-api' }, 900));
    await expectRefused(signAccessToken(privateKey, { ...claims, iss: 'someone-else' }, 900));
  });

  it('alg none, algorithm swapped to HS256 keyed with the public key, tampered payload: 401', async () => {
    const { publicKey } = await serverKeys(api);
    const [, payload, signature] = alice.token.split('.');
    await expectRefused(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`);
    await expectRefused(`${b64({ alg: 'none' })}.${payload}.${signature}`);
    const hsHeader = b64({ alg: 'HS256', typ: 'at+jwt' });
    for (const secret of [publicKey.export({ type: 'spki', format: 'pem' }), publicKey.export({ type: 'spki', format: 'der' })]) {
      await expectRefused(`${hsHeader}.${payload}.${createHmac('sha256', secret).update(`${hsHeader}.${payload}`).digest('base64url')}`);
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    await expectRefused(`${alice.token.split('.')[0]}.${b64({ ...claims, role: 'admin' })}.${signature}`);
    await expectRefused(`${alice.token.split('.')[0]}.${b64({ ...claims, exp: claims.exp + 86400 })}.${signature}`);
    await expectRefused(`${alice.token}x`);
  });

  it('a refresh token is no access token, and an access token is no refresh token', async () => {
    await expectRefused(alice.cookie.split('=')[1]);
    const before = await rowCounts(api);
    const res = await client(api).request('POST', '/api/v1/auth/refresh', {
      headers: { cookie: `__Host-clisonix_refresh=${alice.token}`, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(401);
    expect(await rowCounts(api)).toEqual(before);
    // Nor is the bearer header a way to refresh.
    expect((await client(api, alice.cookie.split('=')[1]).request('POST', '/api/v1/auth/refresh', { body: {} })).status).toBe(401);
  });
});

describe('refresh tokens', () => {
  const refresh = (cookie: string) => client(api).request('POST', '/api/v1/auth/refresh', { body: {}, headers: { cookie } });

  it('are set as a __Host- HttpOnly Secure SameSite=Strict cookie and rotate on every use', async () => {
    const login = await client(api).json('POST', '/api/v1/auth/login', { email: alice.email, password: alice.password });
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^__Host-clisonix_refresh=rt_[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(await login.json()).not.toHaveProperty('refresh_token');
    const first = cookieOf(login);
    const rotated = await refresh(first);
    expect(rotated.status).toBe(200);
    const second = cookieOf(rotated);
    expect(second).not.toBe(first);
    const { access_token } = await rotated.json();
    expect((await client(api, access_token).get(`/api/v1/sessions/${sessionId}`)).status).toBe(200);
  });

  it('presenting a used token after the grace window revokes the whole family', async () => {
    const first = cookieOf(await client(api).json('POST', '/api/v1/auth/login', { email: alice.email, password: alice.password }));
    const second = cookieOf(await refresh(first));
    await new Promise((r) => setTimeout(r, 1200)); // grace window of this suite: 1 s
    const reuse = await refresh(first);
    expect(reuse.status).toBe(401);
    expect(reuse.headers.get('set-cookie')).toMatch(/__Host-clisonix_refresh=;.*Max-Age=0/);
    // The thief's and the victim's successor are both dead now.
    expect((await refresh(second)).status).toBe(401);
    // Other families (other devices) are untouched.
    expect((await refresh(alice.cookie)).status).toBe(200);
  });

  it('two concurrent refreshes of one token both succeed inside the grace window', async () => {
    const first = cookieOf(await client(api).json('POST', '/api/v1/auth/login', { email: alice.email, password: alice.password }));
    const [a, b] = await Promise.all([refresh(first), refresh(first)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [ca, cb] = [cookieOf(a), cookieOf(b)];
    expect(ca).not.toBe(cb);
    expect((await refresh(ca)).status).toBe(200);
    expect((await refresh(cb)).status).toBe(200);
  });

  it('logout revokes the family; no cookie is 401', async () => {
    const cookie = cookieOf(await client(api).json('POST', '/api/v1/auth/login', { email: alice.email, password: alice.password }));
    expect((await client(api).request('POST', '/api/v1/auth/logout', { body: {}, headers: { cookie } })).status).toBe(204);
    expect((await refresh(cookie)).status).toBe(401);
    expect((await refresh('')).status).toBe(401);
  });
});
