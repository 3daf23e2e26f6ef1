// The security suite, part 3: limits and hostile input. Each case asserts the exact status and
// that the database did not change (rowCounts before == after).
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { securityConfigFromEnv } from '../../src/auth/config.ts';
import { installSecurity } from '../../src/auth/install.ts';
import { configureSecurity } from '../../src/auth/runtime.ts';
import { onError } from '../../src/http/error-handler.ts';
import { createRouter } from '../../src/http/router.ts';
import { createServices } from '../../src/services.ts';
import { account, client, metadata, openSecureApi, rowCounts, testConfig, type SecureApi } from './helpers.ts';

const fromIp = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 1, remoteFamily: 'IPv4' } } });

describe('rate limits (cloud mode, default budgets)', () => {
  let api: SecureApi;
  beforeAll(async () => {
    const defaults = securityConfigFromEnv({ AUTH: 'required' });
    api = await openSecureApi({ ...defaults, budgets: { ...defaults.budgets, identity: { limit: 5, windowMs: 900_000 } } });
  });
  afterAll(() => api?.close());

  it('the 101st anonymous request from one IP in 15 minutes is 429 with Retry-After and RateLimit headers', async () => {
    for (let i = 1; i <= 100; i++) {
      const res = await api.app.request('/api/v1/sessions', {}, fromIp('203.0.113.7'));
      expect(res.status).toBe(401);
      expect(res.headers.get('ratelimit-remaining')).toBe(String(100 - i));
    }
    const limited = await api.app.request('/api/v1/sessions', {}, fromIp('203.0.113.7'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(limited.headers.get('ratelimit-limit')).toBe('100');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-policy')).toBe('100;w=900');
    expect(await limited.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
    // Another caller is not affected; health checks are never limited.
    expect((await api.app.request('/api/v1/sessions', {}, fromIp('198.51.100.2'))).status).toBe(401);
    expect((await api.app.request('/health', {}, fromIp('203.0.113.7'))).status).toBe(200);
  });

  it('auth routes have their own per-IP budget of 100', async () => {
    const ip = fromIp('192.0.2.44');
    for (let i = 0; i < 100; i++)
      expect((await api.app.request('/api/v1/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' } }, ip)).status).toBe(
        204,
      );
    const res = await api.app.request(
      '/api/v1/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"a@b.org","password":"whatever1"}' },
      ip,
    );
    expect(res.status).toBe(429);
  });

  it('ingest draws from its own larger quota, so live data outlasts the identity budget', async () => {
    const user = await account(api, 'limits@example.org');
    const key = (await (await client(api, user.token).json('POST', '/api/v1/keys', { name: 'k' })).json()).key as string;
    const device = client(api, key);
    for (let i = 0; i < 20; i++) expect((await device.json('POST', '/alba/ingest', { source: 's', type: 'eeg', payload: { i } })).status).toBe(201);
    const browse = client(api, user.token);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await browse.get('/api/v1/sessions')).status);
    // Identity budget 5: one unit went to creating the key, so 4 reads pass and the rest are 429.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect((await device.json('POST', '/alba/ingest', { source: 's', type: 'eeg', payload: {} })).status).toBe(201);
  });
});

describe('hostile bodies and ids (cloud mode, signed in)', () => {
  let api: SecureApi;
  let token = '';
  beforeAll(async () => {
    api = await openSecureApi(testConfig());
    token = (await account(api, 'hostile@example.org')).token;
  });
  afterAll(() => api?.close());

  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    api.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body });

  it.each([
    ['oversize body (20 MB)', () => post('/alba/ingest', `{"source":"s","type":"eeg","payload":{"x":"${'a'.repeat(20_000_000)}"}}`), 413],
    ['oversize body declared by Content-Length', () => post('/alba/ingest', '{}', { 'content-length': String(1 << 30) }), 413],
    ['gzip bomb (10 MB of zeros in 10 KB)', () => post('/alba/ingest', gzipSync(Buffer.alloc(10_000_000)), { 'content-encoding': 'gzip' }), 415],
    ['malformed JSON', () => post('/alba/ingest', '{"source":"s","type":'), 400],
    ['deeply nested JSON', () => post('/alba/ingest', `{"source":"s","type":"eeg","payload":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`), 400],
    ['deeply nested arrays', () => post('/albi/analyze', `{"channels":{"c":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`), 400],
    ['NaN literal', () => post('/albi/analyze', '{"channels":{"c":[1,NaN,2]}}'), 400],
    ['number overflowing to Infinity', () => post('/albi/analyze', '{"channels":{"c":[1,1e999,2]}}'), 400],
    ['huge but finite numbers', () => post('/jona/synthesize', '{"mode":"relax","frequency":1e308,"duration":1e308,"amplitude":0.5}'), 400],
    [
      'huge integer in payload position',
      () =>
        post(
          '/api/v1/sessions/00000000-0000-4000-8000-000000000000/events',
          '{"events":[{"id":"a","kind":"marker","onsetSec":1e400,"durationSec":0}]}',
        ),
      400,
    ],
    ['wrong content type', () => post('/alba/ingest', 'source=s', { 'content-type': 'application/x-www-form-urlencoded' }), 415],
  ])('%s -> %i, nothing stored', async (_name, send, status) => {
    const before = await rowCounts(api);
    const res = await send();
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body).toMatchObject({ status, type: expect.any(String), detail: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/\bat \S+:\d+|node_modules|SELECT|INSERT/i);
    expect(await rowCounts(api)).toEqual(before);
  });

  it.each([
    ['/api/v1/sessions/..%2F..%2F..%2Fetc%2Fpasswd', 400],
    ["/api/v1/sessions/'%20OR%20'1'%3D'1", 400],
    ['/api/v1/sessions/1%3B%20DROP%20TABLE%20sessions%3B--', 400],
    ['/api/v1/sessions/00000000-0000-4000-8000-000000000000%27--', 400],
    ['/jona/synthesize/%2E%2E%2F%2E%2E%2Fpackage.json/audio', 400],
    ["/api/v1/sessions/00000000-0000-4000-8000-000000000000/streams/eeg'%3B--/chunks", 400],
    ['/api/v1/sessions/00000000-0000-4000-8000-000000000000/streams/eeg/chunks/1%20OR%201%3D1', 400],
    ['/api/v1/sessions/../../../etc/passwd', 404],
    ['/alba/data?source=%27%3B%20DROP%20TABLE%20readings%3B--', 200],
  ])('%s -> %i and nothing leaks or changes', async (path, status) => {
    const before = await rowCounts(api);
    const res = await api.app.request(path, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(text).not.toMatch(/root:|"name":\s*"clisonix"|syntax error|relation "/);
    expect(await rowCounts(api)).toEqual(before);
  });
});

