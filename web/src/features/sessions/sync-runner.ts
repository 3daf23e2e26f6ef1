// Starts the background sync against the configured server and mirrors its state into signals
// (header badge, per-session progress on the Sessions screen).
import { createSignal } from 'solid-js';
import { apiHeaders, settings } from '../../app/settings.ts';
import { authFetch } from '../../app/auth-session.ts';
import { announce } from '../../app/announcer.ts';
import { studioDb } from '../../app/studio.ts';
import { makeSyncClient } from '../../../../workers/storage/sync-client.ts';
import { SyncQueue } from '../../../../workers/storage/sync-queue.ts';
import { listSessions } from '../../../../workers/storage/session-store.ts';
import { setSyncSummary, syncSummary } from './sync-state.ts';
import type { StoredSession } from '../../../../workers/storage/types.ts';

/** Bumped whenever a stored session changes, so lists re-read IndexedDB. */
export const [sessionsVersion, setSessionsVersion] = createSignal(0);
export const bumpSessions = () => setSessionsVersion((v) => v + 1);

let queue: SyncQueue | undefined;
let onlineListener: (() => void) | undefined;

export function syncClient() {
  return makeSyncClient({ baseUrl: settings().serverUrl, headers: () => apiHeaders(), fetch: authFetch });
}

/** Starts (or restarts, after a settings change) the sync loop. */
export async function startSync(): Promise<SyncQueue> {
  queue?.stop();
  const db = await studioDb();
  let wasOnline: boolean | undefined;
  const q = new SyncQueue(db, syncClient(), {
    onSession: (s) => {
      bumpSessions();
      if (s.sync.state === 'conflict') announce(`Sync conflict on “${s.title}”: choose which notes to keep.`, 'assertive');
      void refreshSummary();
    },
    onReachability: (online) => {
      if (wasOnline !== undefined && online !== wasOnline) announce(online ? 'Server reachable: syncing.' : 'Server unreachable: recordings stay in this browser until it is back.');
      wasOnline = online;
      setSyncSummary({ ...syncSummary(), online });
      void refreshSummary();
    },
  });
  queue = q;
  q.start();
  if (!onlineListener) {
    onlineListener = () => void queue?.syncNow().catch(() => {});
    globalThis.addEventListener?.('online', onlineListener);
  }
  void refreshSummary();
  return q;
}

export function currentSyncQueue(): SyncQueue | undefined {
  return queue;
}

async function refreshSummary(): Promise<void> {
  const sessions: StoredSession[] = await listSessions(await studioDb());
  const pending = sessions.filter((s) => s.origin === 'local').reduce((n, s) => n + Math.max(0, s.sync.totalChunks - s.sync.uploadedChunks), 0);
  const conflicts = sessions.filter((s) => s.sync.state === 'conflict').length;
  const online = syncSummary().online;
  const text = conflicts
    ? `Sync: ${conflicts} conflict${conflicts > 1 ? 's' : ''}`
    : !online
      ? pending
        ? `Offline: ${pending} s to sync`
        : 'Offline'
      : pending
        ? `Syncing: ${pending} s left`
        : 'Synced';
  setSyncSummary({ online, text, pendingChunks: pending, conflicts });
}
