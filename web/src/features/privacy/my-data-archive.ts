// "Download all my data": one zip with everything this browser keeps and, when the studio talks to a
// server for this user, the server's own export (GET /api/v1/me/export). Every file is one that other
// tools open: BDF+ (EDFbrowser, MNE, EEGLAB), CSV (spreadsheets, pandas), JSON.
//
//   README.txt                                   what is inside, and what could not be included
//   this-browser/settings.json                   the studio's settings and consents (no login token)
//   this-browser/sessions/<start>_<title>_<id8>/
//     session.json                               title, notes, markers, gaps, device, training log, sync state
//     recording.bdf                              BDF+ (24-bit), every stream, markers and gaps as annotations
//     <stream>.csv                               one per stream, exact float32 values, one row per sample
//   server/clisonix-export.json                  the server's export of the account (when reachable)
//
// Text is deflated, the BDF is stored as is (24-bit samples hardly compress and storing keeps the
// archive fast to write). The zip streams into Blob parts: no second copy of the whole archive.
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { StoredChunk, StoredSession } from '../../../../workers/storage/types.ts';
import { sessionToRecording } from '../sessions/session-recording.ts';

export interface ArchiveSource {
  sessions: StoredSession[];
  chunksOf: (sessionId: string) => Promise<StoredChunk[]>;
  /** The studio's own localStorage entries, as key -> raw string; secrets already left out. */
  settings: Record<string, string>;
  /** The server's export of this account, or why there is none. */
  server: { bytes: Uint8Array } | { missing: string };
  nowMs: number;
}

export interface ArchiveSummary {
  blob: Blob;
  fileName: string;
  sessions: number;
  /** Sessions whose samples could not be written, with the reason (their session.json is still inside). */
  problems: string[];
}

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);

/** `2026-12-04T0305_morning-sit_1a2b3c4d`: sorts by time, readable, unique by the id's start. */
export function sessionFolderName(session: StoredSession): string {
  const start = new Date(session.startedAtMs).toISOString().slice(0, 16).replace(':', '');
  const slug =
    session.title
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-')
      .slice(0, 40) || 'session';
  return `${start}_${slug}_${session.id.slice(0, 8)}`;
}

/** Builds the archive (see the layout above). Yields to the event loop between sessions. */
export async function buildMyDataArchive(source: ArchiveSource): Promise<ArchiveSummary> {
  const parts: Uint8Array[] = [];
  const failed: { error?: Error } = {};
  const zip = new Zip((error, chunk) => {
    if (error) failed.error = error;
    else parts.push(chunk);
  });
  const add = (path: string, bytes: Uint8Array, compress: boolean) => {
    const entry = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
    entry.mtime = zipTime(source.nowMs);
    zip.add(entry);
    entry.push(bytes, true);
  };

  const problems: string[] = [];
  add('this-browser/settings.json', json(parseEach(source.settings)), true);
  for (const session of source.sessions) {
    const folder = `this-browser/sessions/${sessionFolderName(session)}`;
    add(`${folder}/session.json`, json(session), true);
    try {
      const chunks = await source.chunksOf(session.id);
      if (chunks.length === 0) throw new Error('it holds no samples');
      const { exportRecording } = await import('../../../../workers/formats/export.ts');
      add(`${folder}/recording.bdf`, exportRecording(sessionToRecording(session, chunks), 'bdf'), false);
      for (const stream of session.streams) {
        if (!chunks.some((c) => c.streamId === stream.id)) continue;
        add(`${folder}/${stream.id}.csv`, exportRecording(sessionToRecording(session, chunks, [stream.id]), 'csv'), true);
      }
    } catch (error) {
      problems.push(`“${session.title}” (${session.id}): samples not written: ${(error as Error).message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if ('bytes' in source.server) add('server/clisonix-export.json', source.server.bytes, true);
  add('README.txt', encoder.encode(readme(source, problems)), true);
  zip.end();
  if (failed.error) throw failed.error;
  const stamp = new Date(source.nowMs).toISOString().slice(0, 10);
  return {
    blob: new Blob(parts as BlobPart[], { type: 'application/zip' }),
    fileName: `clisonix-my-data-${stamp}.zip`,
    sessions: source.sessions.length,
    problems,
  };
}

/** A zip entry's date must lie in 1980-2099 (DOS time): a clock outside it is clamped, not an error. */
function zipTime(ms: number): number {
  return Math.min(Math.max(ms, Date.UTC(1980, 0, 2)), Date.UTC(2099, 11, 30));
}

/** Settings are stored as JSON strings: written parsed, so the file reads as one document. */
function parseEach(entries: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entries).map(([key, raw]) => {
      try {
        return [key, JSON.parse(raw)];
      } catch {
        return [key, raw];
      }
    }),
  );
}

function readme(source: ArchiveSource, problems: string[]): string {
  const lines = [
    'Clisonix: all my data',
    `Made ${new Date(source.nowMs).toISOString()}.`,
    '',
    `this-browser/sessions: ${source.sessions.length} session(s) kept in this browser. Each folder has session.json`,
    '(title, notes, markers, gaps, device, training log), recording.bdf (BDF+, 24-bit, every stream, markers and',
    'gaps as annotations; opens in EDFbrowser, MNE, EEGLAB) and one CSV per stream (exact values, one row per sample).',
    'this-browser/settings.json: the studio settings and sync consents of this browser (the login token is left out).',
    'bytes' in source.server
      ? 'server/clisonix-export.json: everything the server keeps for this account (sessions with their samples, markers, analyses, calibrations).'
      : `server: not included: ${source.server.missing}`,
  ];
  if (problems.length) lines.push('', 'Not written:', ...problems.map((p) => `- ${p}`));
  return `${lines.join('\n')}\n`;
}
