// Work that only the process doing it can see (audio renders it is streaming, readings it stored in
// the last minute), told to the other processes through the `instance_activity` table. Each process
// on PostgreSQL upserts its own row every `reportMs` (1 s) on a timer, never on a request's path,
// and readers add the live rows of the others to their own figures, which they read from memory.
// A process that stops deletes its row; one that dies stops refreshing it and drops out after
// STALE_SEC. On PGlite there is only ever one process, so nothing is written or read.
import { hostname } from 'node:os';
import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Database } from './db/client.ts';
import { instanceActivity } from './db/schema-instances.ts';

/** A render in flight on some process. */
export interface RenderInFlight {
  synthesisId: string;
  ownerId: string;
  /** Audio streams of this synthesis being sent now. */
  streams: number;
}

/** This process's own activity, read from memory at each report and each read. */
export interface LocalActivity {
  renders(): RenderInFlight[];
  /** Readings stored in the last 60 s, and when the last one was. */
  ingest(nowMs: number): { perMinute: number; last: Date | null };
}

export interface InstanceActivity {
  /** Renders in flight on every live process (this one included). */
  renders(): Promise<RenderInFlight[]>;
  /** Readings stored in the last minute by every live process, and the latest ingest time. */
  ingest(): Promise<{ perMinute: number; last: Date | null }>;
  /** Writes this process's row now (the timer calls it every reportMs). */
  report(): Promise<void>;
  /** Stops reporting and deletes this process's row. Idempotent. */
  stop(): Promise<void>;
}

/** A row not refreshed for this long belongs to a process that has died (seconds; the database's clock). */
export const STALE_SEC = 5;

/**
 * @example const activity = startInstanceActivity(database, local); ... await activity.renders();
 */
export function startInstanceActivity(database: Database, local: LocalActivity, reportMs = 1000): InstanceActivity {
  if (database.kind !== 'postgres') {
    return {
      renders: async () => local.renders(),
      ingest: async () => local.ingest(Date.now()),
      report: async () => {},
      stop: async () => {},
    };
  }
  const { db } = database;
  const instanceId = `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  let stopped = false;
  const live = () => and(ne(instanceActivity.instanceId, instanceId), gt(instanceActivity.seenAt, sql`now() - make_interval(secs => ${STALE_SEC})`));

  const report = async () => {
    if (stopped) return;
    const ingest = local.ingest(Date.now());
    const row = {
      seenAt: sql`now()`,
      renders: local.renders().map((r) => ({ synthesis_id: r.synthesisId, owner_id: r.ownerId, streams: r.streams })),
      ingestLastMinute: ingest.perMinute,
      lastIngest: ingest.last,
    };
    await db
      .insert(instanceActivity)
      .values({ instanceId, ...row })
      .onConflictDoUpdate({ target: instanceActivity.instanceId, set: row });
  };
  // Rows of processes killed without a chance to delete them: gone after an hour.
  void db
    .delete(instanceActivity)
    .where(lt(instanceActivity.seenAt, sql`now() - interval '1 hour'`))
    .catch(() => {});
  void report().catch(() => {});
  const timer = setInterval(() => {
    // A failed report (database restarting) only makes this process's figures a few seconds old elsewhere.
    report().catch(() => {});
  }, reportMs);
  timer.unref();

  return {
    async renders() {
      const rows = await db.select({ renders: instanceActivity.renders }).from(instanceActivity).where(live());
      const others = rows.flatMap((r) =>
        (r.renders as { synthesis_id: string; owner_id: string; streams: number }[]).map((x) => ({
          synthesisId: x.synthesis_id,
          ownerId: x.owner_id,
          streams: x.streams,
        })),
      );
      return [...local.renders(), ...others];
    },
    async ingest() {
      const [others] = await db
        .select({
          perMinute: sql<number>`coalesce(sum(${instanceActivity.ingestLastMinute}), 0)::int`,
          last: sql<string | null>`max(${instanceActivity.lastIngest})`,
        })
        .from(instanceActivity)
        .where(live());
      const own = local.ingest(Date.now());
      const othersLast = others.last ? new Date(others.last) : null;
      const last = !othersLast ? own.last : !own.last || othersLast > own.last ? othersLast : own.last;
      return { perMinute: own.perMinute + Number(others.perMinute), last };
    },
    report,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await db
        .delete(instanceActivity)
        .where(eq(instanceActivity.instanceId, instanceId))
        .catch(() => {});
    },
  };
}
