import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { onError } from '../http/error-handler.ts';
import { bodyGuard, jsonDepth } from './body-guard.ts';

const app = new Hono<AppEnv>()
  .use('*', bodyGuard({ maxBytes: 1000, maxDepth: 8 }))
  .post('/json', async (c) => c.json({ got: await c.req.json() }))
  .post('/bin', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
app.onError(onError);

describe('body guard', () => {
  it('passes JSON and binary bodies through unchanged', async () => {
    const res = await app.request('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[1,{"b":"}]]]"}]}' });
    expect(await res.json()).toEqual({ got: { a: [1, { b: '}]]]' }] } });
    expect(
      await (
        await app.request('/bin', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(999) })
      ).json(),
    ).toEqual({ bytes: 999 });
  });

  it('refuses compressed bodies (a gzip bomb is never inflated)', async () => {
    const bomb = gzipSync(Buffer.alloc(10_000_000));
    const res = await app.request('/json', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: bomb,
    });
    expect(res.status).toBe(415);
    expect((await res.json()).errors[0].path).toBe('header.content-encoding');
  });

  it('413 above the cap, declared or streamed without a length', async () => {
    expect(
      (
        await app.request('/json', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': '5000' },
          body: `"${'x'.repeat(4998)}"`,
        })
      ).status,
    ).toBe(413);
    const stream = () =>
      new ReadableStream({
        start(ctl) {
          for (let i = 0; i < 5; i++) ctl.enqueue(new Uint8Array(400));
          ctl.close();
        },
      });
    expect(
      (await app.request('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream(), duplex: 'half' } as RequestInit))
        .status,
    ).toBe(413);
    expect(
      (
        await app.request('/bin', {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream' },
          body: stream(),
          duplex: 'half',
        } as RequestInit)
      ).status,
    ).toBe(413);
  });

  it('400 for JSON nested deeper than the limit, counted outside strings only', async () => {
    expect(jsonDepth('[[["[[[["]]]')).toBe(3);
    expect(jsonDepth('{"a":"\\"[[[[[["}')).toBe(1);
    const res = await app.request('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '['.repeat(9) + ']'.repeat(9) });
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/nested more than 8/);
  });
});
