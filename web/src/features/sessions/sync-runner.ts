// The page's side of the background sync, which runs in the sync worker (workers/storage/sync.worker.ts):
// configures it with the server, token and the permission it runs under (again on every change: no
// permission, no request; see features/privacy/sync-consent.ts), refreshes the token when it asks, and
// mirrors what it reports into signals (header badge, per-session progress on the Sessions screen).
import { createEffect, createRoot, createSignal, on } from 'solid-js';
import { apiHeaders, settings } from '../../app/settings.ts';
import { authFetch, refreshAccessToken } from '../../app/auth-session.ts';
import { announce } from '../../app/announcer.ts';
import { studioDb } from '../../app/studio.ts';
import { makeSyncClient } from '../../../../workers/storage/sync-client.ts';
import { listSessions } from '../../../../workers/storage/session-store.ts';
import { LOCKED_MESSAGE, type FromSync, type ToSync } from '../../../../workers/storage/sync.protocol.ts';
import { createRequestBridge, type RequestBridge } from '../../../../workers/bridge/request-bridge.ts';
import { setSyncSummary, syncSummary } from './sync-state.ts';
import { syncPermission } from '../privacy/sync-consent.ts';
import type { StoredSession } from '../../../../workers/storage/types.ts';

/** Bumped whenever a stored session changes, so lists re-read IndexedDB. */
export const [sessionsVersion, setSessionsVersion] = createSignal(0);
export const bumpSessions = () => setSessionsVersion((v) => v + 1);

/** What the screens can ask of the running sync. */
export interface SyncControl {
  syncNow(): Promise<void>;
  resolveConflict(sessionId: string, keep: 'mine' | 'server'): Promise<void>;
}

let bridge: RequestBridge<ToSync> | undefined;
let control: SyncControl | undefined;
let wasOnline: boolean | undefined;

/** The page's own client, for what the user does on the Sessions screen (server list, download). */
export function syncClient() {
  return makeSyncClient({ baseUrl: settings().serverUrl, headers: () => apiHeaders(), fetch: authFetch });
}

function post(message: ToSync): void {
  bridge!.post(message);
}

function onMessage(m: Exclude<FromSync, { type: 'reply' }>): void {
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
  }
}

/** Starts the sync worker (once), or reconfigures it after a settings change. */
export async function startSync(): Promise<SyncControl> {
  await studioDb(); // the page opens (and upgrades, and recovers) the database first
  if (!bridge) {
    const worker = new Worker(new URL('../../../../workers/storage/sync.worker.ts', import.meta.url), { type: 'module', name: 'clisonix-sync' });
    worker.onerror = (event) => console.error(`sync worker: ${event.message}`);
    // A pass can upload for minutes: no time limit (a dead worker still fails its requests at once).
    const b = createRequestBridge<Exclude<FromSync, { type: 'reply' }>, ToSync>(worker, {
      name: 'sync worker',
      timeoutMs: Number.POSITIVE_INFINITY,
      onEvent: onMessage,
    });
    bridge = b;
    control = {
      syncNow: () => b.request({ type: 'sync-now' }),
      resolveConflict: (sessionId, keep) => b.request({ type: 'resolve-conflict', sessionId, keep }),
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
    // Turning sync on or off (or agreeing for another server) takes effect at once.
    createRoot(() => createEffect(on(syncPermission, () => configure(), { defer: true })));
  }
  configure();
  return control!;
}

function configure(): void {
  post({ type: 'configure', baseUrl: settings().serverUrl, token: settings().token || null, consent: syncPermission() });
  void refreshSummary();
}

export function syncControl(): SyncControl | undefined {
  return control;
}

async function refreshSummary(): Promise<void> {
  const sessions: StoredSession[] = await listSessions(await studioDb());
  const pending = sessions.filter((s) => s.origin === 'local').reduce((n, s) => n + Math.max(0, s.sync.totalChunks - s.sync.uploadedChunks), 0);
  const conflicts = sessions.filter((s) => s.sync.state === 'conflict').length;
  const locked = sessions.some((s) => s.sync.message === LOCKED_MESSAGE);
  const online = syncSummary().online;
  const text = !syncPermission()
    ? pending
      ? `Sync off: ${pending} s only here`
      : 'Sync off'
    : locked
      ? 'Sync: locked, enter your passphrase in Settings'
      : conflicts
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
