// Whether this browser may send recordings to the configured server, and on what basis.
//
//   the page's own server on loopback (local mode, nothing leaves the computer) -> on by default,
//     basis 'loopback', and the Settings screen says so; it can still be turned off
//   any other server -> off until the user agrees to the consent text (CONSENT_VERSION) for that
//     server; the agreement is kept per server, with its version and time, and can be taken back
//
// The sync worker and the client registration start only with a permission; turning it off stops
// them at once. Every session synced carries the basis, version and time (the sessions contract's
// metadata.consent).
import { createMemo, createSignal } from 'solid-js';
import { settings } from '../../app/settings.ts';
import type { SyncConsent } from '../../../../workers/storage/sync.protocol.ts';

/** The version of the consent text below; a new text gets a new version and is asked again. */
export const CONSENT_VERSION = '2026-12-03';

/** What the consent screen says is sent, to the server it names. */
export const CONSENT_SENDS = [
  'the raw samples of every stream you record (EEG, motion, optics, heart rate), chunk by chunk',
  'the markers and gaps of each recording, its title and your notes',
  'the device name, the start time and the measured loop latency of each session',
  "this browser's capabilities and connected device, so that the Status page lists it",
] as const;

const KEY = 'clisonix.sync-consent.v1';

interface Stored {
  /** Per server origin: the consent given, or 'off' for a local server the user turned off. */
  [origin: string]: { version: string; grantedAtMs: number } | 'off';
}

function load(): Stored {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}') as Stored;
  } catch {
    return {};
  }
}

const [stored, setStored] = createSignal<Stored>(load());

function save(next: Stored): void {
  setStored(next);
  globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** The server sync would send to: its origin, and whether it is this page's own server on loopback. */
export function syncTarget(): { origin: string; localLoopback: boolean } {
  const url = settings().serverUrl.trim();
  const here = globalThis.location;
  if (!url) return { origin: here?.origin ?? '', localLoopback: LOOPBACK.test(here?.hostname ?? '') };
  try {
    return { origin: new URL(url).origin, localLoopback: false };
  } catch {
    return { origin: url, localLoopback: false };
  }
}

/** The permission sync runs under now, or null when it must not send anything. */
export const syncPermission = createMemo<SyncConsent | null>(() => {
  const { origin, localLoopback } = syncTarget();
  const entry = stored()[origin];
  if (entry === 'off') return null;
  if (entry && entry.version === CONSENT_VERSION) return { basis: 'consent', version: entry.version, grantedAtMs: entry.grantedAtMs };
  if (localLoopback) return { basis: 'loopback', version: CONSENT_VERSION, grantedAtMs: 0 };
  return null;
});

/** The user agreed to CONSENT_SENDS going to the current server. */
export function grantSyncConsent(nowMs = Date.now()): void {
  save({ ...stored(), [syncTarget().origin]: { version: CONSENT_VERSION, grantedAtMs: nowMs } });
}

/** The user turned sync off for the current server (a local one stays off too, until turned on). */
export function withdrawSyncConsent(): void {
  save({ ...stored(), [syncTarget().origin]: 'off' });
}

/** Sync's state in words, for Settings and the header. */
export function describeSyncPermission(): string {
  const { origin, localLoopback } = syncTarget();
  const permission = syncPermission();
  if (!permission)
    return localLoopback ? `Sync is off: recordings stay in this browser.` : `Sync is off: nothing is sent to ${origin} until you agree.`;
  if (permission.basis === 'loopback')
    return `Local mode: recordings sync to the studio's own server on this computer (${origin}); nothing leaves it.`;
  return `Sync is on: recordings go to ${origin} (you agreed on ${new Date(permission.grantedAtMs).toLocaleString()}, consent version ${permission.version}).`;
}
