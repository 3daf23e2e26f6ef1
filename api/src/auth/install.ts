// Installs the whole security layer on an app with one call, in this order:
//   HSTS (TLS only) -> host guard (local mode) -> origin guard -> authenticate -> rate limit -> authorize
//   -> body guard -> circuit breaker (/communicate, /coordinate) -> request timeout -> routes
// The rate limiter sits between authentication and authorisation so that refused callers are
// charged too. Security headers (CSP, COOP/COEP, nosniff...) come from secureHeaders in app.ts,
// which runs first and so also covers every refusal made here.
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context.ts';
import { createRouter } from '../http/router.ts';
import { adminRoutes } from '../routes/auth/admin.ts';
import { authRoutes } from '../routes/auth/index.ts';
import { keyRoutes } from '../routes/keys/index.ts';
import { meRoutes } from '../routes/me/index.ts';
import type { Services } from '../services.ts';
import { authenticate, authorize, isAnonymous } from '../middleware/auth/index.ts';
import { circuitBreaker, interServiceDestination } from '../middleware/circuit-breaker/index.ts';
import { hostGuard } from '../middleware/host-guard/index.ts';
import { originGuard } from '../middleware/origin-guard/index.ts';
import { rateLimit, type Charge } from '../middleware/rate-limit/index.ts';
import { requestTimeout } from '../middleware/request-timeout/index.ts';
import { bodyGuard } from './body-guard.ts';
import { clientIp } from './client-ip.ts';
import { hsts } from './hsts.ts';
import { costOf, isAuthRoute, isIngestRoute, isStaticAsset, timeoutFor } from './policy.ts';
import { securityRuntime, type SecurityRuntime } from './runtime.ts';

/** The budgets a request is charged to (see docs/security.md). */
export function chargesFor(runtime: SecurityRuntime, c: Context<AppEnv>): Charge[] {
  const { config } = runtime;
  const { method, path } = c.req;
  if (isStaticAsset(method, path) || /(?:^|\/)health$/.test(path)) return [];
  const cost = costOf(method, path, Number(c.req.header('content-length') ?? 0) || 0);
  const ip = clientIp(c, config.trustProxy);
  const charges: Charge[] = [];
  if (isAuthRoute(path)) charges.push({ key: `auth:${ip}`, budget: config.budgets.auth, cost });
  if (isAnonymous(c)) {
    // Local mode without credentials is the machine's owner: not throttled beyond the auth routes.
    if (config.mode === 'required' || c.req.header('authorization') !== undefined)
      charges.push({ key: `anon:${ip}`, budget: config.budgets.anonymous, cost });
    return charges;
  }
  const { ownerId } = c.get('identity');
  if (isIngestRoute(method, path)) charges.push({ key: `ingest:${ownerId}`, budget: config.budgets.ingest, cost });
  else charges.push({ key: `id:${ownerId}`, budget: config.budgets.identity, cost });
  return charges;
}

/**
 * @example installSecurity(app, services) // in applyCommonMiddleware, before identity()
 */
export function installSecurity(app: OpenAPIHono<AppEnv>, services: Services): SecurityRuntime {
  const runtime = securityRuntime(services);
  const { config } = runtime;
  app.use('*', hsts(config.trustProxy));
  if (config.mode === 'local') app.use('*', hostGuard());
  app.use('*', originGuard({ allowedOrigins: config.allowedOrigins }));
  const authOptions = {
    mode: config.mode,
    db: services.database.db,
    publicKey: async () => (await runtime.keys()).publicKey,
    issuer: config.issuer,
    audience: config.audience,
  };
  app.use('*', authenticate(authOptions));
  app.use('*', rateLimit({ store: runtime.store, chargesOf: (c) => chargesFor(runtime, c) }));
  app.use('*', authorize(authOptions));
  app.use('*', bodyGuard({ maxBytes: config.maxBodyBytes, maxDepth: config.maxJsonDepth }));
  app.use('*', circuitBreaker({ destinationOf: interServiceDestination, breakers: runtime.breakers }));
  app.use(
    '*',
    requestTimeout((c) => timeoutFor(c.req.method, c.req.path, config.requestTimeoutMs)),
  );
  return runtime;
}

/**
 * The routes of the security layer, to mount under /api/v1 (before the /api/* catch-all).
 * @example app.route('/api/v1', securityRoutes())
 */
export function securityRoutes() {
  return createRouter().route('/auth', authRoutes()).route('/', meRoutes()).route('/', keyRoutes()).route('/', adminRoutes());
}
