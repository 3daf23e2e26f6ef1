// Local mode answers only requests addressed to a loopback name. A web page on another site that
// rebinds its own DNS name to 127.0.0.1 still sends its own name as Host, so it is refused here
// before it can read anything (DNS rebinding).
import type { MiddlewareHandler } from 'hono';
import { isLoopbackHost } from '../../auth/config.ts';
import { securityProblem } from '../../auth/problems.ts';
import type { AppEnv } from '../../context.ts';

/** The host name (no port) a request was addressed to. */
export function requestHostname(headerHost: string | undefined, url: string): string {
  if (headerHost !== undefined) {
    const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]*)(?::\d{1,5})?$/.exec(headerHost.trim());
    return match ? match[1] : '';
  }
  return new URL(url).hostname;
}

/**
 * 403 unless Host is localhost, *.localhost, 127.x.x.x or [::1].
 * @example if (config.mode === 'local') app.use('*', hostGuard())
 */
export function hostGuard(isAllowed: (hostname: string) => boolean = isLoopbackHost): MiddlewareHandler<AppEnv> {
  return async function hostGuardMiddleware(c, next) {
    const hostname = requestHostname(c.req.header('host'), c.req.url);
    if (!hostname || !isAllowed(hostname)) {
      throw securityProblem(
        403,
        `Host '${hostname.slice(0, 100)}' is not this server: in local mode only loopback names (localhost, 127.0.0.1, [::1]) are answered.`,
        [{ path: 'header.host', message: 'not a loopback name' }],
      );
    }
    await next();
  };
}
