// Rate limits per IP and per identity, weighted by cost: each request adds its route's cost to
// one budget (anonymous callers: per IP; authenticated: per identity, with ingest and chunk
// uploads in a separate, larger budget so that live data is never throttled by browsing), and
// auth routes add to a per-IP budget as well. Over budget: 429 with Retry-After; every limited
// response carries the IETF RateLimit-Limit / -Remaining / -Reset / -Policy headers.
import type { Context, MiddlewareHandler } from 'hono';
import type { Budget } from '../../auth/config.ts';
import type { AppEnv } from '../../context.ts';
import { securityProblem } from '../../auth/problems.ts';
import type { RateLimitStore } from './store.ts';

export { memoryStore, postgresStore, type RateLimitStore } from './store.ts';

/** Which budget a request draws from and how much it costs; null = not limited. */
export interface Charge {
  key: string;
  budget: Budget;
  cost: number;
}

export interface RateLimitOptions {
  store: RateLimitStore;
  /** The budgets this request is charged to (all must have room). */
  chargesOf(c: Context<AppEnv>): Charge[];
  now?: () => number;
}

/**
 * @example app.use('*', rateLimit({ store: memoryStore(), chargesOf: (c) => [{ key: ip(c), budget, cost: 1 }] }))
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const now = options.now ?? Date.now;
  return async function rateLimitMiddleware(c, next) {
    const charges = options.chargesOf(c);
    if (!charges.length) return next();
    const nowMs = now();
    let tightest: { charge: Charge; remaining: number; resetSec: number } | undefined;
    for (const charge of charges) {
      const { count, resetAtMs } = await options.store.hit(charge.key, charge.cost, charge.budget.windowMs, nowMs);
      const remaining = charge.budget.limit - count;
      const resetSec = Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000));
      if (!tightest || remaining < tightest.remaining) tightest = { charge, remaining, resetSec };
    }
    const { charge, remaining, resetSec } = tightest!;
    const headers = {
      'RateLimit-Limit': String(charge.budget.limit),
      'RateLimit-Remaining': String(Math.max(0, remaining)),
      'RateLimit-Reset': String(resetSec),
      'RateLimit-Policy': `${charge.budget.limit};w=${Math.round(charge.budget.windowMs / 1000)}`,
    };
    if (remaining < 0) {
      const error = securityProblem(
        429,
        `Too many requests: at most ${charge.budget.limit} units per ${Math.round(charge.budget.windowMs / 60000)} minutes; retry in ${resetSec} s.`,
      );
      return c.json(error.problem, 429, { ...headers, 'Retry-After': String(resetSec) });
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
