// Messages between the page and the sync worker (sync.worker.ts).
import type { StoredSession } from './types.ts';

/**
 * What sync runs under (web/src/features/privacy/sync-consent.ts): the user's consent to a server, or
 * the page's own server on loopback (local mode: nothing leaves the computer). grantedAtMs is 0 for
 * 'loopback'. Travels with every synced session as metadata.consent.
 */
export interface SyncConsent {
  basis: 'consent' | 'loopback';
  version: string;
  grantedAtMs: number;
}

/** The sync message of a session that must go up encrypted while this browser has no key (the header badge looks for it). */
export const LOCKED_MESSAGE = 'End-to-end encrypted: enter your passphrase in Settings to sync it from this browser.';

export type ToSync =
  /**
   * Where to sync and with which access token (null: no auth); (re)starts the background loop.
   * consent null: sync is off; the loop stops at once and uploads in flight are aborted.
   */
  | { type: 'configure'; baseUrl: string; token: string | null; consent: SyncConsent | null }
  /** A fresh access token (after a refresh), or null when the refresh failed. */
  | { type: 'token'; token: string | null }
  | { type: 'sync-now'; requestId: number }
  | { type: 'resolve-conflict'; requestId: number; sessionId: string; keep: 'mine' | 'server' };

export type FromSync =
  | { type: 'session'; session: StoredSession }
  | { type: 'reachability'; online: boolean }
  /** The server refused the token (401): the page refreshes it and answers with 'token'. */
  | { type: 'need-token' }
  | { type: 'reply'; requestId: number; ok: true }
  | { type: 'reply'; requestId: number; ok: false; error: string };
