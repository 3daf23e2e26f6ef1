// A stored session (IndexedDB) as the shared session exporter reads it (workers/formats/session):
// all streams through sessionToRecording (gaps of any stream cut every signal, as EDF+ needs), one
// stream with its own gaps for the row formats.
import type { SessionExportSource } from '../../../../workers/formats/session/session-source.ts';
import type { StoredChunk, StoredSession } from '../../../../workers/storage/types.ts';
import { sessionToRecording } from './session-recording.ts';

/** @example const source = storedSessionSource(session, await listChunks(db, session.id)); */
export function storedSessionSource(session: StoredSession, chunks: StoredChunk[]): SessionExportSource {
  const held = new Set(chunks.map((c) => c.streamId));
  const streams = session.streams.filter((s) => held.has(s.id));
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
        chunks,
        streams.map((s) => s.id),
      ),
    streamRecording: (id) => sessionToRecording(session, chunks, [id]),
    training: session.training ?? null,
  };
}
