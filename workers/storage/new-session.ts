// The one place a session record is made: recording, importing a file and downloading from the
// server all start from newSession() and change only what differs.
import type { Stream } from '../protocol/streams.ts';
import type { SessionStatus, StoredMarker, StoredSession } from './types.ts';

export interface NewSession {
  /** Client-made UUID (a random one when absent); the server id of a download. */
  id?: string;
  /** Shown to the user; "<device> <local start time>" when absent. */
  title?: string;
  notes?: string;
  deviceName: string;
  streams: Stream[];
  /** Epoch ms of sample 0. */
  startedAtMs: number;
  status: SessionStatus;
  markers?: StoredMarker[];
}

/**
 * A session with nothing stored yet: no chunks, no gaps, metadata version 1, not synced.
 * @example const session = newSession({ deviceName: 'Muse-1324', streams, startedAtMs: Date.now(), status: 'recording' });
 */
export function newSession(fields: NewSession): StoredSession {
  const none = () => Object.fromEntries(fields.streams.map((s) => [s.id, 0]));
  return {
    id: fields.id ?? crypto.randomUUID(),
    title: fields.title ?? `${fields.deviceName} ${new Date(fields.startedAtMs).toLocaleString()}`,
    notes: fields.notes ?? '',
    deviceName: fields.deviceName,
    streams: fields.streams,
    startedAtMs: fields.startedAtMs,
    endedAtMs: null,
    status: fields.status,
    markers: fields.markers ?? [],
    gaps: [],
    metadataVersion: 1,
    durableSamples: none(),
    durableEndSample: none(),
    chunkCount: none(),
    sync: { state: 'local', uploadedChunks: 0, totalChunks: 0, updatedAtMs: Date.now() },
    origin: 'local',
  };
}
