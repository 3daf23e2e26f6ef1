// Stores a Recording (an imported file, or a session downloaded from the server) as a session in
// this browser, chunked and hashed exactly as a live recording would be; the file's gaps stay holes
// between chunks and are kept as the session's gaps (cause 'file-gap'), so no sample moves in time.
import type { Recording } from '../../../../workers/formats/recording.ts';
import { encodeSealedChunk } from '../../../../workers/storage/chunk-codec.ts';
import { appendChunks } from '../../../../workers/storage/chunk-store.ts';
import type { StudioDb } from '../../../../workers/storage/db.ts';
import { listSessions, putSession } from '../../../../workers/storage/session-store.ts';
import type { StoredChunk, StoredSession } from '../../../../workers/storage/types.ts';
import { recordingToChunks } from './session-recording.ts';
import { newSession } from '../../../../workers/storage/new-session.ts';

/** What a person calls the device or program a file came from, when the file does not name one. */
const formatDevices: Record<Recording['format'], string> = {
  edf: 'EDF file',
  'edf+': 'EDF+ file',
  bdf: 'BDF file',
  'bdf+': 'BDF+ file',
  'openbci-gui': 'OpenBCI (OpenBCI GUI file)',
  'brainflow-csv': 'BrainFlow CSV',
  'muse-lsl-csv': 'Muse (muse-lsl CSV)',
  'mind-monitor-csv': 'Muse (Mind Monitor CSV)',
  'clisonix-json': 'Clisonix JSON',
  'clisonix-csv': 'Clisonix CSV',
};

/**
 * muse-lsl writes LSL clock times (seconds since the machine started) in the file, not the wall
 * clock, but names the file by its local start: data_2017-09-13-15.30.01.csv. Epoch ms, or null.
 */
export function startFromMuseLslName(format: Recording['format'], fileName: string): number | null {
  if (format !== 'muse-lsl-csv') return null;
  const m = /(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})/.exec(fileName);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const at = new Date(y, mo - 1, d, h, mi, s);
  return at.getMonth() === mo - 1 && at.getDate() === d ? at.getTime() : null;
}

/** SHA-256 of a file's bytes, hex: what tells a file imported before. */
export async function fileSha256(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The session an earlier import of the file with this SHA-256 made, if any is still stored. */
export async function findImportOf(db: StudioDb, sha256: string): Promise<StoredSession | undefined> {
  return (await listSessions(db)).find((s) => s.sourceFile?.sha256 === sha256);
}

/** Saves `recording` as a new local session (status 'imported'); returns it. */
export async function storeImportedRecording(
  db: StudioDb,
  recording: Recording,
  title: string,
  sourceFile?: StoredSession['sourceFile'],
): Promise<StoredSession> {
  const { streams, chunks, gaps } = recordingToChunks(recording);
  if (!streams.length) throw new Error(`${title} has no channels with samples`);
  const fromName = recording.startTime ? null : startFromMuseLslName(recording.format, title);
  const parsedStart = recording.startTime ? Date.parse(recording.startTime) : (fromName ?? NaN);
  const session = newSession({
    title,
    notes: [
      ...recording.warnings,
      ...(fromName ? ['Start time taken from the file name (muse-lsl names its files by their local start time).'] : []),
    ].join('\n'),
    deviceName: recording.metadata.device ? String(recording.metadata.device) : formatDevices[recording.format],
    streams,
    startedAtMs: Number.isFinite(parsedStart) ? parsedStart : Date.now(),
    status: 'imported',
    markers: recording.markers.map((m) => ({ atMs: m.onsetSec * 1000, text: m.text, source: 'import' })),
  });
  if (sourceFile) session.sourceFile = sourceFile;
  // No wall-clock start in the file: the session is placed at the import, and says so.
  if (!Number.isFinite(parsedStart)) session.startTimeUnknown = true;
  session.gaps = gaps;
  // The first stream's last sample, gaps counted (its chunks' firstSample do).
  const stream0 = streams[0];
  const endSample = Math.max(...chunks.filter((c) => c.streamId === stream0.id).map((c) => c.firstSample + c.sampleCount));
  session.endedAtMs = session.startedAtMs + (endSample / stream0.sampleRateHz) * 1000;
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
