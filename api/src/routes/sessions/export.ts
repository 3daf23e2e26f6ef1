// GET /sessions/{id}/export?format=... and GET /sessions/export?format=...&ids=a,b: research exports
// of stored sessions, written by the same code as the studio's (workers/formats/session): every
// stream, EDF+/BDF+ with all signals at their own rates, CSV and JSON per stream, the OpenBCI,
// BrainFlow and Mind Monitor layouts, a BIDS-EEG dataset; with `derived=true`, band powers, quality
// and confidence per analysis frame beside the raw. One file comes as itself, more as a zip.
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { DEFAULT_BANDS_HZ } from '../../../../dsp-wasm/src/band-measures.ts';
import { loadAlbi } from '../../../../dsp-wasm/src/index.ts';
import { FormatError, SESSION_EXPORT_FORMATS, type SessionExportSource, writeSessionExport } from '../../../../workers/formats/index.ts';
import type { SessionMetadata } from '../../contract/sessions.ts';
import type { Db } from '../../db/client.ts';
import { chunks, sessionEvents, sessions } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { problemResponses } from '../openapi-common.ts';
import { refuseEncryptedSession } from './e2e-guard.ts';
import { recordingFromSession } from './recording-mapping.ts';
import { requireSession, type SessionRow } from './store.ts';

/** Sessions one dataset request may hold, and the stored bytes it may read (float32 samples). */
export const MAX_EXPORT_SESSIONS = 50;
const MAX_EXPORT_BYTES = 512 * 1024 * 1024;

const exportQuery = z.strictObject({
  format: z
    .enum(SESSION_EXPORT_FORMATS)
    .openapi({ description: 'edf/bdf: one file, every stream; csv/json: per stream; bids: a BIDS-EEG dataset (zip)' }),
  derived: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'true: band powers, quality and confidence per 4 s frame every 1 s, as CSV beside the raw' }),
  bits: z.enum(['16', '24']).optional().openapi({ description: 'BIDS only: EDF+ (16, default) or BDF+ (24) data files' }),
  mains: z
    .enum(['50', '60'])
    .optional()
    .openapi({ description: 'Mains frequency where it was recorded (BIDS PowerLineFrequency; the quality check)' }),
});

const fileResponses = {
  200: {
    description: 'The file, or a zip when the export has more than one (BIDS always)',
    content: {
      'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
      'application/zip': { schema: z.string().openapi({ format: 'binary' }) },
    },
  },
  ...problemResponses(400, 404, 409, 413),
};

const exportOne = createRoute({
  method: 'get',
  path: '/sessions/{id}/export',
  tags: ['sessions'],
  summary: 'Export a session: every stream, as EDF+, BDF+, CSV (ours, OpenBCI, BrainFlow, Mind Monitor), JSON or a BIDS-EEG dataset',
  request: { params: z.object({ id: z.uuid() }), query: exportQuery },
  responses: fileResponses,
});

const exportMany = createRoute({
  method: 'get',
  path: '/sessions/export',
  tags: ['sessions'],
  summary: 'Export several sessions as one dataset (BIDS: one subject, a ses- folder per session) or one zip',
  request: {
    query: exportQuery.extend({
      ids: z
        .string()
        .min(1)
        .openapi({ description: `Comma-separated session ids, at most ${MAX_EXPORT_SESSIONS}` }),
    }),
  },
  responses: fileResponses,
});

/** A stored session as the shared exporter reads it. */
async function exportSource(db: Db, row: SessionRow): Promise<{ source: SessionExportSource; bytes: number }> {
  refuseEncryptedSession(row.id, row.metadata, 'exported');
  const metadata = row.metadata as SessionMetadata;
  const rows = await db
    .select({ stream: chunks.stream, data: chunks.data })
    .from(chunks)
    .where(eq(chunks.sessionId, row.id))
    .orderBy(asc(chunks.seq));
  const byStream = new Map<string, Uint8Array[]>();
  for (const r of rows) byStream.set(r.stream, [...(byStream.get(r.stream) ?? []), new Uint8Array(r.data)]);
  const events = await db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, row.id));
  const streams = metadata.streams.filter((s) => byStream.has(s.id));
  const only = (id: string) => ({ ...metadata, streams: streams.filter((s) => s.id === id) });
  const source: SessionExportSource = {
    id: row.id,
    title: row.title ?? metadata.title ?? '',
    startedAtMs: Date.parse(metadata.startTime),
    startTimeUnknown: metadata.tags?.includes('start-time-unknown'),
    deviceName: metadata.device.name,
    notes: metadata.notes ?? '',
    streams,
    recording: () => recordingFromSession({ ...metadata, streams }, byStream, events),
    streamRecording: (id) => recordingFromSession(only(id), byStream, events),
  };
  return { source, bytes: rows.reduce((n, r) => n + r.data.byteLength, 0) };
}

