// POST /analyze, GET /insights, GET /anomalies, GET /metrics, GET /health.
import { createRoute, z } from '@hono/zod-openapi';
import { and, count, desc, eq, gte, lt } from 'drizzle-orm';
import { analyses, anomalies } from '../../db/schema.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import { problemResponses } from '../openapi-common.ts';
import { healthSchema, healthStatusCode, serviceHealth } from '../orchestrator/health.ts';
import { analyzeRequestSchema, analyzeResponseSchema, type AnalyzeResponse } from './contract.ts';
import { deriveInsights } from './insights.ts';
import { runAnalysis } from './run-analysis.ts';

const analyze = createRoute({
  method: 'post',
  path: '/analyze',
  tags: ['albi'],
  summary: 'Analyse channels with analyzeChannels (statistics, bands, peak alpha, anomalies, quality)',
  middleware: jsonBody(32 * 1024 * 1024),
  request: { body: { required: true, content: { 'application/json': { schema: analyzeRequestSchema } } } },
  responses: {
    200: { description: 'Analysis', content: { 'application/json': { schema: analyzeResponseSchema } } },
    ...problemResponses(400, 413, 415, 503),
  },
});

const insights = createRoute({
  method: 'get',
  path: '/insights',
  tags: ['albi'],
  summary: 'Plain-language findings over recent analyses',
  request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(20) }) },
  responses: {
    200: {
      description: 'Insights',
      content: {
        'application/json': {
          schema: z.object({
            timestamp: z.string(),
            analyses_considered: z.number().int(),
            insights: z.array(z.object({ kind: z.string(), message: z.string(), detail: z.record(z.string(), z.unknown()).optional() })),
          }),
        },
      },
    },
    ...problemResponses(400),
  },
});

const listAnomalies = createRoute({
  method: 'get',
  path: '/anomalies',
  tags: ['albi'],
  summary: 'Anomalies found by analyses, newest first',
  request: {
    query: z.strictObject({
      channel: z.string().max(64).optional(),
      type: z.enum(['amplitude', 'flatline', 'railed', 'line-noise', 'muscle', 'blink', 'jump']).optional(),
      analysis_id: z.uuid().optional(),
      since: z.iso.datetime({ offset: true }).optional(),
      min_score: z.coerce.number().min(0).max(1e9).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      cursor: z
        .string()
        .regex(/^\d{1,15}$/)
        .optional(),
    }),
  },
  responses: {
    200: {
      description: 'Anomalies',
      content: {
        'application/json': {
          schema: z.object({
            anomalies: z.array(
              z.object({
                analysis_id: z.string(),
                channel: z.string(),
                type: z.string(),
                start_sample: z.number(),
                end_sample: z.number(),
                score: z.number(),
                timestamp: z.string(),
              }),
            ),
            next: z.string().nullable(),
          }),
        },
      },
    },
    ...problemResponses(400),
  },
});

const metrics = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['albi'],
  summary: 'Analysis counts',
  responses: { 200: { description: 'Metrics', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
});
const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['albi'],
  summary: 'ALBI health',
  responses: {
    200: { description: 'Online or degraded (reasons say why)', content: { 'application/json': { schema: healthSchema } } },
    503: { description: 'Offline: the database does not answer', content: { 'application/json': { schema: healthSchema } } },
  },
});

export const albiRoutes = createRouter()
  .openapi(analyze, async (c) => {
    const { channels, sample_rate } = c.req.valid('json');
    // The kernels compute in float64: the JSON numbers go in as they came (no float32 rounding).
    const input = Object.fromEntries(Object.entries(channels).map(([name, samples]) => [name, Float64Array.from(samples)]));
    return c.json(await runAnalysis(c.get('services'), c.get('identity').ownerId, input, sample_rate), 200);
  })
  .openapi(insights, async (c) => {
    const { limit } = c.req.valid('query');
    const rows = await c
      .get('services')
      .database.db.select({ result: analyses.result })
      .from(analyses)
      .where(eq(analyses.ownerId, c.get('identity').ownerId))
      .orderBy(desc(analyses.createdAt))
      .limit(limit);
    return c.json(
      {
        timestamp: new Date().toISOString(),
        analyses_considered: rows.length,
        insights: deriveInsights(rows.map((r) => r.result as AnalyzeResponse)),
      },
      200,
    );
  })
  .openapi(listAnomalies, async (c) => {
    const q = c.req.valid('query');
    const rows = await c
      .get('services')
      .database.db.select()
      .from(anomalies)
      .where(
        and(
          eq(anomalies.ownerId, c.get('identity').ownerId),
          q.channel ? eq(anomalies.channel, q.channel) : undefined,
          q.type ? eq(anomalies.kind, q.type) : undefined,
          q.analysis_id ? eq(anomalies.analysisId, q.analysis_id) : undefined,
          q.since ? gte(anomalies.createdAt, new Date(q.since)) : undefined,
          q.min_score !== undefined ? gte(anomalies.score, q.min_score) : undefined,
          q.cursor ? lt(anomalies.id, Number(q.cursor)) : undefined,
        ),
      )
      .orderBy(desc(anomalies.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    return c.json(
      {
        anomalies: page.map((a) => ({
          analysis_id: a.analysisId,
          channel: a.channel,
          type: a.kind,
          start_sample: a.startSample,
          end_sample: a.endSample,
          score: a.score,
          timestamp: a.createdAt.toISOString(),
        })),
        next: rows.length > q.limit ? String(page.at(-1)!.id) : null,
      },
      200,
    );
  })
  .openapi(metrics, async (c) => {
    const db = c.get('services').database.db;
    const ownerId = c.get('identity').ownerId;
    const [[a], [n], [d]] = await Promise.all([
      db.select({ n: count() }).from(analyses).where(eq(analyses.ownerId, ownerId)),
      db.select({ n: count() }).from(anomalies).where(eq(anomalies.ownerId, ownerId)),
      db
        .select({ n: count() })
        .from(analyses)
        .where(and(eq(analyses.ownerId, ownerId), gte(analyses.createdAt, new Date(Date.now() - 3_600_000)))),
    ]);
    return c.json(
      { total_analyses: Number(a.n), total_anomalies: Number(n.n), analyses_last_hour: Number(d.n), timestamp: new Date().toISOString() },
      200,
    );
  })
  .openapi(health, async (c) => {
    const report = await serviceHealth(c.get('services'), 'albi');
    return c.json(report, healthStatusCode(report));
  });
