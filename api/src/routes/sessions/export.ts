// GET /sessions/{id}/export?format=... and GET /sessions/export?format=...&ids=a,b: research exports
// of stored sessions, written by the same code as the studio's (workers/formats/session): every
// stream, EDF+/BDF+ with all signals at their own rates, CSV and JSON per stream, the OpenBCI,
// BrainFlow and Mind Monitor layouts, a BIDS-EEG dataset; with `derived=true`, band powers, quality
// and confidence per analysis frame beside the raw. One file comes as itself, more as a zip.
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { DEFAULT_BANDS_HZ } from '../../../../dsp-wasm/src/band-measures.ts';
import { loadAlbi } from '../../../../dsp-wasm/src/index.ts';
import { FormatError, SESSION_EXPORT_FORMATS, type SessionExportSource } from '../../../../workers/formats/index.ts';
import { writeSessionExportLoaded } from '../../../../workers/formats/session/session-export.ts';
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

/** Stored bytes of each session's chunks (what an export reads), by session id. */
async function storedBytes(db: Db, ids: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ id: chunks.sessionId, bytes: sql<number>`coalesce(sum(octet_length(${chunks.data})), 0)::bigint` })
    .from(chunks)
    .where(inArray(chunks.sessionId, ids))
    .groupBy(chunks.sessionId);
  return new Map(rows.map((r) => [r.id, Number(r.bytes)]));
}

/** A stored session as the shared exporter reads it: its chunks and events are read when its turn comes (load) and let go after. */
function exportSource(db: Db, row: SessionRow, streamIds: Set<string>): SessionExportSource {
  refuseEncryptedSession(row.id, row.metadata, 'exported');
  const metadata = row.metadata as SessionMetadata;
  const streams = metadata.streams.filter((s) => streamIds.has(s.id));
  let held: { byStream: Map<string, Uint8Array[]>; events: (typeof sessionEvents.$inferSelect)[] } | null = null;
  const loaded = () => {
    if (!held) throw new Error(`session ${row.id}: read before load()`);
    return held;
  };
  const only = (id: string) => ({ ...metadata, streams: streams.filter((s) => s.id === id) });
  return {
    id: row.id,
    title: row.title ?? metadata.title ?? '',
    startedAtMs: Date.parse(metadata.startTime),
    startTimeUnknown: metadata.tags?.includes('start-time-unknown'),
    deviceName: metadata.device.name,
    notes: metadata.notes ?? '',
    streams,
    recording: () => recordingFromSession({ ...metadata, streams }, loaded().byStream, loaded().events),
    streamRecording: (id) => recordingFromSession(only(id), loaded().byStream, loaded().events),
    async load() {
      const rows = await db
        .select({ stream: chunks.stream, data: chunks.data })
        .from(chunks)
        .where(eq(chunks.sessionId, row.id))
        .orderBy(asc(chunks.seq));
      const byStream = new Map<string, Uint8Array[]>();
      for (const r of rows) byStream.set(r.stream, [...(byStream.get(r.stream) ?? []), new Uint8Array(r.data)]);
      held = { byStream, events: await db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, row.id)) };
    },
    release() {
      held = null;
    },
  };
}

/** The sources of `rows` (in order), after checking what they would read; 413 over MAX_EXPORT_BYTES. */
async function exportSources(db: Db, rows: SessionRow[]): Promise<SessionExportSource[]> {
  const ids = rows.map((r) => r.id);
  const bytes = await storedBytes(db, ids);
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  if (total > MAX_EXPORT_BYTES)
    throw new ProblemError(
      413,
      `${rows.length === 1 ? 'This session holds' : 'These sessions hold'} more than ${MAX_EXPORT_BYTES / 2 ** 20} MiB of samples; export fewer at a time.`,
    );
  const held = await db.selectDistinct({ id: chunks.sessionId, stream: chunks.stream }).from(chunks).where(inArray(chunks.sessionId, ids));
  return rows.map((row) => exportSource(db, row, new Set(held.filter((h) => h.id === row.id).map((h) => h.stream))));
}

/** Writes the export (the shared code) and answers it as one file or a zip. */
async function respond(sources: SessionExportSource[], query: z.infer<typeof exportQuery>) {
  const mainsHz = query.mains ? (Number(query.mains) as 50 | 60) : null;
  const derived = query.derived === 'true' ? { albi: await loadAlbi(), bands: DEFAULT_BANDS_HZ, mainsHz: mainsHz ?? 50 } : null;
  const parts: Uint8Array[] = [];
  let result;
  try {
    result = await writeSessionExportLoaded(
      sources,
      query.format,
      { derived, powerLineHz: mainsHz, bidsBits: query.bits === '24' ? 24 : 16 },
      (chunk) => parts.push(chunk),
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
    return respond(await exportSources(db, rows), query) as never;
  })
  .openapi(exportOne, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.get('services').database.db;
    const row = await requireSession(db, c.get('identity').ownerId, id);
    return respond(await exportSources(db, [row]), c.req.valid('query')) as never;
  });
