// POST /communicate: routes a packet to the destination service's handler and returns its answer.
// Each packet is logged (packets table) with the status the destination answered.
import { createRoute, z } from '@hono/zod-openapi';
import { packets } from '../../db/schema.ts';
import { ProblemError, validationProblem } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import type { Services } from '../../services.ts';
import { problemResponses } from '../openapi-common.ts';
import { readingSchema } from '../alba/contract.ts';
import { storeReadings } from '../alba/ingest.ts';
import { analyzeRequestSchema } from '../albi/contract.ts';
import { runAnalysis } from '../albi/run-analysis.ts';
import { synthesizeRequestSchema } from '../jona/contract.ts';
import { createSynthesis } from '../jona/store.ts';
import { serviceHealth } from './health.ts';

export const packetSchema = z
  .strictObject({
    source: z.string().min(1).max(64),
    destination: z.enum(['alba', 'albi', 'jona', 'orchestrator']),
    packet_type: z.string().min(1).max(64),
    payload: z.record(z.string(), z.unknown()).default({}),
  })
  .openapi('Packet');

const communicate = createRoute({
  method: 'post',
  path: '/communicate',
  tags: ['orchestrator'],
  summary: "Route a packet to a service's handler",
  description:
    'alba: telemetry/ingest (payload = {source,type,payload}); albi: telemetry/analyze (payload = {channels,sample_rate}); jona: synthesize (payload = a synthesis request); any: health.',
  middleware: jsonBody(32 * 1024 * 1024),
  request: { body: { required: true, content: { 'application/json': { schema: packetSchema } } } },
  responses: {
    200: {
      description: "The destination's answer",
      content: {
        'application/json': {
          schema: z.object({
            packet_id: z.uuid(),
            source: z.string(),
            destination: z.string(),
            packet_type: z.string(),
            status: z.literal('delivered'),
            response: z.unknown(),
            timestamp: z.string(),
          }),
        },
      },
    },
    ...problemResponses(400, 413, 415, 503),
  },
});

type Handler = (services: Services, ownerId: string, payload: unknown) => Promise<unknown>;

function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload);
  if (!result.success) {
    const problem = validationProblem(result.error, 'json');
    throw new ProblemError(
      400,
      problem.message,
      problem.problem.errors.map((e) => ({ ...e, path: e.path.replace(/^body/, 'body.payload') })),
    );
  }
  return result.data;
}

const handlers: Record<string, Record<string, Handler>> = {
  alba: {
    telemetry: async (s, owner, p) => (await storeReadings(s, owner, [parsePayload(readingSchema, p)]))[0],
    ingest: async (s, owner, p) => (await storeReadings(s, owner, [parsePayload(readingSchema, p)]))[0],
  },
  albi: {
    telemetry: (s, owner, p) => analyze(s, owner, p),
    analyze: (s, owner, p) => analyze(s, owner, p),
  },
  jona: { synthesize: (s, owner, p) => createSynthesis(s, owner, parsePayload(synthesizeRequestSchema, p)) },
  orchestrator: {},
};

function analyze(services: Services, ownerId: string, payload: unknown) {
  const { channels, sample_rate } = parsePayload(analyzeRequestSchema, payload);
  return runAnalysis(services, ownerId, Object.fromEntries(Object.entries(channels).map(([k, v]) => [k, Float64Array.from(v)])), sample_rate);
}

export const communicateRoutes = createRouter().openapi(communicate, async (c) => {
  const packet = c.req.valid('json');
  const services = c.get('services');
  const { ownerId } = c.get('identity');
  const handler =
    packet.packet_type === 'health'
      ? (s: Services) => serviceHealth(s, packet.destination === 'orchestrator' ? 'alba' : packet.destination)
      : handlers[packet.destination][packet.packet_type];
  const id = crypto.randomUUID();
  const log = (status: number) =>
    services.database.db
      .insert(packets)
      .values({ id, ownerId, source: packet.source, destination: packet.destination, packetType: packet.packet_type, status });
  if (!handler) {
    await log(400);
    const known = ['health', ...Object.keys(handlers[packet.destination])];
    throw new ProblemError(400, `${packet.destination} does not handle packet_type '${packet.packet_type}' (it handles ${known.join(', ')}).`, [
      { path: 'body.packet_type', message: `one of ${known.join(', ')}` },
    ]);
  }
  let response;
  try {
    response = await handler(services, ownerId, packet.payload);
  } catch (error) {
    await log(error instanceof ProblemError ? error.problem.status : 500);
    throw error;
  }
  await log(200);
  c.get('logger').info({ packet_id: id, source: packet.source, destination: packet.destination, packet_type: packet.packet_type }, 'packet routed');
  return c.json(
    {
      packet_id: id,
      source: packet.source,
      destination: packet.destination,
      packet_type: packet.packet_type,
      status: 'delivered' as const,
      response,
      timestamp: new Date().toISOString(),
    },
    200,
  );
});
