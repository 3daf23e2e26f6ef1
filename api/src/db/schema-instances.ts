// What each running API process (a WORKERS worker, an instance behind a load balancer) reports
// about the work only it can see: the audio renders it is streaming and its recent ALBA ingest.
// Every process writes its own row about once a second (api/src/instance-activity.ts); readers
// add up the rows seen lately, so /jona/queue and the ingest rate answer the same on every process.
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One row per live API process on a PostgreSQL server; PGlite (one process) never writes it. */
export const instanceActivity = pgTable('instance_activity', {
  /** hostname:pid:random, made at start. */
  instanceId: text('instance_id').primaryKey(),
  /** Set to the database's now() at every report; rows not refreshed for a few seconds are of a stopped process. */
  seenAt: timestamp('seen_at', { withTimezone: true, mode: 'date' }).notNull(),
  /** Renders in flight: [{ synthesis_id, owner_id, streams }]. */
  renders: jsonb('renders').notNull(),
  /** Readings this process stored in the 60 s before seen_at. */
  ingestLastMinute: integer('ingest_last_minute').notNull(),
  lastIngest: timestamp('last_ingest', { withTimezone: true, mode: 'date' }),
});
