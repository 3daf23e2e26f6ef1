// The write path of session chunks (PUT .../chunks/{seq}), built for many live headsets at once:
//
//   1. The session a chunk belongs to comes from a small per-process cache (owner, id -> row), so a
//      headset that sends a chunk a second does not cost a session SELECT per chunk.
//   2. Chunks of concurrent requests are inserted together (group commit, db/write-batcher.ts): one
//      multi-row INSERT per group, each request answered only after the commit holding its row.
//   3. The INSERT itself checks that the session still has the version the request was checked
//      against (`where exists (... version = v.version)`). A row whose session changed or vanished
//      since it was cached (another request, another process) is simply not inserted; its request
//      then drops the cached row and is checked again against the session as it is now.
//
// A row not inserted is either that (a stale session) or a seq already stored: storeChunk tells the
// two apart by reading the stored row, which also decides 200 (same bytes) or 409 (other bytes).
// Chunks above GROUP_MAX_BYTES are inserted on their own: one such chunk amortises its own commit,
// and a group of them would make one statement of many megabytes.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { chunks } from '../../db/schema.ts';
import { createWriteBatcher, type WriteBatcher } from '../../db/write-batcher.ts';
import { timeDb } from '../../metrics.ts';
import type { Services } from '../../services.ts';
import { requireSession, type SessionRow } from './store.ts';

export type ChunkInsert = Omit<typeof chunks.$inferInsert, 'createdAt'> & { data: Uint8Array };
type StoredChunk = typeof chunks.$inferSelect;

/** What happened to one row of a group insert. */
export type InsertOutcome = 'inserted' | 'not-inserted';

/** Rows per INSERT (10 parameters each). */
const ROWS_PER_STATEMENT = 200;
/** Larger chunks are written alone: 64 KiB is 16 s of 4 channels at 256 Hz. */
const GROUP_MAX_BYTES = 64 * 1024;
/** Sessions kept per process; the least recently used one goes first. */
const SESSION_CACHE_SIZE = 10_000;

interface QueuedChunk {
  row: ChunkInsert;
  ownerId: string;
  /** The session version the chunk was checked against. */
  version: number;
}

const keyOf = (r: Pick<ChunkInsert, 'sessionId' | 'stream' | 'seq'>) => `${r.sessionId}\u0000${r.stream}\u0000${r.seq}`;

/**
 * Inserts the rows whose session still has the checked version and whose seq is free; one statement
 * (it commits on its own). A seq twice in one group is sent once: the second request finds the row.
 */
export async function insertChunks(db: Db, queued: QueuedChunk[]): Promise<InsertOutcome[]> {
  const firstOf = new Map<string, number>();
  const unique: QueuedChunk[] = [];
  queued.forEach((q, i) => {
    const key = keyOf(q.row);
    if (firstOf.has(key)) return;
    firstOf.set(key, i);
    unique.push(q);
  });
  const values = sql.join(
    unique.map(
      ({ row: r, ownerId, version }) =>
        sql`(${r.sessionId}::uuid, ${r.stream}::text, ${r.seq}::int, ${r.firstSample}::bigint, ${r.sampleCount}::int, ${r.channelCount}::int, ${r.sha256}::text, ${r.data}::bytea, ${ownerId}::text, ${version}::int)`,
    ),
    sql`, `,
  );
  const result = await db.execute(sql`
    insert into chunks (session_id, stream, seq, first_sample, sample_count, channel_count, sha256, data)
    select v.session_id, v.stream, v.seq, v.first_sample, v.sample_count, v.channel_count, v.sha256, v.data
    from (values ${values}) as v (session_id, stream, seq, first_sample, sample_count, channel_count, sha256, data, owner_id, version)
    where exists (select 1 from sessions s where s.id = v.session_id and s.owner_id = v.owner_id and s.version = v.version)
    on conflict do nothing
    returning session_id, stream, seq`);
  const inserted = new Set(
    (result as unknown as { rows: { session_id: string; stream: string; seq: number }[] }).rows.map((r) =>
      keyOf({ sessionId: r.session_id, stream: r.stream, seq: Number(r.seq) }),
    ),
  );
  return queued.map((q, i) => (firstOf.get(keyOf(q.row)) === i && inserted.has(keyOf(q.row)) ? 'inserted' : 'not-inserted'));
}

interface ChunkWrites {
  batcher: WriteBatcher<QueuedChunk, InsertOutcome>;
  sessions: Map<string, SessionRow>;
}
const perServices = new WeakMap<Services, ChunkWrites>();

function chunkWrites(services: Services): ChunkWrites {
  let writes = perServices.get(services);
  if (!writes) {
    const { database, metrics } = services;
    writes = {
      batcher: createWriteBatcher<QueuedChunk, InsertOutcome>({
        write: (rows) => timeDb(metrics, 'chunks.insert', () => insertChunks(database.db, rows)),
        maxRows: ROWS_PER_STATEMENT,
        maxWaitMs: 1,
        // PGlite is one connection; a PostgreSQL pool can commit a few groups side by side.
        concurrency: database.kind === 'pglite' ? 1 : 4,
      }),
      sessions: new Map(),
    };
    perServices.set(services, writes);
  }
  return writes;
}

/** The batcher of one app, for tests and metrics. */
export const chunkBatcher = (services: Services) => chunkWrites(services).batcher;

/**
 * The session `id` of `ownerId` as this process last read it (404 when there is none). `fresh`
 * reads it again. A cached row may be stale; storeChunk notices and the caller checks again.
 */
export async function sessionForChunk(services: Services, ownerId: string, id: string, fresh = false): Promise<SessionRow> {
  const { sessions } = chunkWrites(services);
  const key = `${ownerId}\u0000${id}`;
  const cached = sessions.get(key);
  if (cached && !fresh) {
    sessions.delete(key); // re-insert: a Map keeps insertion order, the oldest key is the LRU one
    sessions.set(key, cached);
    return cached;
  }
  sessions.delete(key);
  const row = await requireSession(services.database.db, ownerId, id);
  sessions.set(key, row);
  if (sessions.size > SESSION_CACHE_SIZE) sessions.delete(sessions.keys().next().value!);
  return row;
}

/** Result of storeChunk: stored now, already stored (compare the bytes), or the session changed. */
export type StoreOutcome = { kind: 'inserted' } | { kind: 'exists'; stored: StoredChunk } | { kind: 'session-changed' };

/**
 * Stores a checked chunk row (checked against session version `version`) and resolves after its
 * commit. Database errors propagate (the route answers 503).
 */
export async function storeChunk(services: Services, ownerId: string, version: number, row: ChunkInsert): Promise<StoreOutcome> {
  const writes = chunkWrites(services);
  const queued = { row, ownerId, version };
  const [outcome] =
    row.data.byteLength > GROUP_MAX_BYTES
      ? await timeDb(services.metrics, 'chunks.insert', () => insertChunks(services.database.db, [queued]))
      : await writes.batcher.add([queued]);
  if (outcome === 'inserted') {
    services.metrics.chunkBytes.inc(row.data.byteLength);
    return { kind: 'inserted' };
  }
  const [stored] = await services.database.db
    .select()
    .from(chunks)
    .where(and(eq(chunks.sessionId, row.sessionId), eq(chunks.stream, row.stream), eq(chunks.seq, row.seq)));
  if (stored) return { kind: 'exists', stored };
  writes.sessions.delete(`${ownerId}\u0000${row.sessionId}`);
  return { kind: 'session-changed' };
}
