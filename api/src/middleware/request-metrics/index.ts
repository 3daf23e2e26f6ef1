// Counts requests and observes latency per matched route pattern (not the raw path, so ids do
// not explode the label set).
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../../context.ts';
import type { Metrics } from '../../metrics.ts';

export function requestMetrics(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async function requestMetricsMiddleware(c, next) {
    const end = metrics.httpDuration.startTimer();
    await next();
    const route = c.res.status === 404 ? 'unmatched' : routePath(c, -1);
    end({ method: c.req.method, route });
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
  };
}
