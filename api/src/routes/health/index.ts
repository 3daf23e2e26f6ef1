// GET /health (the whole server, from every check), GET /health/live (the process runs) and
// GET /health/ready (it can take traffic: the database answers), for monitors and load balancers.
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../../http/router.ts';
import { serviceHealth } from '../orchestrator/health.ts';

const overallSchema = z
  .object({
    service: z.literal('clisonix'),
    status: z.enum(['online', 'degraded', 'offline']),
    reasons: z.array(z.string()),
    checks: z.object({
      database: z.boolean(),
      database_ms: z.number(),
      wasm: z.object({ albi: z.boolean(), jona: z.boolean() }),
      queue_depth: z.number().int(),
      disk_free_bytes: z.number().optional(),
    }),
    uptime_s: z.number(),
    timestamp: z.string(),
  })
  .openapi('Health');

const readySchema = z
  .object({ ready: z.boolean(), reasons: z.array(z.string()), database_ms: z.number(), timestamp: z.string() })
  .openapi('Readiness');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const overall = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'The server from every check: online, degraded or offline, with the reasons',
  responses: { 200: json(overallSchema, 'Online or degraded'), 503: json(overallSchema, 'Offline: the database does not answer') },
});
const live = createRoute({
  method: 'get',
  path: '/health/live',
  tags: ['health'],
  summary: 'Liveness: 200 while the process runs and answers HTTP (checks nothing else)',
  responses: { 200: json(z.object({ status: z.literal('alive'), uptime_s: z.number(), timestamp: z.string() }), 'Alive') },
});
const ready = createRoute({
  method: 'get',
  path: '/health/ready',
  tags: ['health'],
  summary: 'Readiness: 200 when the database answers within its time limit, 503 otherwise',
  responses: { 200: json(readySchema, 'Ready'), 503: json(readySchema, 'Not ready') },
});

const uptime = (startedAt: Date) => Math.round((Date.now() - startedAt.getTime()) / 1000);

/**
 * @example app.route('/', healthRoutes())
 */
export const healthRoutes = () =>
  createRouter()
    .openapi(overall, async (c) => {
      const services = c.get('services');
      const [alba, albi, jona] = await Promise.all(['alba', 'albi', 'jona'].map((name) => serviceHealth(services, name as 'alba')));
      const states = [alba.status, albi.status, jona.status];
      const status: 'online' | 'degraded' | 'offline' = states.includes('offline') ? 'offline' : states.includes('degraded') ? 'degraded' : 'online';
      const body = {
        service: 'clisonix' as const,
        status,
        reasons: [...new Set([alba, albi, jona].flatMap((h) => h.reasons))],
        checks: {
          database: alba.checks.database,
          database_ms: alba.database_ms,
          wasm: { albi: albi.checks.wasm ?? false, jona: jona.checks.wasm ?? false },
          queue_depth: jona.checks.queue_depth ?? 0,
          ...(alba.checks.disk_free_bytes !== undefined ? { disk_free_bytes: alba.checks.disk_free_bytes } : {}),
        },
        uptime_s: uptime(services.startedAt),
        timestamp: new Date().toISOString(),
      };
      return status === 'offline' ? c.json(body, 503) : c.json(body, 200);
    })
    .openapi(live, (c) =>
      c.json({ status: 'alive' as const, uptime_s: uptime(c.get('services').startedAt), timestamp: new Date().toISOString() }, 200),
    )
    .openapi(ready, async (c) => {
      const database = await c.get('services').health.database();
      const body = {
        ready: database.ok,
        reasons: database.ok ? [] : [database.reason!],
        database_ms: database.ms,
        timestamp: new Date().toISOString(),
      };
      return database.ok ? c.json(body, 200) : c.json(body, 503);
    });
