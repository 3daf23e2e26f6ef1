// Ends a handler that has not produced a response within the limit with 504, so that a stuck
// request never holds a connection forever. Streams (WAV audio) are not cut: the limit covers the
// time to the first byte, after which the handler has returned its Response.
import type { Context, MiddlewareHandler } from 'hono';
import { securityProblem } from '../../auth/problems.ts';
import type { AppEnv } from '../../context.ts';

/**
 * `limit` is a fixed number of ms, or a function choosing it per request (uploads need longer).
 * @example app.use('*', requestTimeout(30_000))
 */
export function requestTimeout(limit: number | ((c: Context<AppEnv>) => number)): MiddlewareHandler<AppEnv> {
  return async function requestTimeoutMiddleware(c, next) {
    const ms = typeof limit === 'number' ? limit : limit(c);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(securityProblem(504, `The request took longer than ${ms} ms and was abandoned.`)), ms);
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
