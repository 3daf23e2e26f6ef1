// The studio's app-wide state: which source is connected, whether a recording runs, the storage
// quota and whether a new version waits. Screens read these signals; only actions here change them.
import { describeStream } from '../../../workers/protocol/stream-words.ts';
import { createSignal } from 'solid-js';
import type { ConnectionState } from '../../../workers/protocol/streams.ts';
import type { LiveSource, RecordingHandle } from '../features/devices/live-source.ts';
import { openStudioDb, type StudioDb } from '../../../workers/storage/db.ts';
import type { RecorderStatus } from '../../../workers/storage/recorder.ts';
import { readQuota, requestPersistentStorage, type QuotaInfo } from '../../../workers/storage/quota.ts';
import { recoverInterruptedSessions } from '../../../workers/storage/session-store.ts';
import { announce } from './announcer.ts';

export const [source, setSource] = createSignal<LiveSource | null>(null);
export const [connection, setConnection] = createSignal<{ state: ConnectionState; detail?: string }>({ state: 'idle' });
/** The recording running in the acquisition worker; the page only shows and steers it. */
export const [recorder, setRecorder] = createSignal<RecordingHandle | null>(null);
export const [recorderStatus, setRecorderStatus] = createSignal<RecorderStatus | null>(null);
export const [quota, setQuota] = createSignal<QuotaInfo | null>(null);
export const [storageError, setStorageError] = createSignal<string | null>(null);
/** Sessions marked interrupted at this start (shown once on the Sessions screen). */
export const [recovered, setRecovered] = createSignal<string[]>([]);

let dbPromise: Promise<StudioDb> | undefined;
/** The studio database, opened once; interrupted sessions are recovered on first open. */
export function studioDb(): Promise<StudioDb> {
  dbPromise ??= openStudioDb().then(async (db) => {
    const marked = await recoverInterruptedSessions(db);
    if (marked.length) {
      setRecovered(marked);
      announce(`${marked.length} recording${marked.length > 1 ? 's were' : ' was'} interrupted last time; saved up to the last second.`);
    }
    void requestPersistentStorage().then(refreshQuota);
    return db;
  });
  dbPromise.catch((e) => setStorageError(`Local storage is unavailable: ${(e as Error).message}`));
  return dbPromise;
}

export async function refreshQuota(): Promise<void> {
  setQuota(await readQuota());
}

/** Attaches a connected source; announces every connection change. */
export function attachSource(next: LiveSource): void {
  setSource(next);
  setConnection({ state: 'streaming' });
  announce(`Connected to ${next.name}: ${next.streams.map(describeStream).join('; ')}.`);
  watchState(next);
}

/**
 * A replay moved to another position: the new source (same session, same clock) takes the old one's
 * place at once, without announcing a new connection; the views start over from it.
 */
export async function swapReplaySource(next: LiveSource): Promise<void> {
  const previous = source();
  setSource(next);
  watchState(next);
  await previous?.disconnect();
}

function watchState(next: LiveSource): void {
  next.onState((state, detail) => {
    const previous = connection().state;
    setConnection({ state, detail });
    if (state === previous) return;
    if (state === 'reconnecting') announce(`${next.name} connection lost, reconnecting…`, 'assertive');
    else if (state === 'lost') announce(`${next.name} is disconnected. ${detail ?? ''}`, 'assertive');
    else if (state === 'streaming') announce(`${next.name} streaming again.`);
  });
}

/** Stops any recording (keeping everything already recorded), then disconnects. */
export async function detachSource(): Promise<void> {
  const current = source();
  const rec = recorder();
  if (rec) await stopRecording();
  setSource(null);
  setConnection({ state: 'idle' });
  if (current) {
    await current.disconnect();
    announce(`Disconnected from ${current.name}.`);
  }
}

let unsubscribeStatus: (() => void) | undefined;

/** Starts recording every stream of the connected source (in the acquisition worker). */
export async function startRecording(): Promise<void> {
  const src = source();
  if (!src || recorder()) return;
  if (!src.startRecording) {
    announce(`${src.name} is a replay of a stored session; it is not recorded again.`);
    return;
  }
  await studioDb(); // recovers interrupted sessions before a new one starts
  const rec = await src.startRecording({ deviceName: src.name });
  unsubscribeStatus = rec.onStatus((status) => {
    const wasFull = recorderStatus()?.storageFull;
    setRecorderStatus(status);
    if (status.storageFull && !wasFull) announce('Storage is full: recording is kept in memory until space is freed.', 'assertive');
  });
  setRecorder(rec);
  announce('Recording started.');
}

export async function stopRecording(): Promise<string | undefined> {
  const rec = recorder();
  if (!rec) return undefined;
  const session = await rec.stop();
  unsubscribeStatus?.();
  setRecorder(null);
  setRecorderStatus(null);
  void refreshQuota();
  announce(`Recording stopped: ${Math.round(((session.endedAtMs ?? 0) - session.startedAtMs) / 1000)} s saved.`);
  return session.id;
}
