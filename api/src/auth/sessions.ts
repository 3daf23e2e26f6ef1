// Issuing what a login or refresh hands out: a 15-minute access token in the body and the
// refresh token in a `__Host-` cookie (HttpOnly, Secure, SameSite=Strict, Path=/), which the
// PWA's JavaScript never sees and no other site can make the browser send.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../context.ts';
import { signAccessToken } from './jwt.ts';
import type { IssuedRefresh } from './refresh-tokens.ts';
import type { SecurityRuntime } from './runtime.ts';

export const REFRESH_COOKIE = 'clisonix_refresh';

export interface AccountJson {
  id: string;
  email: string;
  role: 'admin' | 'user';
}

/** Signs an access token for `user`, sets the refresh cookie and returns the token response body. */
export async function tokenResponse(c: Context<AppEnv>, runtime: SecurityRuntime, user: AccountJson, refresh: IssuedRefresh) {
  const { config } = runtime;
  const { privateKey } = await runtime.keys();
  const accessToken = signAccessToken(privateKey, { iss: config.issuer, aud: config.audience, sub: user.id, role: user.role }, config.accessTtlSec);
  setCookie(c, REFRESH_COOKIE, refresh.token, {
    prefix: 'host',
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: Math.max(0, Math.floor((refresh.familyExpiresAt.getTime() - Date.now()) / 1000)),
  });
  return { access_token: accessToken, token_type: 'Bearer' as const, expires_in: config.accessTtlSec, user };
}

export function refreshCookieOf(c: Context): string | undefined {
  return getCookie(c, REFRESH_COOKIE, 'host');
}

export function clearRefreshCookie(c: Context): void {
  deleteCookie(c, REFRESH_COOKIE, { prefix: 'host', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
}
