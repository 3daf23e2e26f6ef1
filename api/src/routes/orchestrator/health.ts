// Real health checks of each service: database round-trip, WASM engine loaded, queue depth.
import { z } from '@hono/zod-openapi';
import type { Services } from '../../services.ts';
import { rendersInFlight } from '../jona/audio.ts';
import { compatPorts } from '../ports.ts';

export const healthSchema = z
  .object({
    service: z.string(),
    name: z.string(),
    port: z.number().int(),
    status: z.enum(['online', 'degraded', 'offline']),
    health: z.number(),
    checks: z.object({ database: z.boolean(), wasm: z.boolean().optional(), queue_depth: z.number().int().optional() }),
    database_ms: z.number(),
    uptime_s: z.number(),
    timestamp: z.string(),
  })
  .openapi('ServiceHealth');

export type ServiceName = keyof typeof compatPorts;
export type ServiceHealth = z.infer<typeof healthSchema>;

/** Renders in flight beyond which JONA reports itself busy (2 cores render ~20x real time each). */
const BUSY_QUEUE = 8;

async function engineLoads(load: () => Promise<unknown>): Promise<boolean> {
  try {
    await load();
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks one service. health is 1 when every check passes, 0 when the database is down, and
 * in between when the service can answer only part of its routes.
 */
export async function serviceHealth(services: Services, name: ServiceName): Promise<ServiceHealth> {
  const started = performance.now();
  const database = await services.database.ping();
  const databaseMs = +(performance.now() - started).toFixed(2);
  const checks: ServiceHealth['checks'] = { database };
  let health = database ? 1 : 0;
  if (name === 'albi') {
    checks.wasm = await engineLoads(services.engines.albi);
    if (!checks.wasm) health *= 0.5;
  }
  if (name === 'jona') {
    checks.wasm = await engineLoads(services.engines.jona);
    checks.queue_depth = rendersInFlight(services);
    if (!checks.wasm) health *= 0.5;
    if (checks.queue_depth > BUSY_QUEUE) health *= 0.75;
  }
  return {
    service: name,
    name,
    port: services.ports.compat ? compatPorts[name] : services.ports.main,
    status: health === 1 ? 'online' : health === 0 ? 'offline' : 'degraded',
    health,
    checks,
    database_ms: databaseMs,
    uptime_s: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
    timestamp: new Date().toISOString(),
  };
}
