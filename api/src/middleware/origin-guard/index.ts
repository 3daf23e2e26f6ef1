// Keeps other web pages from driving this server through a visitor's browser, by the Fetch
// Metadata and Origin headers that browsers attach and no page can forge:
//  - CORS admits only our own origins (this listener, the server's other listeners on the same
//    host, plus configured ones): a foreign preflight gets 403 without any Access-Control-Allow-*
//    header, so the browser never sends the real request;
//  - a state-changing request is refused when the browser marks it `Sec-Fetch-Site: cross-site`
//    (unless its Origin is a configured one), or `same-site` from an origin that is not ours, or
//    when its `Origin` is not ours (`Origin: null` included);
//  - a request that carries neither `Origin` nor `Sec-Fetch-Site` does not come from a browser
//    (curl, Python requests, a device): it cannot be a cross-site forgery, and it passes.
import type { Context, MiddlewareHandler } from 'hono';
import { securityProblem } from '../../auth/problems.ts';
import type { AppEnv } from '../../context.ts';
import { compatPorts } from '../../routes/ports.ts';

export interface OriginGuardOptions {
  /** Origins allowed besides our own, e.g. 'https://studio.example.org'. */
  allowedOrigins?: string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ALLOWED_HEADERS = 'Authorization, Content-Type, If-Match, If-None-Match, Range, X-Chunk-SHA256, X-Request-Id';

/** The server's listeners on the request's host: the main port and, with COMPAT_PORTS, the original ones. */
function ownOrigins(c: Context<AppEnv>, own: URL): Set<string> {
  const origins = new Set([own.origin]);
  const ports = c.get('services')?.ports;
  if (ports) {
    for (const port of [ports.main, ...(ports.compat ? Object.values(compatPorts) : [])]) origins.add(`${own.protocol}//${own.hostname}:${port}`);
  }
  return origins;
}

const refuse = (detail: string, path: string, message: string) => securityProblem(403, detail, [{ path, message }]);

/**
 * @example app.use('*', originGuard({ allowedOrigins: config.allowedOrigins }))
 */
export function originGuard(options: OriginGuardOptions = {}): MiddlewareHandler<AppEnv> {
  const extra = new Set(options.allowedOrigins ?? []);
  return async function originGuardMiddleware(c, next) {
    const url = new URL(c.req.url);
    const origin = c.req.header('origin');
    const ours = origin !== undefined && ownOrigins(c, url).has(origin);
    const configured = origin !== undefined && extra.has(origin);
    const foreign = origin !== undefined && !ours && !configured;
    const method = c.req.method;
    const shown = origin?.slice(0, 200);

    if (method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      if (foreign) throw refuse(`Cross-origin requests from ${shown} are not allowed.`, 'header.origin', 'foreign origin');
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin ?? url.origin,
        'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    if (!SAFE_METHODS.has(method)) {
      const site = c.req.header('sec-fetch-site')?.trim().toLowerCase();
      if (site === 'cross-site' && !configured)
        throw refuse(
          `State-changing requests from another site${origin ? ` (${shown})` : ''} are not allowed.`,
          'header.sec-fetch-site',
          'cross-site',
        );
      if (site === 'same-site' && !ours && !configured)
        throw refuse(
          `State-changing requests from another origin of this site${origin ? ` (${shown})` : ''} are not allowed.`,
          origin ? 'header.origin' : 'header.sec-fetch-site',
          'same-site, not our origin',
        );
      if (foreign) throw refuse(`State-changing requests from another origin (${shown}) are not allowed.`, 'header.origin', 'foreign origin');
    }
    await next();
    if (origin !== undefined && !foreign && origin !== url.origin) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Allow-Credentials', 'true');
      c.res.headers.append('Vary', 'Origin');
    }
  };
}
