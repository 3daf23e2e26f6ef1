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

/** Counters in the `rate_limit_counters` table: one atomic upsert per hit. */
export function postgresStore(db: Db): RateLimitStore {
  return {
    async hit(key, cost, windowMs, nowMs) {
      const windowStart = windowStartOf(nowMs, windowMs);
      const result = await db.execute(sql`
        insert into rate_limit_counters (key, window_start, count) values (${key}, ${windowStart}, ${cost})
        on conflict (key) do update set
          count = case when rate_limit_counters.window_start = excluded.window_start then rate_limit_counters.count + excluded.count else excluded.count end,
          window_start = excluded.window_start
        returning count`);
      const rows = (result as unknown as { rows: { count: number }[] }).rows;
      return { count: Number(rows[0].count), resetAtMs: windowStart + windowMs };
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
