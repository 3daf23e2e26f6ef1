// Database access for sessions, kept apart from HTTP so that routes stay short.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { chunks, sessions } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import type { SessionMetadata } from '../../contract/sessions.ts';

export type SessionRow = typeof sessions.$inferSelect;

/** The row of session `id` if `ownerId` owns it; 404 otherwise (never confirms another owner's id). */
export async function requireSession(db: Db, ownerId: string, id: string): Promise<SessionRow> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.ownerId, ownerId)));
  if (!row) throw new ProblemError(404, `Session ${id} does not exist.`, [{ path: 'path.id', message: 'no such session' }]);
  return row;
}

/** Public JSON shape of a session row. */
export function toSessionJson(row: SessionRow) {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    metadata: row.metadata as SessionMetadata,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function etagOf(version: number): string {
  return `"v${version}"`;
}

/** Parses If-Match into a version number; undefined when absent, 400 when malformed. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(header);
  if (!match)
    throw new ProblemError(400, 'If-Match must be an ETag this server sent, like "v3".', [
      { path: 'header.if-match', message: 'expected "v<version>"' },
    ]);
  return Number(match[1]);
}

/** Chunk and sample counts per stream of a session. */
export async function streamStats(db: Db, sessionId: string) {
  const rows = await db
    .select({ stream: chunks.stream, chunkCount: sql<number>`count(*)::int`, sampleCount: sql<number>`coalesce(sum(${chunks.sampleCount}),0)::int` })
    .from(chunks)
    .where(eq(chunks.sessionId, sessionId))
    .groupBy(chunks.stream);
  return Object.fromEntries(rows.map((r) => [r.stream, { chunkCount: Number(r.chunkCount), sampleCount: Number(r.sampleCount) }]));
}

/** Stable JSON for comparing metadata (key order independent). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
