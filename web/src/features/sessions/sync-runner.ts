// The page's side of the background sync, which runs in the sync worker (workers/storage/sync.worker.ts):
// configures it with the server and token (again on every change), refreshes the token when it asks,
// and mirrors what it reports into signals (header badge, per-session progress on the Sessions screen).
import { createEffect, createRoot, createSignal, on } from 'solid-js';
import { apiHeaders, settings } from '../../app/settings.ts';
import { authFetch, refreshAccessToken } from '../../app/auth-session.ts';
import { announce } from '../../app/announcer.ts';
import { studioDb } from '../../app/studio.ts';
import { makeSyncClient } from '../../../../workers/storage/sync-client.ts';
import { listSessions } from '../../../../workers/storage/session-store.ts';
import type { FromSync, ToSync } from '../../../../workers/storage/sync.protocol.ts';
import { setSyncSummary, syncSummary } from './sync-state.ts';
import type { StoredSession } from '../../../../workers/storage/types.ts';

/** Bumped whenever a stored session changes, so lists re-read IndexedDB. */
export const [sessionsVersion, setSessionsVersion] = createSignal(0);
export const bumpSessions = () => setSessionsVersion((v) => v + 1);

/** What the screens can ask of the running sync. */
export interface SyncControl {
  syncNow(): Promise<void>;
  resolveConflict(sessionId: string, keep: 'mine' | 'server'): Promise<void>;
}

let worker: Worker | undefined;
let control: SyncControl | undefined;
const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
let nextRequestId = 1;
let wasOnline: boolean | undefined;

/** The page's own client, for what the user does on the Sessions screen (server list, download). */
export function syncClient() {
  return makeSyncClient({ baseUrl: settings().serverUrl, headers: () => apiHeaders(), fetch: authFetch });
}

function post(message: ToSync): void {
  worker!.postMessage(message);
}

function request(message: { type: 'sync-now' } | { type: 'resolve-conflict'; sessionId: string; keep: 'mine' | 'server' }): Promise<void> {
  return new Promise((resolve, reject) => {
    const requestId = nextRequestId++;
    waiting.set(requestId, { resolve, reject });
    post({ ...message, requestId } as ToSync);
  });
}

function onMessage(m: FromSync): void {
  if (m.type === 'session') {
    bumpSessions();
    if (m.session.sync.state === 'conflict') announce(`Sync conflict on “${m.session.title}”: choose which notes to keep.`, 'assertive');
    void refreshSummary();
  } else if (m.type === 'reachability') {
    if (wasOnline !== undefined && m.online !== wasOnline)
      announce(m.online ? 'Server reachable: syncing.' : 'Server unreachable: recordings stay in this browser until it is back.');
    wasOnline = m.online;
    setSyncSummary({ ...syncSummary(), online: m.online });
    void refreshSummary();
  } else if (m.type === 'need-token') {
    void refreshAccessToken().then((ok) => post({ type: 'token', token: ok ? settings().token || null : null }));
  } else if (m.type === 'reply') {
    const pending = waiting.get(m.requestId);
    waiting.delete(m.requestId);
    if (m.ok) pending?.resolve();
    else pending?.reject(new Error(m.error));
  }
}

/** Starts the sync worker (once), or reconfigures it after a settings change. */
export async function startSync(): Promise<SyncControl> {
  await studioDb(); // the page opens (and upgrades, and recovers) the database first
  if (!worker) {
    worker = new Worker(new URL('../../../../workers/storage/sync.worker.ts', import.meta.url), { type: 'module', name: 'clisonix-sync' });
    worker.onmessage = (event: MessageEvent<FromSync>) => onMessage(event.data);
    worker.onerror = (event) => console.error(`sync worker: ${event.message}`);
    control = {
      syncNow: () => request({ type: 'sync-now' }),
      resolveConflict: (sessionId, keep) => request({ type: 'resolve-conflict', sessionId, keep }),
    };
    globalThis.addEventListener?.('online', () => void control!.syncNow().catch(() => {}));
    // A refreshed token reaches the worker as soon as the page has it.
    createRoot(() =>
      createEffect(
        on(
          () => settings().token,
          (token) => post({ type: 'token', token: token || null }),
          { defer: true },
        ),
      ),
    );
  }
  post({ type: 'configure', baseUrl: settings().serverUrl, token: settings().token || null });
  void refreshSummary();
  return control!;
}

export function syncControl(): SyncControl | undefined {
  return control;
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
