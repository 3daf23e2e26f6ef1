import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import pino from 'pino';
import { Writable } from 'node:stream';
import type { AppEnv } from '../../context.ts';
import { requestLog } from './index.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: pino(stream) };
}

describe('request-log middleware', () => {
  it('logs one JSON line per request with the same id it returns in X-Request-Id', async () => {
    const { lines, logger } = capture();
    const app = new Hono<AppEnv>().use('*', requestLog(logger)).get('/x', (c) => c.text(c.get('requestId')));
    const res = await app.request('/x');
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.text()).toBe(id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ reqId: id, method: 'GET', path: '/x', status: 200 });
  });

  it('keeps a sane incoming id and replaces a hostile one', async () => {
    const { logger } = capture();
    const app = new Hono<AppEnv>().use('*', requestLog(logger)).get('/x', (c) => c.text('ok'));
    expect((await app.request('/x', { headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123');
    const hostile = (await app.request('/x', { headers: { 'x-request-id': 'a\tb<script>' } })).headers.get('x-request-id');
    expect(hostile).not.toContain('<');
  });
});
