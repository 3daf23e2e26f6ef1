// Stores a Recording (an imported file, or a session downloaded from the server) as a session in
// this browser, chunked and hashed exactly as a live recording would be.
import type { Recording } from '../../../../workers/formats/recording.ts';
import { encodeSealedChunk } from '../../../../workers/storage/chunk-codec.ts';
import { appendChunks } from '../../../../workers/storage/chunk-store.ts';
import type { StudioDb } from '../../../../workers/storage/db.ts';
import { putSession } from '../../../../workers/storage/session-store.ts';
import type { StoredChunk, StoredSession } from '../../../../workers/storage/types.ts';
import { recordingToChunks } from './session-recording.ts';
import { newSession } from '../../../../workers/storage/new-session.ts';

/** Saves `recording` as a new local session (status 'imported'); returns it. */
export async function storeImportedRecording(db: StudioDb, recording: Recording, title: string): Promise<StoredSession> {
  const { streams, chunks } = recordingToChunks(recording);
  if (!streams.length) throw new Error(`${title} has no channels with samples`);
  const parsedStart = recording.startTime ? Date.parse(recording.startTime) : NaN;
  const session = newSession({
    title,
    notes: recording.warnings.join('\n'),
    deviceName: String(recording.metadata.device ?? recording.format),
    streams,
    startedAtMs: Number.isFinite(parsedStart) ? parsedStart : Date.now(),
    status: 'imported',
    markers: recording.markers.map((m) => ({ atMs: m.onsetSec * 1000, text: m.text, source: 'import' })),
  });
  const stream0 = streams[0];
  session.endedAtMs =
    session.startedAtMs + (recording.channels.find((c) => c.label === stream0.channels[0].label)!.samples.length / stream0.sampleRateHz) * 1000;
  await putSession(db, session);
  const batch: StoredChunk[] = [];
  for (const chunk of chunks) {
    const { bytes, sha256 } = await encodeSealedChunk(chunk);
    batch.push({
      sessionId: session.id,
      streamId: chunk.streamId,
      seq: chunk.seq,
      firstSample: chunk.firstSample,
      sampleCount: chunk.sampleCount,
      bytes,
      sha256,
      synced: 0,
    });
    if (batch.length >= 60) await appendChunks(db, session.id, batch.splice(0));
  }
  await appendChunks(db, session.id, batch);
  return session;
}
