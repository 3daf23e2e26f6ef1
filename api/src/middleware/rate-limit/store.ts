// Where rate-limit counters live. Fixed windows: a counter counts cost units from `windowStart`
// for `windowMs`, then starts over. Memory for one process; PostgreSQL so that several API
// instances share one budget per caller.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

export interface Hit {
  /** Units used in the current window, this hit included. */
  count: number;
  /** When the window ends (ms since epoch). */
  resetAtMs: number;
}

export interface RateLimitStore {
  /** Adds `cost` units to `key` and returns the new total of its window. */
  hit(key: string, cost: number, windowMs: number, nowMs: number): Promise<Hit>;
  /** Units used so far in the current window, without adding any. */
  peek(key: string, windowMs: number, nowMs: number): Promise<number>;
  reset(key: string): Promise<void>;
}

const windowStartOf = (nowMs: number, windowMs: number) => nowMs - (nowMs % windowMs);

/** Counters in a Map; entries of past windows are swept when the map grows. */
export function memoryStore(maxEntries = 100_000): RateLimitStore {
  const counters = new Map<string, { windowStart: number; count: number }>();
  const sweep = (nowMs: number) => {
    for (const [key, entry] of counters) if (entry.windowStart + 3_600_000 < nowMs) counters.delete(key);
  };
  return {
    async hit(key, cost, windowMs, nowMs) {
      const windowStart = windowStartOf(nowMs, windowMs);
      const entry = counters.get(key);
      const count = entry && entry.windowStart === windowStart ? entry.count + cost : cost;
      if (!entry && counters.size >= maxEntries) sweep(nowMs);
      counters.set(key, { windowStart, count });
      return { count, resetAtMs: windowStart + windowMs };
    },
    async peek(key, windowMs, nowMs) {
      const entry = counters.get(key);
      return entry && entry.windowStart === windowStartOf(nowMs, windowMs) ? entry.count : 0;
    },
    async reset(key) {
      counters.delete(key);
    },
  };
}

interface PendingHit {
  key: string;
  cost: number;
  windowStart: number;
  resolve(count: number): void;
  reject(error: unknown): void;
}

/**
 * Counters in the `rate_limit_counters` table, shared by every process on that PostgreSQL server.
 * Hits are written in batches: the first hit of an idle store goes out at once; hits that arrive
 * while a statement is in flight wait for it and then go out together in one multi-row upsert, so
 * under load a request costs a fraction of a round trip. Each key appears once per statement (its
 * costs summed) and every hit gets the count it would have got alone: the key's new total minus the
 * costs queued after it.
 */
export function postgresStore(db: Db, maxKeysPerStatement = 500): RateLimitStore {
  let queue: PendingHit[] = [];
  let inFlight = false;

  async function write(batch: PendingHit[]): Promise<void> {
    // Group by window (a batch can straddle a window boundary) and by key, keeping arrival order.
    const groups = new Map<string, PendingHit[]>();
    for (const hit of batch) {
      const id = `${hit.windowStart}\u0000${hit.key}`;
      const group = groups.get(id);
      if (group) group.push(hit);
      else groups.set(id, [hit]);
    }
    const byWindow = new Map<number, PendingHit[][]>();
    for (const group of groups.values()) {
      const list = byWindow.get(group[0].windowStart) ?? [];
      list.push(group);
      byWindow.set(group[0].windowStart, list);
    }
    for (const [windowStart, keyGroups] of byWindow) {
      const values = keyGroups.map((g) => sql`(${g[0].key}, ${windowStart}::bigint, ${g.reduce((n, h) => n + h.cost, 0)}::integer)`);
      const result = await db.execute(sql`
        insert into rate_limit_counters (key, window_start, count) values ${sql.join(values, sql`, `)}
        on conflict (key) do update set
          count = case when rate_limit_counters.window_start = excluded.window_start then rate_limit_counters.count + excluded.count else excluded.count end,
          window_start = excluded.window_start
        returning key, count`);
      const totals = new Map((result as unknown as { rows: { key: string; count: number }[] }).rows.map((r) => [r.key, Number(r.count)]));
      for (const group of keyGroups) {
        let count = totals.get(group[0].key)!;
        for (let i = group.length - 1; i >= 0; i--) {
          group[i].resolve(count);
          count -= group[i].cost;
        }
      }
    }
  }

  function drain(): void {
    if (inFlight || !queue.length) return;
    const batch = queue.slice(0, maxKeysPerStatement);
    queue = queue.slice(batch.length);
    inFlight = true;
    write(batch)
      .catch((error) => {
        for (const hit of batch) hit.reject(error);
      })
      .finally(() => {
        inFlight = false;
        drain();
      });
  }

  return {
    hit(key, cost, windowMs, nowMs) {
      const windowStart = windowStartOf(nowMs, windowMs);
      return new Promise<number>((resolve, reject) => {
        queue.push({ key, cost, windowStart, resolve, reject });
        drain();
      }).then((count) => ({ count, resetAtMs: windowStart + windowMs }));
    },
    async peek(key, windowMs, nowMs) {
      const result = await db.execute(
        sql`select count from rate_limit_counters where key = ${key} and window_start = ${windowStartOf(nowMs, windowMs)}`,
      );
      const rows = (result as unknown as { rows: { count: number }[] }).rows;
      return rows.length ? Number(rows[0].count) : 0;
    },
    async reset(key) {
      await db.execute(sql`delete from rate_limit_counters where key = ${key}`);
    },
  };
}
