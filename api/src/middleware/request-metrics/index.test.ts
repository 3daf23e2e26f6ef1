import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { createMetrics } from '../../metrics.ts';
import { requestMetrics } from './index.ts';

describe('request-metrics middleware', () => {
  it('counts by route pattern and status, not by raw path', async () => {
    const metrics = createMetrics();
    const app = new Hono<AppEnv>().use('*', requestMetrics(metrics)).get('/items/:id', (c) => c.text('ok'));
    await app.request('/items/1');
    await app.request('/items/2');
    await app.request('/nope');
    const text = await metrics.registry.metrics();
    expect(text).toContain('clisonix_http_requests_total{method="GET",route="/items/:id",status="200"} 2');
    expect(text).toContain('route="unmatched",status="404"} 1');
    expect(text).toMatch(/clisonix_http_request_duration_seconds_count\{method="GET",route="\/items\/:id"\} 2/);
  });
});
