// A stored session (IndexedDB) as the shared session exporter reads it (workers/formats/session):
// all streams through sessionToRecording (gaps of any stream cut every signal, as EDF+ needs), one
// stream with its own gaps for the row formats. Chunks given as a loader are read only when the
// session's turn comes and let go after its files are written.
import type { SessionExportSource } from '../../../../workers/formats/session/session-source.ts';
import type { Stream } from '../../../../workers/protocol/streams.ts';
import type { StoredChunk, StoredSession } from '../../../../workers/storage/types.ts';
import { sessionToRecording } from './session-recording.ts';

/** The streams an export writes: those with stored chunks (the page plans with the same list as the worker). */
export function exportableStreams(session: StoredSession): Stream[] {
  return session.streams.filter((s) => (session.chunkCount[s.id] ?? 0) > 0);
}

/**
 * @example const source = storedSessionSource(session, () => listChunks(db, session.id));
 */
export function storedSessionSource(session: StoredSession, chunks: StoredChunk[] | (() => Promise<StoredChunk[]>)): SessionExportSource {
  const streams = exportableStreams(session);
  let held: StoredChunk[] | null = Array.isArray(chunks) ? chunks : null;
  const loaded = () => {
    if (!held) throw new Error(`session ${session.id}: chunks read before load()`);
    return held;
  };
  return {
    id: session.id,
    title: session.title,
    startedAtMs: session.startedAtMs,
    startTimeUnknown: session.startTimeUnknown,
    deviceName: session.deviceName,
    notes: session.notes,
    streams,
    recording: () =>
      sessionToRecording(
        session,
        loaded(),
        streams.map((s) => s.id),
      ),
    streamRecording: (id) => sessionToRecording(session, loaded(), [id]),
    training: session.training ?? null,
    ...(typeof chunks === 'function'
      ? {
          load: async () => void (held = await chunks()),
          release: () => void (held = null),
        }
      : {}),
  };
}
