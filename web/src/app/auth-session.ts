// Keeps a cloud-mode login alive: the access token lives 15 min, so it is renewed through
// POST /api/v1/auth/refresh (the HttpOnly __Host- refresh cookie rides along) at 80 % of its
// lifetime, and an API call answered 401 is retried once after a refresh. When the refresh is
// refused the user is shown as signed out (settings keep the e-mail, the token is dropped).
import { createSignal } from 'solid-js';
import { announce } from './announcer.ts';
import { apiUrl, settings, updateSettings } from './settings.ts';
import { makeTokenFetch } from '../../../workers/storage/token-fetch.ts';

/** Fraction of an access token's lifetime after which it is renewed. */
const REFRESH_AT = 0.8;

const [signedOutReason, setSignedOutReason] = createSignal<string | null>(null);
/** Why the login ended on its own (refresh refused), or null. Shown in the header and in Settings. */
export { signedOutReason };

let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<boolean> | null = null;

/** Seconds-since-epoch `iat`/`exp` of a JWT, or null when it cannot be read (never verified here). */
export function tokenTimes(token: string): { iatSec: number; expSec: number } | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number'
      ? { iatSec: typeof payload.iat === 'number' ? payload.iat : payload.exp - 900, expSec: payload.exp }
      : null;
  } catch {
    return null;
  }
}

/** Milliseconds from `nowMs` until `token` should be renewed (0 = now). */
export function refreshDelayMs(token: string, nowMs: number): number {
  const times = tokenTimes(token);
  if (!times) return 0;
  const dueMs = (times.iatSec + REFRESH_AT * (times.expSec - times.iatSec)) * 1000;
  return Math.max(0, dueMs - nowMs);
}

/** Stores a fresh access token (after login or refresh) and plans its renewal. */
export function adoptToken(token: string, username?: string): void {
  setSignedOutReason(null);
  updateSettings(username === undefined ? { token } : { token, username });
  scheduleRefresh();
}

/** (Re)plans the renewal of the stored token; call once at start-up and after every token change. */
export function scheduleRefresh(): void {
  clearTimeout(timer);
  const token = settings().token;
  if (!token) return;
  timer = setTimeout(() => void refreshAccessToken(), refreshDelayMs(token, Date.now()));
}

/** Forgets the login (log out or refused refresh); `reason` non-null shows the signed-out state. */
export function dropLogin(reason: string | null): void {
  clearTimeout(timer);
  updateSettings({ token: '' });
  setSignedOutReason(reason);
  if (reason) announce(`Signed out: ${reason}`);
}

/**
 * Asks the server for a new access token with the refresh cookie. Concurrent callers share one
 * request (the server rotates the cookie on every refresh). Resolves true on success; on a refusal
 * (401/403) drops the login; on a network failure keeps the token and retries in 30 s.
 */
export function refreshAccessToken(): Promise<boolean> {
  inFlight ??= (async () => {
    try {
      const res = await fetch(apiUrl('/api/v1/auth/refresh'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'include',
        body: '{}',
      });
      const body = await res.json().catch(() => ({}));
      if (res.ok && typeof body.access_token === 'string') {
        adoptToken(body.access_token);
        return true;
      }
      if (res.status === 401 || res.status === 403) dropLogin(`${body.detail ?? 'the server ended the login'} Log in again in Settings.`);
      else retryLater();
      return false;
    } catch {
      retryLater();
      return false;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

function retryLater(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void refreshAccessToken(), 30_000);
}

/**
 * fetch for API calls: sends the current bearer token and, when the server answers 401 while a
 * token was sent, refreshes once and repeats the call with the new token.
 */
export const authFetch: typeof fetch = makeTokenFetch(() => settings().token, refreshAccessToken);
