import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { onError } from '../../http/error-handler.ts';
import { originGuard } from './index.ts';

const app = new Hono<AppEnv>()
  .use('*', originGuard({ allowedOrigins: ['https://studio.example.org'] }))
  .post('/x', (c) => c.text('ok'))
  .delete('/x', (c) => c.text('gone'))
  .get('/x', (c) => c.text('read'));
app.onError(onError);
const json = { 'content-type': 'application/json' };

describe('origin guard', () => {
  it('accepts same-origin JSON writes and answers own-origin preflights', async () => {
    expect(
      (await app.request('http://localhost:8000/x', { method: 'POST', headers: { ...json, origin: 'http://localhost:8000' }, body: '{}' })).status,
    ).toBe(200);
    const pre = await app.request('http://localhost:8000/x', {
      method: 'OPTIONS',
      headers: { origin: 'https://studio.example.org', 'access-control-request-method': 'PUT' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://studio.example.org');
  });

  it('refuses a foreign preflight without any CORS header, and foreign writes', async () => {
    const pre = await app.request('http://localhost:8000/x', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(
      (await app.request('http://localhost:8000/x', { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body: '{}' })).status,
    ).toBe(403);
    expect((await app.request('http://localhost:8000/x', { method: 'DELETE', headers: { origin: 'null' } })).status).toBe(403);
    expect(
      (await app.request('http://localhost:8000/x', { method: 'POST', headers: { ...json, 'sec-fetch-site': 'cross-site' }, body: '{}' })).status,
    ).toBe(403);
    // Reads still answer (the browser withholds them from the foreign page: no CORS header).
    const read = await app.request('http://localhost:8000/x', { headers: { origin: 'https://evil.example' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses form-like writes without a token (415) but accepts them with one', async () => {
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await app.request('http://localhost:8000/x', { method: 'POST', headers: type ? { 'content-type': type } : {}, body: 'a=1' });
      expect(res.status, String(type)).toBe(415);
    }
    expect(
      (
        await app.request('http://localhost:8000/x', {
          method: 'POST',
          headers: { 'content-type': 'text/plain', authorization: 'Bearer x' },
          body: 'a',
        })
      ).status,
    ).toBe(200);
    // The app's own multipart upload: the browser vouches for the origin.
    const own = { 'content-type': 'multipart/form-data; boundary=x' };
    expect(
      (await app.request('http://localhost:8000/x', { method: 'POST', headers: { ...own, origin: 'http://localhost:8000' }, body: '--x--' })).status,
    ).toBe(200);
    expect(
      (await app.request('http://localhost:8000/x', { method: 'POST', headers: { ...own, 'sec-fetch-site': 'same-origin' }, body: '--x--' })).status,
    ).toBe(200);
    expect(
      (await app.request('http://localhost:8000/x', { method: 'POST', headers: { ...own, 'sec-fetch-site': 'same-site' }, body: '--x--' })).status,
    ).toBe(415);
    expect((await app.request('http://localhost:8000/x', { method: 'DELETE' })).status).toBe(200);
  });
});
