import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { onError } from '../../http/error-handler.ts';
import { CircuitBreaker, circuitBreaker, interServiceDestination } from './index.ts';

describe('circuit breaker', () => {
  it('opens after the threshold, refuses while open, lets one trial through, closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.failure();
    }
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    now = 1000;
    expect(breaker.tryAcquire()).toBe(true); // the trial
    expect(breaker.tryAcquire()).toBe(false); // only one at a time
    breaker.success();
    expect(breaker.state).toBe('closed');
  });

  it('answers 503 with Retry-After for a failing destination without calling it, other destinations unaffected', async () => {
    let calls = 0;
    const app = new Hono<AppEnv>()
      .use('*', circuitBreaker({ destinationOf: interServiceDestination, failureThreshold: 2, openMs: 60_000 }))
      .post('/orchestrator/communicate', async (c) => {
        calls++;
        const { destination } = await c.req.json();
        return destination === 'jona' ? c.json({ error: 'down' }, 502) : c.json({ ok: true });
      });
    app.onError(onError);
    const send = (destination: string) =>
      app.request('/orchestrator/communicate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ destination }),
      });
    expect((await send('jona')).status).toBe(502);
    expect((await send('jona')).status).toBe(502);
    const fast = await send('jona');
    expect(fast.status).toBe(503);
    expect(Number(fast.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(calls).toBe(2);
    expect((await send('albi')).status).toBe(200);
  });
});
