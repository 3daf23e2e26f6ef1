// "Delete my account": DELETE /api/v1/me erases on the server everything the caller owns (sessions,
// chunks, analyses, calibrations, keys, the account itself, every token; api/src/routes/me/erase.ts).
// Sync to that server is turned off first (the sync worker aborts its requests at once), so no upload
// races the erase; afterwards the login is dropped and this browser's sessions are marked as on no
// server, so nothing is re-sent without a new consent. A refused erase leaves sync off: the user
// asked for their data to leave that server, not to keep feeding it.
import { authFetch, dropLogin } from '../../app/auth-session.ts';
import { apiHeaders, apiUrl, updateSettings } from '../../app/settings.ts';
import { forgetServerCopies } from '../../../../workers/storage/forget-server-copies.ts';
import type { StudioDb } from '../../../../workers/storage/db.ts';
import { withdrawSyncConsent } from './sync-consent.ts';

export async function eraseServerAccount(db: StudioDb, serverOrigin: string): Promise<{ sessionsKeptHere: number }> {
  withdrawSyncConsent();
  let res: Response;
  try {
    res = await authFetch(apiUrl('/api/v1/me'), { method: 'DELETE', headers: apiHeaders(), credentials: 'include' });
  } catch (error) {
    throw new Error(`${serverOrigin} could not be reached (${(error as Error).message}); nothing was deleted; sync is off`);
  }
  if (res.status !== 204) {
    const body = await res.json().catch(() => ({}));
    throw new Error(
      `${serverOrigin} refused the deletion (HTTP ${res.status}${body.detail ? `: ${body.detail}` : ''}); nothing was deleted; sync is off`,
    );
  }
  dropLogin(null);
  updateSettings({ username: '' });
  const sessionsKeptHere = await forgetServerCopies(db, `The server copy was deleted with your account on ${serverOrigin}.`);
  return { sessionsKeptHere };
}
