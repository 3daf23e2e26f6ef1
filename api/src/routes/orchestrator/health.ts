// Health of each service from the checks it depends on (routes/health/checks.ts), evaluated per
// request: every service needs the database; ALBI and JONA their kernel; JONA a queue below its
// limit; with PGlite, the data folder's disk must have room for writes.
import { z } from '@hono/zod-openapi';
import type { Services } from '../../services.ts';
import { compatPorts } from '../ports.ts';

export const healthSchema = z
  .object({
    service: z.string(),
    name: z.string(),
    port: z.number().int(),
    status: z.enum(['online', 'degraded', 'offline']),
    health: z.number(),
    checks: z.object({
      database: z.boolean(),
      wasm: z.boolean().optional(),
      queue_depth: z.number().int().optional(),
      disk_free_bytes: z.number().optional(),
    }),
    /** Why the status is not online, one entry per failed check; empty when online. */
    reasons: z.array(z.string()),
    database_ms: z.number(),
    uptime_s: z.number(),
    timestamp: z.string(),
  })
  .openapi('ServiceHealth');

export type ServiceName = keyof typeof compatPorts;
export type ServiceHealth = z.infer<typeof healthSchema>;

/** Factor on `health` of each failed check besides the database (which takes it to 0). */
const PENALTY = { wasm: 0.5, queue: 0.75, disk: 0.5 } as const;

/**
 * Checks one service. health is 1 when every check passes, 0 when the database is down (offline),
 * and in between (degraded) when the service can answer only part of its routes.
 * @example const { status, reasons } = await serviceHealth(services, 'jona');
 */
export async function serviceHealth(services: Services, name: ServiceName): Promise<ServiceHealth> {
  const checks = services.health;
  const [database, wasm, disk] = await Promise.all([
    checks.database(),
    name === 'albi' || name === 'jona' ? checks.wasm(name) : undefined,
    checks.disk(),
  ]);
  const reasons: string[] = [];
  const result: ServiceHealth['checks'] = { database: database.ok };
  let health = database.ok ? 1 : 0;
  if (!database.ok) reasons.push(database.reason!);
  if (wasm) {
    result.wasm = wasm.ok;
    if (!wasm.ok) {
      health *= PENALTY.wasm;
      reasons.push(wasm.reason!);
    }
  }
  if (name === 'jona') {
    const queue = checks.queue();
    result.queue_depth = queue.depth;
    if (!queue.ok) {
      health *= PENALTY.queue;
      reasons.push(queue.reason!);
    }
  }
  if (disk) {
    result.disk_free_bytes = disk.freeBytes;
    if (!disk.ok) {
      health *= PENALTY.disk;
      reasons.push(disk.reason!);
    }
  }
  return {
    service: name,
    name,
    port: services.ports.compat ? compatPorts[name] : services.ports.main,
    status: health === 1 ? 'online' : health === 0 ? 'offline' : 'degraded',
    health,
    checks: result,
    reasons,
    database_ms: database.ms,
    uptime_s: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
    timestamp: new Date().toISOString(),
  };
}

/** 503 for an offline service (a load balancer or monitor reads the status code), 200 otherwise. */
export const healthStatusCode = (health: ServiceHealth) => (health.status === 'offline' ? 503 : 200);
