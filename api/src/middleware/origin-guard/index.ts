// Keeps other web pages from driving this server through a visitor's browser:
//  - CORS admits only the server's own origin (plus configured ones): a foreign preflight gets 403
//    without any Access-Control-Allow-* header, so the browser never sends the real request;
//  - a state-changing request from a foreign origin (Origin or Sec-Fetch-Site) is refused;
//  - a POST/PUT/PATCH without a token must carry a content type a plain HTML form or a "simple"
//    fetch cannot send (JSON, NDJSON, octet-stream...), which forces that CORS preflight, unless
//    the browser itself vouches that it comes from this origin (Origin or Sec-Fetch-Site).
import type { MiddlewareHandler } from 'hono';
import { securityProblem } from '../../auth/problems.ts';
import type { AppEnv } from '../../context.ts';

export interface OriginGuardOptions {
  /** Origins allowed besides the request's own, e.g. 'https://studio.example.org'. */
  allowedOrigins?: string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Content types a cross-site form or no-preflight fetch can send (Fetch standard, CORS-safelisted). */
const SIMPLE_TYPES = new Set(['', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
const ALLOWED_HEADERS = 'Authorization, Content-Type, If-Match, If-None-Match, Range, X-Chunk-SHA256, X-Request-Id';

/**
 * @example app.use('*', originGuard({ allowedOrigins: config.allowedOrigins }))
 */
export function originGuard(options: OriginGuardOptions = {}): MiddlewareHandler<AppEnv> {
  const extra = new Set(options.allowedOrigins ?? []);
  return async function originGuardMiddleware(c, next) {
    const own = new URL(c.req.url).origin;
    const origin = c.req.header('origin');
    const foreign = origin !== undefined && origin !== own && !extra.has(origin);
    const method = c.req.method;

    if (method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      if (foreign)
        throw securityProblem(403, `Cross-origin requests from ${origin.slice(0, 200)} are not allowed.`, [
          { path: 'header.origin', message: 'foreign origin' },
        ]);
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin ?? own,
        'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    if (!SAFE_METHODS.has(method)) {
      const site = c.req.header('sec-fetch-site');
      if (foreign || site === 'cross-site') {
        throw securityProblem(403, `State-changing requests from another site${origin ? ` (${origin.slice(0, 200)})` : ''} are not allowed.`, [
          { path: origin ? 'header.origin' : 'header.sec-fetch-site', message: 'cross-origin' },
        ]);
      }
      const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
      // Browsers attach Origin / Sec-Fetch-Site (headers no page can forge) to every POST, so the
      // app's own multipart upload proves itself; anything else must use a non-form content type.
      const provenSameOrigin = (origin !== undefined && !foreign) || site === 'same-origin';
      if (method !== 'DELETE' && !c.req.header('authorization') && SIMPLE_TYPES.has(type) && !provenSameOrigin) {
        throw securityProblem(415, `A ${method} without a token needs Content-Type: application/json${type ? `, not ${type}` : ''}.`, [
          { path: 'header.content-type', message: 'expected application/json (or a bearer token)' },
        ]);
      }
    }
    await next();
    if (origin !== undefined && !foreign && origin !== own) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Allow-Credentials', 'true');
      c.res.headers.append('Vary', 'Origin');
    }
  };
}
