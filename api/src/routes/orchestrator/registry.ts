// GET /registry, GET /status/dashboard, GET /metrics/aggregated, GET /metrics (Prometheus), GET /health.
import { createRoute, z } from '@hono/zod-openapi';
import { count, eq, gt, and } from 'drizzle-orm';
import { analyses, anomalies, clients, packets, readings, sessions, syntheses } from '../../db/schema.ts';
import { createRouter } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { healthSchema, healthStatusCode, serviceHealth, type ServiceHealth } from './health.ts';
import { CLIENT_TTL_MS, liveClients } from './clients.ts';

const registrySchema = z
  .object({ timestamp: z.string(), services: z.record(z.string(), healthSchema), clients: z.array(z.unknown()) })
  .openapi('Registry');

const registry = createRoute({
  method: 'get',
  path: '/registry',
  tags: ['orchestrator'],
  summary: 'Services (from live health checks) and registered browser clients',
  responses: { 200: { description: 'Registry', content: { 'application/json': { schema: registrySchema } } } },
});
const dashboard = createRoute({
  method: 'get',
  path: '/status/dashboard',
  tags: ['orchestrator'],
  summary: "Summary for the studio's status page",
  responses: { 200: { description: 'Dashboard', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
});
const aggregated = createRoute({
  method: 'get',
  path: '/metrics/aggregated',
  tags: ['orchestrator'],
  summary: 'Metrics of all services as JSON',
  responses: { 200: { description: 'Metrics', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
});
const prometheus = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['orchestrator'],
  summary: 'Prometheus text exposition',
  responses: { 200: { description: 'Metrics', content: { 'text/plain': { schema: z.string() } } } },
});
const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['orchestrator'],
  summary: 'Orchestrator health',
  responses: {
    200: { description: 'Online or degraded (reasons say why)', content: { 'application/json': { schema: healthSchema } } },
    503: { description: 'Offline: the database does not answer', content: { 'application/json': { schema: healthSchema } } },
  },
});

async function allHealth(services: Services): Promise<Record<string, ServiceHealth>> {
  const [alba, albi, jona] = await Promise.all([serviceHealth(services, 'alba'), serviceHealth(services, 'albi'), serviceHealth(services, 'jona')]);
  return { alba, albi, jona };
}

async function counts(services: Services, ownerId: string) {
  const db = services.database.db;
  const one = async (table: typeof sessions | typeof readings | typeof analyses | typeof syntheses | typeof anomalies | typeof packets) =>
    Number((await db.select({ n: count() }).from(table).where(eq(table.ownerId, ownerId)))[0].n);
  const [s, r, a, y, n, p] = await Promise.all([one(sessions), one(readings), one(analyses), one(syntheses), one(anomalies), one(packets)]);
  return { sessions: s, readings: r, analyses: a, syntheses: y, anomalies: n, packets: p };
}

export const registryRoutes = createRouter()
  .openapi(registry, async (c) => {
    const services = c.get('services');
    const health = await allHealth(services);
    // Without a database there are no clients to list: answer the checks instead of waiting on it.
    const clients = health.alba.checks.database ? await liveClients(services, c.get('identity').ownerId) : [];
    return c.json({ timestamp: new Date().toISOString(), services: health, clients }, 200);
  })
  .openapi(dashboard, async (c) => {
    const services = c.get('services');
    const ownerId = c.get('identity').ownerId;
    const health = await allHealth(services);
    const states = Object.values(health).map((h) => h.status);
    const overall = states.every((s) => s === 'online') ? 'online' : states.every((s) => s === 'offline') ? 'offline' : 'degraded';
    const reachable = health.alba.checks.database;
    const live = reachable ? await liveClients(services, ownerId) : [];
    return c.json(
      {
        timestamp: new Date().toISOString(),
        overall,
        reasons: [...new Set(Object.values(health).flatMap((h) => h.reasons))],
        uptime_s: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
        database: { kind: services.database.kind, reachable: health.alba.checks.database, round_trip_ms: health.alba.database_ms },
        services: Object.fromEntries(Object.entries(health).map(([k, h]) => [k, { status: h.status, health: h.health }])),
        clients_online: live.length,
        devices: live.flatMap((client) => client.devices),
        queue_depth: health.jona.checks.queue_depth ?? 0,
        ...(reachable ? { totals: await counts(services, ownerId) } : {}),
      },
      200,
    );
  })
  .openapi(aggregated, async (c) => {
    const services = c.get('services');
    const ownerId = c.get('identity').ownerId;
    const totals = await counts(services, ownerId);
    const [ingest, renders] = await Promise.all([services.activity.ingest(), services.activity.renders()]);
    const [live] = await services.database.db
      .select({ n: count() })
      .from(clients)
      .where(and(eq(clients.ownerId, ownerId), gt(clients.lastSeen, new Date(Date.now() - CLIENT_TTL_MS))));
    const http = await services.metrics.httpRequests.get();
    return c.json(
      {
        timestamp: new Date().toISOString(),
        alba: {
          total_ingested: totals.readings,
          rate_per_minute: ingest.perMinute,
          last_ingest: ingest.last?.toISOString() ?? null,
        },
        albi: { analyses: totals.analyses, anomalies: totals.anomalies },
        jona: { syntheses: totals.syntheses, queue_depth: renders.reduce((n, r) => n + r.streams, 0) },
        orchestrator: { clients_online: Number(live.n), packets_routed: totals.packets },
        sessions: { count: totals.sessions },
        http: { requests: http.values.reduce((a, v) => a + v.value, 0) },
      },
      200,
    );
  })
  .openapi(prometheus, async (c) => {
    const { registry: metricsRegistry } = c.get('services').metrics;
    return c.text(await metricsRegistry.metrics(), 200, { 'Content-Type': metricsRegistry.contentType });
  })
  .openapi(health, async (c) => {
    const services = c.get('services');
    const own = await serviceHealth(services, 'alba'); // the orchestrator needs what ALBA needs: the database (and disk)
    const report = { ...own, service: 'orchestrator', name: 'orchestrator', port: services.ports.compat ? 9999 : services.ports.main };
    return c.json(report, healthStatusCode(report));
  });
