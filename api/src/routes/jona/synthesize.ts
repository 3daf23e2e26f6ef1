// POST /synthesize, GET /synthesize/{id}, GET /queue.
import { createRoute, z } from '@hono/zod-openapi';
import { count, eq } from 'drizzle-orm';
import { syntheses } from '../../db/schema.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import { problemResponses } from '../openapi-common.ts';
import { synthesisSchema, synthesizeRequestSchema } from './contract.ts';
import { createSynthesis, requireSynthesis, toSynthesisJson, wavFor } from './store.ts';

const postSynthesize = createRoute({
  method: 'post',
  path: '/synthesize',
  tags: ['jona'],
  summary: 'Create a brainwave synthesis (audio rendered on demand)',
  middleware: jsonBody(64 * 1024),
  request: { body: { required: true, content: { 'application/json': { schema: synthesizeRequestSchema } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: synthesisSchema } } },
    ...problemResponses(400, 413, 415, 503),
  },
});

const getSynthesis = createRoute({
  method: 'get',
  path: '/synthesize/{id}',
  tags: ['jona'],
  summary: 'A synthesis record',
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: { description: 'The record', content: { 'application/json': { schema: synthesisSchema } } }, ...problemResponses(400, 404) },
});

const queueSchema = z.object({
  timestamp: z.string(),
  queue_depth: z.number().int(),
  jobs: z.record(z.string(), z.number().int()),
  rendering: z.array(z.object({ synthesis_id: z.string(), streams: z.number().int() })),
});

const getQueue = createRoute({
  method: 'get',
  path: '/queue',
  tags: ['jona'],
  summary: "The caller's synthesis jobs by state and their renders in progress (an admin sees everybody's)",
  responses: { 200: { description: 'Queue', content: { 'application/json': { schema: queueSchema } } } },
});

export const synthesizeRoutes = createRouter()
  .openapi(postSynthesize, async (c) => {
    const body = await createSynthesis(c.get('services'), c.get('identity').ownerId, c.req.valid('json'));
    return c.json(body, 201);
  })
  .openapi(getSynthesis, async (c) => {
    const services = c.get('services');
    const row = await requireSynthesis(services, c.get('identity').ownerId, c.req.valid('param').id);
    return c.json(toSynthesisJson(row, (await wavFor(services, row)).byteLength), 200);
  })
  .openapi(getQueue, async (c) => {
    const services = c.get('services');
    const { ownerId, role } = c.get('identity');
    const everybody = role === 'admin';
    const rows = await services.database.db
      .select({ status: syntheses.status, n: count() })
      .from(syntheses)
      .where(everybody ? undefined : eq(syntheses.ownerId, ownerId))
      .groupBy(syntheses.status);
    // Renders of every process on this database: the caller's audio may stream from another one.
    const rendering = (await services.activity.renders())
      .filter((render) => everybody || render.ownerId === ownerId)
      .map((render) => ({ synthesis_id: render.synthesisId, streams: render.streams }));
    const depth = rendering.reduce((n, render) => n + render.streams, 0);
    return c.json(
      {
        timestamp: new Date().toISOString(),
        queue_depth: depth,
        jobs: { ...Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])), rendering: depth },
        rendering,
      },
      200,
    );
  });
