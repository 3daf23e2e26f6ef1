// Browser clients registering with the orchestrator: capabilities and devices, kept alive by
// heartbeats; a client not heard from for CLIENT_TTL_MS drops out of the registry.
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, gt } from 'drizzle-orm';
import { clients } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import type { Services } from '../../services.ts';
import { problemResponses } from '../openapi-common.ts';

/** How long a client stays listed after its last heartbeat, ms: ORCHESTRATOR_CLIENT_TTL_MS, 60 s by default. */
export const CLIENT_TTL_MS = clientTtlMs(process.env.ORCHESTRATOR_CLIENT_TTL_MS);

function clientTtlMs(value: string | undefined): number {
  if (value === undefined || value === '') return 60_000;
  const ms = Number(value);
  // the studio's heartbeat comes every 20 s: a shorter time-to-live would drop clients that are there
  if (!Number.isInteger(ms) || ms < 21_000) throw new Error(`ORCHESTRATOR_CLIENT_TTL_MS must be a whole number of ms >= 21000 (got '${value}')`);
  return ms;
}

export const clientRegistrationSchema = z
  .strictObject({
    name: z.string().min(1).max(128),
    capabilities: z.strictObject({
      web_bluetooth: z.boolean(),
      web_serial: z.boolean(),
      audio_worklet: z.boolean(),
      wasm_simd: z.boolean(),
      cross_origin_isolated: z.boolean(),
    }),
    devices: z
      .array(
        z.strictObject({
          kind: z.string().min(1).max(64),
          name: z.string().max(128),
          state: z.enum(['connected', 'connecting', 'disconnected', 'streaming']),
        }),
      )
      .max(32)
      .default([]),
  })
  .openapi('ClientRegistration');

const clientSchema = z
  .object({
    client_id: z.uuid(),
    name: z.string(),
    capabilities: z.record(z.string(), z.boolean()),
    devices: z.array(z.unknown()),
    last_seen: z.string(),
    expires_at: z.string(),
  })
  .openapi('Client');

const register = createRoute({
  method: 'post',
  path: '/clients',
  tags: ['orchestrator'],
  summary: 'Register a browser client with its capabilities and devices',
  middleware: jsonBody(32 * 1024),
  request: { body: { required: true, content: { 'application/json': { schema: clientRegistrationSchema } } } },
  responses: { 201: { description: 'Registered', content: { 'application/json': { schema: clientSchema } } }, ...problemResponses(400, 413, 415) },
});

const heartbeat = createRoute({
  method: 'put',
  path: '/clients/{id}',
  tags: ['orchestrator'],
  summary: 'Heartbeat: refresh a registration (and its devices); an expired one comes back under its id',
  middleware: jsonBody(32 * 1024),
  request: { params: z.object({ id: z.uuid() }), body: { required: true, content: { 'application/json': { schema: clientRegistrationSchema } } } },
  responses: {
    200: { description: 'Refreshed', content: { 'application/json': { schema: clientSchema } } },
    ...problemResponses(400, 404, 413, 415),
  },
});

type Row = typeof clients.$inferSelect;
const toClient = (r: Row) => ({
  client_id: r.id,
  name: r.name,
  capabilities: r.capabilities as Record<string, boolean>,
  devices: r.devices as unknown[],
  last_seen: r.lastSeen.toISOString(),
  expires_at: new Date(r.lastSeen.getTime() + CLIENT_TTL_MS).toISOString(),
});

/** Clients heard from within the TTL. */
export async function liveClients(services: Services, ownerId: string) {
  const rows = await services.database.db
    .select()
    .from(clients)
    .where(and(eq(clients.ownerId, ownerId), gt(clients.lastSeen, new Date(Date.now() - CLIENT_TTL_MS))));
  return rows.map(toClient);
}

export const clientRoutes = createRouter()
  .openapi(register, async (c) => {
    const body = c.req.valid('json');
    const [row] = await c
      .get('services')
      .database.db.insert(clients)
      .values({ id: crypto.randomUUID(), ownerId: c.get('identity').ownerId, ...body, lastSeen: new Date() })
      .returning();
    return c.json(toClient(row), 201);
  })
  .openapi(heartbeat, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const [row] = await c
      .get('services')
      .database.db.update(clients)
      .set({ ...body, lastSeen: new Date() })
      // An expired registration comes back under its id: a browser tab whose timers were throttled
      // (hidden, heartbeats a minute apart) stays the same client instead of registering anew.
      .where(and(eq(clients.id, id), eq(clients.ownerId, c.get('identity').ownerId)))
      .returning();
    if (!row) throw new ProblemError(404, `Client ${id} is not registered: register it first.`, [{ path: 'path.id', message: 'not registered' }]);
    return c.json(toClient(row), 200);
  });
