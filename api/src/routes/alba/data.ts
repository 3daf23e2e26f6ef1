// GET /data (newest first, filter by source/type/time, cursor paging), GET /metrics, GET /health.
import { createRoute, z } from '@hono/zod-openapi';
import { and, count, desc, eq, gte, lt, lte, max } from 'drizzle-orm';
import { readings } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { problemResponses } from '../openapi-common.ts';
import { healthSchema, healthStatusCode, serviceHealth } from '../orchestrator/health.ts';
import { dataPageSchema } from './contract.ts';

const listData = createRoute({
  method: 'get',
  path: '/data',
  tags: ['alba'],
  summary: 'Collected readings, newest first, paged by cursor',
  request: {
    query: z.strictObject({
      source: z.string().max(128).optional(),
      type: z.string().max(64).optional(),
      since: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      cursor: z
        .string()
        .regex(/^\d{1,15}$/, 'a cursor this server returned')
        .optional(),
    }),
  },
  responses: { 200: { description: 'A page', content: { 'application/json': { schema: dataPageSchema } } }, ...problemResponses(400) },
});

const albaMetrics = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['alba'],
  summary: 'Ingest counts, rate and last ingest',
  responses: {
    200: {
      description: 'Metrics',
      content: {
        'application/json': {
          schema: z.object({
            total_ingested: z.number().int(),
            by_source: z.record(z.string(), z.number()),
            by_type: z.record(z.string(), z.number()),
            rate_per_minute: z.number(),
            last_ingest: z.string().nullable(),
            timestamp: z.string(),
          }),
        },
      },
    },
  },
});

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['alba'],
  summary: 'ALBA health',
  responses: {
    200: { description: 'Online or degraded (reasons say why)', content: { 'application/json': { schema: healthSchema } } },
    503: { description: 'Offline: the database does not answer', content: { 'application/json': { schema: healthSchema } } },
  },
});

export const dataRoutes = createRouter()
  .openapi(listData, async (c) => {
    const q = c.req.valid('query');
    if (q.since && q.until && new Date(q.since) > new Date(q.until))
      throw new ProblemError(400, 'since is after until.', [{ path: 'query.since', message: 'must not be after until' }]);
    const { database } = c.get('services');
    const rows = await database.db
      .select()
      .from(readings)
      .where(
        and(
          eq(readings.ownerId, c.get('identity').ownerId),
          q.source ? eq(readings.source, q.source) : undefined,
          q.type ? eq(readings.type, q.type) : undefined,
          q.since ? gte(readings.timestamp, new Date(q.since)) : undefined,
          q.until ? lte(readings.timestamp, new Date(q.until)) : undefined,
          q.cursor ? lt(readings.seq, Number(q.cursor)) : undefined,
        ),
      )
      .orderBy(desc(readings.seq))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    return c.json(
      {
        data: page.map((r) => ({
          id: r.id,
          source: r.source,
          type: r.type,
          payload: r.payload as Record<string, unknown>,
          timestamp: r.timestamp.toISOString(),
        })),
        next: rows.length > q.limit ? String(page.at(-1)!.seq) : null,
      },
      200,
    );
  })
  .openapi(albaMetrics, async (c) => {
    const services = c.get('services');
    const owner = eq(readings.ownerId, c.get('identity').ownerId);
    const db = services.database.db;
    const [bySource, byType, [last]] = await Promise.all([
      db.select({ key: readings.source, n: count() }).from(readings).where(owner).groupBy(readings.source),
      db.select({ key: readings.type, n: count() }).from(readings).where(owner).groupBy(readings.type),
      db
        .select({ n: count(), last: max(readings.timestamp) })
        .from(readings)
        .where(owner),
    ]);
    const ingest = await services.activity.ingest(); // every process on this database
    return c.json(
      {
        total_ingested: Number(last.n),
        by_source: Object.fromEntries(bySource.map((r) => [r.key, Number(r.n)])),
        by_type: Object.fromEntries(byType.map((r) => [r.key, Number(r.n)])),
        rate_per_minute: ingest.perMinute,
        last_ingest: ingest.last?.toISOString() ?? (last.last ? new Date(last.last).toISOString() : null),
        timestamp: new Date().toISOString(),
      },
      200,
    );
  })
  .openapi(health, async (c) => {
    const report = await serviceHealth(c.get('services'), 'alba');
    return c.json(report, healthStatusCode(report));
  });
