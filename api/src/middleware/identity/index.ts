// Sets `c.get('identity')`. In local mode (the default on loopback) every request acts for the one
// implicit local owner. An authentication middleware (issue 4) that runs earlier and sets the
// identity itself takes precedence: this one only fills in what is missing.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Identity } from '../../context.ts';

/** The owner id of every row written in local mode. */
export const LOCAL_OWNER_ID = 'local';

export const localIdentity: Identity = Object.freeze({ ownerId: LOCAL_OWNER_ID, kind: 'local', role: 'admin' });

/**
 * @example app.use('*', identity()) // then c.get('identity').ownerId in handlers
 */
export function identity(fallback: Identity = localIdentity): MiddlewareHandler<AppEnv> {
  return async function identityMiddleware(c, next) {
    if (!c.get('identity')) c.set('identity', fallback);
    await next();
  };
}
