import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { onError } from '../../http/error-handler.ts';
import type { Services } from '../../services.ts';
import { originGuard } from './index.ts';

const build = (ports?: Services['ports']) => {
  const app = new Hono<AppEnv>()
    .use('*', async (c, next) => {
      if (ports) c.set('services', { ports } as Services);
      await next();
    })
    .use('*', originGuard({ allowedOrigins: ['https://studio.example.org'] }))
    .post('/x', (c) => c.text('ok'))
    .delete('/x', (c) => c.text('gone'))
    .get('/x', (c) => c.text('read'));
  app.onError(onError);
  return app;
};
const app = build();
const json = { 'content-type': 'application/json' };
const post = (headers: Record<string, string>, url = 'http://localhost:8000/x', on = app) => on.request(url, { method: 'POST', headers, body: '{}' });

// Headers as Chromium sends them for a fetch() or a form POST from a page of the given origin.
const browser = (origin: string, site: 'same-origin' | 'same-site' | 'cross-site') => ({
  origin,
  'sec-fetch-site': site,
  'sec-fetch-mode': 'cors',
  'sec-fetch-dest': 'empty',
});

describe('origin guard', () => {
  it("accepts the browser's same-origin writes and answers own-origin preflights", async () => {
    expect((await post({ ...json, ...browser('http://localhost:8000', 'same-origin') })).status).toBe(200);
    expect((await post({ ...json, origin: 'http://localhost:8000' })).status).toBe(200); // a browser without Fetch Metadata
    const multipart = { 'content-type': 'multipart/form-data; boundary=x' };
    expect((await post({ ...multipart, ...browser('http://localhost:8000', 'same-origin') })).status).toBe(200);
    const pre = await app.request('http://localhost:8000/x', {
      method: 'OPTIONS',
      headers: { origin: 'https://studio.example.org', 'access-control-request-method': 'PUT' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://studio.example.org');
  });

  it('refuses cross-site and foreign-origin writes whatever their content type, and foreign preflights', async () => {
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const cross = await post({ 'content-type': type, ...browser('https://evil.example', 'cross-site') });
      expect(cross.status, type).toBe(403);
      expect((await cross.json()).errors[0].path).toBe('header.sec-fetch-site');
    }
    // Fetch Metadata alone (a privacy extension strips Origin) still refuses a cross-site write.
    expect((await post({ ...json, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // Origin alone (a browser without Fetch Metadata) refuses a foreign origin, 'null' (sandboxed frame, file:) included.
    const foreign = await post({ ...json, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).errors[0].path).toBe('header.origin');
    expect((await app.request('http://localhost:8000/x', { method: 'DELETE', headers: { origin: 'null' } })).status).toBe(403);
    // Same site but another origin (another port or subdomain) is not ours either.
    expect((await post({ ...json, ...browser('http://localhost:3000', 'same-site') })).status).toBe(403);
    expect((await post({ ...json, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    const pre = await app.request('http://localhost:8000/x', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    // Reads still answer (the browser withholds them from the foreign page: no CORS header).
    const read = await app.request('http://localhost:8000/x', { headers: browser('https://evil.example', 'cross-site') });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts a configured origin on another site, with its CORS headers', async () => {
    const res = await post({ ...json, ...browser('https://studio.example.org', 'cross-site') });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://studio.example.org');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('passes requests that carry neither Origin nor Sec-Fetch-Site (curl, scripts, devices), form-like bodies included', async () => {
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json']) {
      const res = await post(type ? { 'content-type': type } : {});
      expect(res.status, String(type)).toBe(200);
    }
    expect((await app.request('http://localhost:8000/x', { method: 'DELETE' })).status).toBe(200);
  });

  it("counts the server's other listeners on the same host as ours (COMPAT_PORTS), and only those", async () => {
    const compat = build({ main: 8000, compat: true });
    const jona = 'http://localhost:7777/x';
    expect((await post({ ...json, ...browser('http://localhost:8000', 'same-site') }, jona, compat)).status).toBe(200);
    expect((await post({ ...json, ...browser('http://localhost:9999', 'same-site') }, jona, compat)).status).toBe(200);
    expect((await post({ ...json, ...browser('http://localhost:3000', 'same-site') }, jona, compat)).status).toBe(403);
    expect((await post({ ...json, ...browser('http://127.0.0.1:8000', 'cross-site') }, jona, compat)).status).toBe(403);
    const noCompat = build({ main: 8000, compat: false });
    expect((await post({ ...json, ...browser('http://localhost:9999', 'same-site') }, 'http://localhost:8000/x', noCompat)).status).toBe(403);
  });
});
