import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { onError } from '../../http/error-handler.ts';
import { backends } from '../../testing/backends.ts';
import { startPostgres, type RunningPostgres } from '../../testing/postgres.ts';
import { memoryStore, postgresStore, rateLimit, type RateLimitStore } from './index.ts';

const budget = { limit: 5, windowMs: 60_000 };

function appWith(store: RateLimitStore, now: () => number) {
  const app = new Hono<AppEnv>()
    .use('*', rateLimit({ store, now, chargesOf: (c) => [{ key: `ip:${c.req.header('x-ip')}`, budget, cost: c.req.path === '/heavy' ? 3 : 1 }] }))
    .get('/*', (c) => c.text('ok'));
  app.onError(onError);
  return app;
}

describe('rate limit', () => {
  it('counts cost, answers 429 with Retry-After and RateLimit headers, per key, and resets with the window', async () => {
    let now = 1_000_000;
    const app = appWith(memoryStore(), () => now);
    const first = await app.request('/a', { headers: { 'x-ip': '1' } });
    expect(first.headers.get('ratelimit-limit')).toBe('5');
    expect(first.headers.get('ratelimit-remaining')).toBe('4');
    expect(first.headers.get('ratelimit-policy')).toBe('5;w=60');
    expect((await app.request('/heavy', { headers: { 'x-ip': '1' } })).headers.get('ratelimit-remaining')).toBe('1');
    expect((await app.request('/a', { headers: { 'x-ip': '1' } })).status).toBe(200);
    const limited = await app.request('/a', { headers: { 'x-ip': '1' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('20'); // window [960000, 1020000) ends in 20 s
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect((await limited.json()).title).toBe('Too Many Requests');
    expect((await app.request('/a', { headers: { 'x-ip': '2' } })).status).toBe(200);
    now += 60_000;
    expect((await app.request('/a', { headers: { 'x-ip': '1' } })).status).toBe(200);
  });

  describe.each(backends)('PostgreSQL store on %s', (kind) => {
    let database: Database;
    let server: RunningPostgres | undefined;
    beforeAll(async () => {
      server = kind === 'postgres' ? await startPostgres() : undefined;
      database = await openDatabase({ dataDir: 'memory://', databaseUrl: server?.url });
    });
    afterAll(async () => {
      await database?.close();
      await server?.stop();
    });

    it('shares counts through the table and starts a new window atomically', async () => {
      const a = postgresStore(database.db);
      const b = postgresStore(database.db); // a second API instance
      expect((await a.hit('k', 2, 60_000, 120_000)).count).toBe(2);
      expect((await b.hit('k', 3, 60_000, 130_000)).count).toBe(5);
      expect(await a.peek('k', 60_000, 130_000)).toBe(5);
      expect((await Promise.all([a.hit('k', 1, 60_000, 130_000), b.hit('k', 1, 60_000, 130_000)])).map((h) => h.count).sort()).toEqual([6, 7]);
      expect(await b.hit('k', 1, 60_000, 180_000)).toEqual({ count: 1, resetAtMs: 240_000 });
      await a.reset('k');
      expect(await b.peek('k', 60_000, 180_000)).toBe(0);
    });

    it('batches concurrent hits into one upsert and still gives each hit the count it would get alone', async () => {
      const store = postgresStore(database.db);
      // 30 hits at once on two keys (costs 1 and 2) and one that lands in the next window.
      const hits = await Promise.all([
        ...Array.from({ length: 20 }, () => store.hit('batch:a', 1, 60_000, 300_000)),
        ...Array.from({ length: 10 }, () => store.hit('batch:b', 2, 60_000, 300_000)),
        store.hit('batch:a', 5, 60_000, 360_000),
      ]);
      expect(hits.slice(0, 20).map((h) => h.count)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(hits.slice(20, 30).map((h) => h.count)).toEqual(Array.from({ length: 10 }, (_, i) => 2 * (i + 1)));
      expect(hits[30]).toEqual({ count: 5, resetAtMs: 420_000 });
      expect(await store.peek('batch:b', 60_000, 300_000)).toBe(20);
      expect(await store.peek('batch:a', 60_000, 360_000)).toBe(5);
    });
  });
});