/** Writes the export (the shared code) and answers it as one file or a zip. */
async function respond(sources: SessionExportSource[], query: z.infer<typeof exportQuery>) {
  const mainsHz = query.mains ? (Number(query.mains) as 50 | 60) : null;
  const derived = query.derived === 'true' ? { albi: await loadAlbi(), bands: DEFAULT_BANDS_HZ, mainsHz: mainsHz ?? 50 } : null;
  const parts: Uint8Array[] = [];
  let result;
  try {
    result = writeSessionExport(sources, query.format, { derived, powerLineHz: mainsHz, bidsBits: query.bits === '24' ? 24 : 16 }, (chunk) =>
      parts.push(chunk),
    );
  } catch (error) {
    if (error instanceof FormatError || error instanceof RangeError)
      throw new ProblemError(400, `This export cannot be written as ${query.format}: ${(error as Error).message}`, [
        { path: 'query.format', message: (error as Error).message },
      ]);
    throw error;
  }
  const name = result.fileName;
  return new Response(new Blob(parts as Uint8Array<ArrayBuffer>[]), {
    status: 200,
    headers: {
      'Content-Type': result.zipped
        ? 'application/zip'
        : /\.(csv|txt)$/.test(name)
          ? 'text/csv'
          : /\.json$/.test(name)
            ? 'application/json'
            : 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]+/g, '_')}"`,
    },
  });
}

export const exportRoutes = createRouter()
  .openapi(exportMany, async (c) => {
    const query = c.req.valid('query');
    const ids = [...new Set(query.ids.split(',').map((s) => s.trim()))];
    const bad = ids.find((id) => !z.uuid().safeParse(id).success);
    if (bad !== undefined) throw new ProblemError(400, `'${bad}' is not a session id (UUID).`, [{ path: 'query.ids', message: 'not a UUID' }]);
    if (ids.length > MAX_EXPORT_SESSIONS)
      throw new ProblemError(400, `At most ${MAX_EXPORT_SESSIONS} sessions per export (got ${ids.length}).`, [
        { path: 'query.ids', message: 'too many' },
      ]);
    const db = c.get('services').database.db;
    const rows = await db
      .select()
      .from(sessions)
      .where(and(inArray(sessions.id, ids), eq(sessions.ownerId, c.get('identity').ownerId)));
    const missing = ids.find((id) => !rows.some((r) => r.id === id));
    if (missing) throw new ProblemError(404, `Session ${missing} does not exist.`, [{ path: 'query.ids', message: 'no such session' }]);
    rows.sort((a, b) => Date.parse((a.metadata as SessionMetadata).startTime) - Date.parse((b.metadata as SessionMetadata).startTime));
    const sources: SessionExportSource[] = [];
    let total = 0;
    for (const row of rows) {
      const { source, bytes } = await exportSource(db, row);
      total += bytes;
      if (total > MAX_EXPORT_BYTES)
        throw new ProblemError(413, `These sessions hold more than ${MAX_EXPORT_BYTES / 2 ** 20} MiB of samples; export fewer at a time.`);
      sources.push(source);
    }
    return respond(sources, query) as never;
  })
  .openapi(exportOne, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.get('services').database.db;
    const row = await requireSession(db, c.get('identity').ownerId, id);
    const { source, bytes } = await exportSource(db, row);
    if (bytes > MAX_EXPORT_BYTES) throw new ProblemError(413, `Session ${id} holds more than ${MAX_EXPORT_BYTES / 2 ** 20} MiB of samples.`);
    return respond([source], c.req.valid('query')) as never;
  });
