// Authentication and authorisation, in two steps so that the rate limiter can sit between them
// (anonymous and bad-token callers are then charged to their IP before being refused):
//   authenticate(): reads `Authorization: Bearer <access JWT | ck_ device key>` and sets the identity.
//   authorize():    401 without a valid identity where one is needed (cloud mode, or a bad token in
//                   any mode), 403 for a device key outside ingest or a user on an admin route.
// In local mode a request without credentials is left to identity()'s implicit local owner.
import type { Context, MiddlewareHandler } from 'hono';
import { eq } from 'drizzle-orm';
import type { KeyObject } from 'node:crypto';
import type { AuthMode } from '../../auth/config.ts';
import { findApiKey } from '../../auth/api-keys.ts';
import { verifyAccessToken } from '../../auth/jwt.ts';
import { isAdminRoute, isDeviceRoute, isPublic } from '../../auth/policy.ts';
import { securityProblem } from '../../auth/problems.ts';
import { API_KEY_PREFIX } from '../../auth/secrets.ts';
import type { AppEnv, Identity } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema-auth.ts';

/** Owner id of unauthenticated callers on public routes in cloud mode: it owns no rows. */
export const ANONYMOUS_OWNER_ID = 'anonymous';
const anonymousIdentity: Identity = Object.freeze({ ownerId: ANONYMOUS_OWNER_ID, kind: 'user', role: 'user' });

export interface AuthOptions {
  mode: AuthMode;
  db: Db;
  publicKey: () => Promise<KeyObject>;
  issuer: string;
  audience: string;
}

interface AuthState {
  /** No valid credentials were presented. */
  anonymous: boolean;
  /** Why presented credentials were refused (kept vague in the response). */
  failure?: string;
}
const states = new WeakMap<Context, AuthState>();

/** Whether this request carried no valid credentials (for the rate limiter and routes). */
export function isAnonymous(c: Context<AppEnv>): boolean {
  return states.get(c)?.anonymous ?? true;
}

/** The bearer credential of a request, if any. */
export function bearerOf(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer[ ]+([\x21-\x7e]{1,2048})$/i.exec(header.trim()) : null;
  return match ? match[1] : header ? '' : undefined;
}

async function identify(options: AuthOptions, token: string): Promise<Identity | string> {
  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await findApiKey(options.db, token);
    return key ? { ownerId: key.ownerId, kind: 'device', role: 'device' } : 'unknown or revoked API key';
  }
  let claims;
  try {
    claims = verifyAccessToken(await options.publicKey(), token, { iss: options.issuer, aud: options.audience });
  } catch (error) {
    return (error as Error).message;
  }
  // The account must still exist and the token must postdate the last password change, so that
  // deletion and password change end access tokens too, not only refresh tokens.
  const [user] = await options.db.select({ role: users.role, changed: users.passwordChangedAt }).from(users).where(eq(users.id, claims.sub));
  if (!user) return 'account no longer exists';
  if (claims.iat * 1000 < user.changed.getTime()) return 'token predates a password change';
  return { ownerId: claims.sub, kind: 'user', role: user.role === 'admin' ? 'admin' : 'user' };
}

/**
 * @example app.use('*', authenticate(options), rateLimit(...), authorize(options))
 */
export function authenticate(options: AuthOptions): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const token = bearerOf(c);
    let state: AuthState = { anonymous: true };
    if (token !== undefined) {
      const result = token ? await identify(options, token) : 'malformed Authorization header';
      if (typeof result === 'string') state = { anonymous: true, failure: result };
      else {
        state = { anonymous: false };
        c.set('identity', result);
      }
    }
    states.set(c, state);
    if (state.anonymous && options.mode === 'required') c.set('identity', anonymousIdentity);
    await next();
  };
}

export function authorize(options: Pick<AuthOptions, 'mode'>): MiddlewareHandler<AppEnv> {
  return async function authorizeMiddleware(c, next) {
    const state = states.get(c) ?? { anonymous: true };
    const { method, path } = c.req;
    const challenge = { 'WWW-Authenticate': 'Bearer realm="clisonix"' };
    if (state.failure) {
      c.get('logger')?.info({ reason: state.failure }, 'credentials refused');
      const error = securityProblem(401, 'The access token or API key is invalid or expired.', [
        { path: 'header.authorization', message: 'invalid credentials' },
      ]);
      return c.json(error.problem, 401, { 'WWW-Authenticate': 'Bearer realm="clisonix", error="invalid_token"' });
    }
    if (state.anonymous) {
      if (options.mode === 'required' && !isPublic(method, path)) {
        const error = securityProblem(401, 'This route needs a login: send Authorization: Bearer <access token>.', [
          { path: 'header.authorization', message: 'missing' },
        ]);
        return c.json(error.problem, 401, challenge);
      }
      return next();
    }
    const identity = c.get('identity');
    if (identity.role === 'device' && !isDeviceRoute(method, path)) {
      throw securityProblem(403, 'API keys may only ingest (POST /ingest, PUT sessions and chunks, POST events).', [
        { path: 'header.authorization', message: 'device key outside ingest' },
      ]);
    }
    if (identity.role !== 'admin' && isAdminRoute(path)) {
      throw securityProblem(403, 'This route is for administrators.', [{ path: 'header.authorization', message: 'admin role needed' }]);
    }
    await next();
  };
}
