// Storing ALBA readings through the group-commit batcher (db/write-batcher.ts). Readings of
// concurrent requests are committed together in one multi-row INSERT; each request is answered only
// after the commit that holds its rows returned. Ids and ingest timestamps are assigned before a
// reading is queued, so they do not depend on which group it lands in.
import { sql } from 'drizzle-orm';
import type { readings } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { createWriteBatcher, type WriteBatcher } from '../../db/write-batcher.ts';
import { ProblemError } from '../../http/problem.ts';
import { timeDb } from '../../metrics.ts';
import type { Services } from '../../services.ts';
import type { Reading } from './contract.ts';

type ReadingRow = typeof readings.$inferInsert & { id: string; timestamp: Date };

/** Rows per INSERT statement: one transaction stays short, the parameter arrays stay small. */
const ROWS_PER_STATEMENT = 1000;

/**
 * One INSERT of `rows` with six array parameters unnested into rows: drizzle's multi-row VALUES
 * builds 6 parameters per row and cost about as much CPU as the rest of a single-reading request.
 * The payload goes as JSON text (the column is json, stored as sent).
 */
function insertStatement(db: Db, rows: ReadingRow[]) {
  const column = <T>(pick: (r: ReadingRow) => T) => sql.param(rows.map(pick));
  return db.execute(sql`
    insert into readings (id, owner_id, source, type, payload, timestamp)
    select * from unnest(
      ${column((r) => r.id)}::uuid[], ${column((r) => r.ownerId)}::text[], ${column((r) => r.source)}::text[],
      ${column((r) => r.type)}::text[], ${column((r) => JSON.stringify(r.payload))}::json[],
      ${column((r) => r.timestamp.toISOString())}::timestamptz[])`);
}

/** One write of the batcher: a single statement commits on its own; more run in one transaction. */
async function insertRows(db: Db, rows: ReadingRow[]): Promise<void> {
  if (rows.length <= ROWS_PER_STATEMENT) {
    await insertStatement(db, rows);
    return;
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await insertStatement(tx as unknown as Db, rows.slice(i, i + ROWS_PER_STATEMENT));
  });
}

const batchers = new WeakMap<Services, WriteBatcher<ReadingRow>>();

/** The readings batcher of one app (created on first use; one per database). */
export function readingBatcher(services: Services): WriteBatcher<ReadingRow> {
  let batcher = batchers.get(services);
  if (!batcher) {
    const { database, metrics } = services;
    batcher = createWriteBatcher<ReadingRow>({
      write: (rows) => timeDb(metrics, 'readings.insert', () => insertRows(database.db, rows)),
      maxRows: ROWS_PER_STATEMENT,
      maxWaitMs: 1,
      // PGlite is one connection; a PostgreSQL pool (10) can commit a few groups side by side.
      concurrency: database.kind === 'pglite' ? 1 : 4,
    });
    batchers.set(services, batcher);
  }
  return batcher;
}

function recordIngest(services: Services, count: number, now: Date): void {
  services.metrics.ingested.inc(count);
  const t = Date.now();
  services.ingest.last = now;
  const recent = services.ingest.recent;
  for (let i = 0; i < count; i++) recent.push(t);
  // Keep one minute of ingest times for the rate (readers count only those of the last minute).
  // Trimming moves every kept entry, so it runs once a second, not once a request: at 5,000
  // readings/s a per-request splice of the ~300,000 kept entries cost more than the request.
  if (recent[0] <= t - 61_000) {
    const cut = recent.findIndex((x) => x > t - 60_000);
    recent.splice(0, cut < 0 ? recent.length : cut);
  }
  if (recent.length > 1_000_000) recent.splice(0, recent.length - 1_000_000);
}

/**
 * Stores already-validated readings of one request, all or none, and returns their ids and
 * timestamps in order once they are committed. A reading without `timestamp` gets the time of
 * ingest (one instant per request). Throws a 503 problem when the database did not store them.
 */
export async function storeReadings(services: Services, ownerId: string, items: Reading[]) {
  const now = new Date();
  const rows: ReadingRow[] = items.map((r) => ({
    id: crypto.randomUUID(),
    ownerId,
    source: r.source,
    type: r.type,
    payload: r.payload,
    timestamp: r.timestamp ? new Date(r.timestamp) : now,
  }));
  if (rows.length) {
    try {
      await readingBatcher(services).add(rows);
    } catch (error) {
      services.logger.error({ err: error, readings: rows.length }, 'readings not stored');
      throw new ProblemError(503, 'The database did not store the readings; none of this request was kept. Retry later.');
    }
    recordIngest(services, rows.length, now);
  }
  return rows.map((r) => ({ status: 'ingested' as const, id: r.id, timestamp: r.timestamp.toISOString() }));
}
