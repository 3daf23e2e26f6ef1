// Structured request logs (pino): one line per request with its id, method, path, status and
// duration in ms. The id comes from a sane incoming X-Request-Id or is made here, and is echoed.
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { AppEnv } from '../../context.ts';

const saneId = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * @example app.use('*', requestLog(pino()))
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function requestLogMiddleware(c, next) {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && saneId.test(incoming) ? incoming : crypto.randomUUID();
    const child = logger.child({ reqId: requestId });
    c.set('requestId', requestId);
    c.set('logger', child);
    const started = performance.now();
    await next();
    c.res.headers.set('x-request-id', requestId);
    const status = c.res.status;
    child[status >= 500 ? 'error' : 'info'](
      {
        method: c.req.method,
        path: c.req.path,
        status,
        ms: +(performance.now() - started).toFixed(2),
      },
      'request',
    );
  };
}
