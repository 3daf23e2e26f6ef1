import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { onError } from '../../http/error-handler.ts';
import { requestTimeout } from './index.ts';

const app = new Hono<AppEnv>()
  .use('*', requestTimeout(50))
  .get('/slow', async (c) => {
    await new Promise((r) => setTimeout(r, 300));
    return c.text('late');
  })
  .get('/fast', (c) => c.text('ok'))
  .get('/stream', (c) =>
    c.body(
      new ReadableStream({
        async pull(ctl) {
          await new Promise((r) => setTimeout(r, 100));
          ctl.enqueue(new Uint8Array([1]));
          ctl.close();
        },
      }),
    ),
  );
app.onError(onError);

describe('request timeout', () => {
  it('answers 504 when the handler is too slow, and leaves fast handlers and started streams alone', async () => {
    const slow = await app.request('/slow');
    expect(slow.status).toBe(504);
    expect((await slow.json()).detail).toMatch(/50 ms/);
    expect((await app.request('/fast')).status).toBe(200);
    const stream = await app.request('/stream');
    expect(stream.status).toBe(200);
    expect(new Uint8Array(await stream.arrayBuffer())).toEqual(new Uint8Array([1])); // 100 ms of streaming, not cut
  });
});

describe('per-request limits', () => {
  it('lets a chosen route run longer', async () => {
    const perRoute = new Hono<AppEnv>()
      .use(
        '*',
        requestTimeout((c) => (c.req.path === '/import' ? 500 : 50)),
      )
      .get('/*', async (c) => {
        await new Promise((r) => setTimeout(r, 150));
        return c.text('done');
      });
    perRoute.onError(onError);
    expect((await perRoute.request('/import')).status).toBe(200);
    expect((await perRoute.request('/other')).status).toBe(504);
  });
});
