// Strict-Transport-Security only when the request came over TLS (directly, or via a trusted proxy
// that says so): over plain HTTP the header is meaningless (RFC 6797 section 8.1 tells browsers to
// ignore it) and on a loopback server it would be wrong to promise HTTPS for the host.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';

export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * @example app.use('*', hsts(config.trustProxy))
 */
export function hsts(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async function hstsMiddleware(c, next) {
    await next();
    const tls = new URL(c.req.url).protocol === 'https:' || (trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0].trim() === 'https');
    if (tls) c.res.headers.set('Strict-Transport-Security', HSTS_VALUE);
    else c.res.headers.delete('Strict-Transport-Security');
  };
}
