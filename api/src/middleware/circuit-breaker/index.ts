// Circuit breaker middleware for the routes that call between services (/communicate and
// /coordinate): a destination whose calls keep failing (5xx, timeouts) answers 503 at once with
// Retry-After until its breaker lets a trial call through.
import type { Context, MiddlewareHandler } from 'hono';
import { securityProblem } from '../../auth/problems.ts';
import type { AppEnv } from '../../context.ts';
import { CircuitBreaker, type BreakerOptions } from './breaker.ts';

export { CircuitBreaker, type BreakerOptions, type BreakerState } from './breaker.ts';

export interface CircuitBreakerOptions extends BreakerOptions {
  /** The destination a request calls, or null when the breaker does not apply. */
  destinationOf(c: Context<AppEnv>): Promise<string | null>;
  /** Shared between listeners so that all ports see one state per destination. */
  breakers?: Map<string, CircuitBreaker>;
}

/** Destination of /communicate (its body's `destination`) and /coordinate (the coordinator itself). */
export async function interServiceDestination(c: Context<AppEnv>): Promise<string | null> {
  const path = c.req.path;
  if (c.req.method !== 'POST') return null;
  if (/(?:^|\/)coordinate$/.test(path)) return 'coordinate';
  if (!/(?:^|\/)communicate$/.test(path)) return null;
  try {
    const body = await c.req.json();
    const destination = body && typeof body === 'object' ? (body as { destination?: unknown }).destination : undefined;
    return typeof destination === 'string' && /^[a-z0-9_-]{1,40}$/i.test(destination) ? `communicate:${destination}` : null;
  } catch {
    return null; // malformed bodies are the validator's to refuse
  }
}

/**
 * @example app.use('*', circuitBreaker({ destinationOf: interServiceDestination }))
 */
export function circuitBreaker(options: CircuitBreakerOptions): MiddlewareHandler<AppEnv> {
  const breakers = options.breakers ?? new Map<string, CircuitBreaker>();
  return async function circuitBreakerMiddleware(c, next) {
    const destination = await options.destinationOf(c);
    if (!destination) return next();
    let breaker = breakers.get(destination);
    if (!breaker) breakers.set(destination, (breaker = new CircuitBreaker(options)));
    if (!breaker.tryAcquire()) {
      const retrySec = Math.max(1, Math.ceil(breaker.retryInMs() / 1000));
      const error = securityProblem(503, `${destination} is failing; calls to it are paused for ${retrySec} s.`);
      return c.json(error.problem, 503, { 'Retry-After': String(retrySec) });
    }
    await next();
    if (c.res.status >= 500) breaker.failure();
    else breaker.success();
  };
}
