// The studio's app-wide state: which source is connected, whether a recording runs, the storage
// quota and whether a new version waits. Screens read these signals; only actions here change them.
import { describeStream } from '../../../workers/protocol/stream-words.ts';
import { createSignal } from 'solid-js';
import type { ConnectionState } from '../../../workers/protocol/streams.ts';
import type { CompanionHandle, LiveSource, RecordingHandle } from '../features/devices/live-source.ts';
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
/** A heart-rate strap read beside the connected headset (same worker, same session), if one was added. */
export const [companion, setCompanion] = createSignal<CompanionHandle | null>(null);
export const [companionState, setCompanionState] = createSignal<ConnectionState>('idle');
/** The strap's newest readings: heart rate (bpm), RR interval (ms), battery (%); null until each arrives. */
export const [strapReadings, setStrapReadings] = createSignal<{ bpm: number | null; rrMs: number | null; batteryPct: number | null }>({
  bpm: null,
  rrMs: null,
  batteryPct: null,
});
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

/**
 * Adds a heart-rate strap to the connected headset (call from a click handler: the browser's chooser).
 * Its streams join the recordings started from now on; a running recording must stop first.
 */
export async function addStrap(): Promise<void> {
  const src = source();
  if (!src?.addCompanion) throw new Error('connect a headset first: a strap is added beside it');
  if (recorder()) throw new Error('stop the recording first: a session keeps the streams it started with');
  const strap = await src.addCompanion('heart-rate-strap');
  setStrapReadings({ bpm: null, rrMs: null, batteryPct: null });
  strap.onReading((r) => {
    const value = r.values[0] ?? null;
    if (r.streamId === 'hr') setStrapReadings((now) => ({ ...now, bpm: value }));
    else if (r.streamId === 'rr') setStrapReadings((now) => ({ ...now, rrMs: value }));
  });
  strap.onDeviceEvent((event) => event.type === 'telemetry' && setStrapReadings((now) => ({ ...now, batteryPct: event.batteryPct })));
  strap.onState((state, detail) => {
    const previous = companionState();
    setCompanionState(state);
    if (state === previous) return;
    if (state === 'reconnecting') announce(`${strap.name} connection lost, reconnecting… ${src.name} goes on.`, 'assertive');
    else if (state === 'lost') announce(`${strap.name} is disconnected. ${detail ?? ''}`, 'assertive');
    else if (state === 'streaming') announce(`${strap.name} streaming again.`);
  });
  setCompanionState(strap.state());
  setCompanion(strap);
  announce(`${strap.name} added to ${src.name}: ${companionStreamWords(strap)}.`);
}

/** A companion's streams by name and unit, 'HR (bpm), RR (ms)': their rate is one reading per beat or notification. */
export function companionStreamWords(strap: CompanionHandle): string {
  return strap.streams.map((s) => `${s.channels.map((c) => c.label).join(', ')} (${s.channels[0]?.unit ?? ''})`).join(', ');
}

/** Removes the strap: its streams end here; a running recording keeps what they had and goes on. */
export async function removeStrap(): Promise<void> {
  const strap = companion();
  if (!strap) return;
  setCompanion(null);
  setCompanionState('idle');
  await strap.remove();
  announce(`${strap.name} removed.`);
}

/** Stops any recording (keeping everything already recorded), then disconnects. */
export async function detachSource(): Promise<void> {
  const current = source();
  const rec = recorder();
  if (rec) await stopRecording();
  if (companion()) await removeStrap();
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
  // One session for both devices: "Muse-1324 + Polar H10 1A2B3C4D".
  const strap = companion();
  const rec = await src.startRecording({ deviceName: strap ? `${src.name} + ${strap.name}` : src.name });
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