describe('local mode (loopback, no login)', () => {
  let api: SecureApi;
  beforeAll(async () => {
    api = await openSecureApi(securityConfigFromEnv({ HOST: '127.0.0.1' }));
  });
  afterAll(() => api?.close());
  const id = crypto.randomUUID();

  it('works without a login for loopback names', async () => {
    expect(api.config.mode).toBe('local');
    const res = await api.app.request(`http://127.0.0.1:8000/api/v1/sessions/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:8000' },
      body: JSON.stringify(metadata),
    });
    expect(res.status).toBe(201);
  });

  it('refuses a foreign Host (DNS rebinding) with 403 and reveals nothing', async () => {
    for (const host of ['attacker.example', 'attacker.example:8000', '192.168.0.10:8000']) {
      const res = await api.app.request('/api/v1/sessions', { headers: { host } });
      expect(res.status, host).toBe(403);
      expect(await res.text()).not.toContain(id);
    }
  });

  it('refuses cross-origin writes and preflights, and form-like writes, changing nothing', async () => {
    const before = await rowCounts(api);
    const url = `http://localhost:8000/api/v1/sessions/${crypto.randomUUID()}`;
    const cross = await api.app.request(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify(metadata),
    });
    expect(cross.status).toBe(403);
    const preflight = await api.app.request(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const form = await api.app.request('http://localhost:8000/alba/ingest', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"source":"s","type":"eeg","payload":{}}',
    });
    expect(form.status).toBe(415);
    const sneaky = await api.app.request('http://localhost:8000/alba/ingest', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: '{"source":"s","type":"eeg","payload":{}}',
    });
    expect(sneaky.status).toBe(403);
    const read = await api.app.request('http://localhost:8000/api/v1/sessions', { headers: { origin: 'https://evil.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(await rowCounts(api)).toEqual(before);
  });

  it('sends the security headers on every response, refusals included', async () => {
    for (const res of [
      await api.app.request('/health'),
      await api.app.request('/api/v1/sessions', { headers: { host: 'evil.example' } }),
      await api.app.request('/nope'),
    ]) {
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
      expect(res.headers.get('content-security-policy')).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});

describe('HSTS', () => {
  let api: SecureApi;
  beforeAll(async () => {
    api = await openSecureApi(testConfig());
  });
  afterAll(() => api?.close());

  it('is sent over TLS only', async () => {
    expect((await api.app.request('http://localhost/health')).headers.get('strict-transport-security')).toBeNull();
    expect((await api.app.request('https://clisonix.example.org/health')).headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect((await api.app.request('https://clisonix.example.org/api/v1/sessions')).headers.get('strict-transport-security')).toMatch(
      /max-age=31536000/,
    ); // on the 401 too
  });
});

describe('circuit breaker as installed by installSecurity()', () => {
  it('a failing /communicate destination answers 503 fast after 5 failures, others still pass', async () => {
    const services = await createServices({ dataDir: 'memory://', logger: pino({ level: 'silent' }) });
    try {
      configureSecurity(services, securityConfigFromEnv({ HOST: '127.0.0.1' }));
      const app = createRouter();
      app.use('*', async (c, next) => {
        c.set('services', services);
        await next();
      });
      installSecurity(app, services);
      app.onError(onError);
      let calls = 0;
      // A stand-in destination that is down: the real handlers cannot be made to fail on demand.
      app.post('/orchestrator/communicate', async (c) => {
        calls++;
        const { destination } = await c.req.json();
        return destination === 'jona' ? c.json({ detail: 'destination down' }, 502) : c.json({ ok: true }, 200);
      });
      const send = (destination: string) =>
        app.request('http://localhost/orchestrator/communicate', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ destination }),
        });
      for (let i = 0; i < 5; i++) expect((await send('jona')).status).toBe(502);
      const open = await send('jona');
      expect(open.status).toBe(503);
      expect(Number(open.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(calls).toBe(5); // the open breaker answered without calling the failing destination
      expect((await send('albi')).status).toBe(200);
    } finally {
      await services.database.close();
    }
  });
});
