// /api/v1/auth: register, login, refresh, logout, change password. Logins are throttled per
// account and per IP after repeated failures, with the same answer whether or not the account
// exists; a missing account still costs one scrypt so that timing does not tell either.
import { createHash } from 'node:crypto';
import { createRoute, type z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { clientIp } from '../../auth/client-ip.ts';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from '../../auth/password.ts';
import { securityProblem } from '../../auth/problems.ts';
import { issueRefreshToken, revokeAllForUser, revokeByToken, rotateRefreshToken } from '../../auth/refresh-tokens.ts';
import { securityRuntime } from '../../auth/runtime.ts';
import { clearRefreshCookie, refreshCookieOf, tokenResponse, type AccountJson } from '../../auth/sessions.ts';
import { users } from '../../db/schema-auth.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import { problemResponses } from '../openapi-common.ts';
import { accountSchema, credentialsSchema, passwordChangeSchema, tokenSchema } from './contract.ts';

const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const tokenOk = {
  description: 'Access token (refresh token in the __Host-clisonix_refresh cookie)',
  content: { 'application/json': { schema: tokenSchema } },
};

const register = createRoute({
  method: 'post',
  path: '/register',
  tags: ['auth'],
  summary: 'Create an account',
  middleware: jsonBody(4096),
  request: { body: json(credentialsSchema) },
  responses: { 201: { description: 'Created', content: { 'application/json': { schema: accountSchema } } }, ...problemResponses(400, 409, 415) },
});
const login = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Log in',
  middleware: jsonBody(4096),
  request: { body: json(credentialsSchema) },
  responses: { 200: tokenOk, ...problemResponses(400, 401, 415, 429) },
});
const refresh = createRoute({
  method: 'post',
  path: '/refresh',
  tags: ['auth'],
  summary: 'Rotate the refresh cookie for a new access token',
  responses: { 200: tokenOk, ...problemResponses(401) },
});
const logout = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  summary: 'Revoke the refresh cookie and its family',
  responses: { 204: { description: 'Logged out' } },
});
const password = createRoute({
  method: 'post',
  path: '/password',
  tags: ['auth'],
  summary: 'Change password (revokes every refresh token)',
  middleware: jsonBody(4096),
  request: { body: json(passwordChangeSchema) },
  responses: { 204: { description: 'Changed' }, ...problemResponses(400, 401) },
});

const accountOf = (row: typeof users.$inferSelect): AccountJson => ({ id: row.id, email: row.email, role: row.role === 'admin' ? 'admin' : 'user' });
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const invalidCredentials = () => securityProblem(401, 'E-mail or password is wrong.', [{ path: 'body', message: 'invalid credentials' }]);

export function authRoutes() {
  return createRouter()
    .openapi(register, async (c) => {
      const { email, password } = c.req.valid('json');
      const runtime = securityRuntime(c.get('services'));
      const problem = passwordProblem(password, email);
      if (problem) throw new ProblemError(400, `The password ${problem}.`, [{ path: 'body.password', message: problem }]);
      const role = runtime.config.adminEmails.includes(email) ? 'admin' : 'user';
      const [row] = await c
        .get('services')
        .database.db.insert(users)
        .values({
          id: crypto.randomUUID(),
          email,
          passwordHash: await hashPassword(password),
          role,
          createdAt: new Date(),
          passwordChangedAt: new Date(),
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new ProblemError(409, 'An account with this e-mail already exists.', [{ path: 'body.email', message: 'taken' }]);
      return c.json(accountOf(row), 201);
    })
    .openapi(login, async (c) => {
      const { email, password } = c.req.valid('json');
      const runtime = securityRuntime(c.get('services'));
      const { store, config } = runtime;
      const budget = config.budgets.loginFailures;
      const now = Date.now();
      const accountKey = `login-fail:acct:${sha(email)}`;
      const ipKey = `login-fail:ip:${clientIp(c, config.trustProxy)}`;
      // Same answer for existing and unknown accounts: the counter is keyed by the address typed.
      if (
        (await store.peek(accountKey, budget.windowMs, now)) >= budget.limit ||
        (await store.peek(ipKey, budget.windowMs, now)) >= budget.limit * 5
      ) {
        const retry = Math.ceil((budget.windowMs - (now % budget.windowMs)) / 1000);
        const error = securityProblem(429, `Too many failed logins; retry in ${retry} s.`);
        return c.json(error.problem, 429, { 'Retry-After': String(retry) }) as never;
      }
      const db = c.get('services').database.db;
      const [user] = await db.select().from(users).where(eq(users.email, email));
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
      if (!user || !ok) {
        await store.hit(accountKey, 1, budget.windowMs, now);
        await store.hit(ipKey, 1, budget.windowMs, now);
        throw invalidCredentials();
      }
      await store.reset(accountKey);
      const issued = await issueRefreshToken(db, user.id, undefined, config.refreshTtlSec);
      return c.json(await tokenResponse(c, runtime, accountOf(user), issued), 200);
    })
    .openapi(refresh, async (c) => {
      const runtime = securityRuntime(c.get('services'));
      const db = c.get('services').database.db;
      const presented = refreshCookieOf(c);
      const result = presented
        ? await rotateRefreshToken(db, presented, runtime.config.refreshGraceSec)
        : ({ ok: false, reason: 'unknown' } as const);
      if (!result.ok) {
        if (result.reason === 'reused') c.get('logger')?.warn('refresh token reused: family revoked');
        clearRefreshCookie(c);
        throw securityProblem(401, 'The refresh token is missing, expired or revoked: log in again.', [
          { path: 'cookie.__Host-clisonix_refresh', message: result.reason },
        ]);
      }
      const [user] = await db.select().from(users).where(eq(users.id, result.issued.userId));
      if (!user) throw invalidCredentials();
      return c.json(await tokenResponse(c, runtime, accountOf(user), result.issued), 200);
    })
    .openapi(logout, async (c) => {
      const presented = refreshCookieOf(c);
      if (presented) await revokeByToken(c.get('services').database.db, presented);
      clearRefreshCookie(c);
      return c.body(null, 204);
    })
    .openapi(password, async (c) => {
      const body = c.req.valid('json');
      const identity = c.get('identity');
      if (identity.kind !== 'user')
        throw new ProblemError(400, 'Only accounts have passwords (local mode has none).', [
          { path: 'header.authorization', message: 'log in as a user' },
        ]);
      const db = c.get('services').database.db;
      const [user] = await db.select().from(users).where(eq(users.id, identity.ownerId));
      if (!user || !(await verifyPassword(body.current_password, user.passwordHash))) {
        throw new ProblemError(400, 'The current password is wrong.', [{ path: 'body.current_password', message: 'wrong password' }]);
      }
      const problem = passwordProblem(body.new_password, user.email);
      if (problem) throw new ProblemError(400, `The new password ${problem}.`, [{ path: 'body.new_password', message: problem }]);
      // Access tokens issued before this instant stop working (their `iat` has millisecond precision).
      const changedAt = new Date();
      await db
        .update(users)
        .set({ passwordHash: await hashPassword(body.new_password), passwordChangedAt: changedAt })
        .where(eq(users.id, user.id));
      await revokeAllForUser(db, user.id);
      clearRefreshCookie(c);
      return c.body(null, 204);
    });
}
