import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { onError } from '../../http/error-handler.ts';
import { hostGuard, requestHostname } from './index.ts';

const app = new Hono<AppEnv>().use('*', hostGuard()).get('/x', (c) => c.text('ok'));
app.onError(onError);

describe('host guard (local mode)', () => {
  it.each(['localhost:8000', '127.0.0.1:8000', '127.1.2.3', '[::1]:8000', 'studio.localhost'])('answers Host %s', async (host) => {
    expect((await app.request('/x', { headers: { host } })).status).toBe(200);
  });

  it.each(['evil.example:8000', 'localhost.evil.example', '192.168.1.5:8000', '0.0.0.0', 'localhost:8000@evil', ''])(
    'refuses Host %j with 403',
    async (host) => {
      const res = await app.request('/x', { headers: { host } });
      expect(res.status).toBe(403);
      expect((await res.json()).errors[0].path).toBe('header.host');
    },
  );

  it('parses host names with ports and IPv6 brackets', () => {
    expect(requestHostname('[::1]:80', 'http://x/')).toBe('[::1]');
    expect(requestHostname(undefined, 'http://localhost:9/')).toBe('localhost');
  });
});
