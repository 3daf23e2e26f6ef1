import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { onError } from '../../http/error-handler.ts';
import { jsonBody, requireContentType } from './index.ts';

function app() {
  const [type, limit] = jsonBody(100);
  return new Hono<AppEnv>()
    .post('/json', type, limit, async (c) => c.json(await c.req.json()))
    .post('/bin', requireContentType(['application/octet-stream']), (c) => c.text('ok'))
    .onError(onError);
}

describe('json-body guards', () => {
  it('passes a small JSON body, with or without a charset parameter', async () => {
    const res = await app().request('/json', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":1}' });
    expect(await res.json()).toEqual({ a: 1 });
  });

  it('answers 413 as a problem once the body passes the limit', async () => {
    const res = await app().request('/json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 'x'.repeat(200) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413, title: 'Content Too Large', errors: [{ path: 'body' }] });
  });

  it('answers 415 naming the header for a wrong or missing content type', async () => {
    const wrong = await app().request('/json', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(wrong.status).toBe(415);
    expect(await wrong.json()).toMatchObject({
      detail: 'Content-Type must be application/json, not text/plain.',
      errors: [{ path: 'header.content-type' }],
    });
    expect((await app().request('/bin', { method: 'POST', body: new Uint8Array(2) })).status).toBe(415);
  });
});
