// Everything routes share, created once per app: the database, metrics, logger, engines and the
// in-memory state that is per process by nature (audio renders in flight, ingest rate window).
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { openDatabase, type Database } from './db/client.ts';
import { createEngines, type Engines } from './engines.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createHealthChecks, type HealthChecks, type HealthOptions } from './routes/health/checks.ts';

export interface Services {
  database: Database;
  metrics: Metrics;
  logger: Logger;
  engines: Engines;
  startedAt: Date;
  /** Main port and whether the original services also listen on 5555/6666/7777/9999. */
  ports: { main: number; compat: boolean };
  /** JONA renders: synthesis id -> its owner and the number of audio streams being rendered now. */
  renders: Map<string, { ownerId: string; streams: number }>;
  /** Recent ingest times (ms since epoch) for the per-minute rate, plus the last one. */
  ingest: { recent: number[]; last: Date | null };
  /** The checks behind /health, /health/ready and each service's health (routes/health/checks.ts). */
  health: HealthChecks;
}

export interface ServiceOptions {
  databaseUrl?: string;
  /** PGlite folder, or 'memory://' (tests). */
  dataDir?: string;
  logger?: Logger;
  ports?: { main: number; compat: boolean };
  engines?: Engines;
  /** Health check limits; the data folder to watch comes from dataDir. */
  health?: Partial<HealthOptions>;
}

/**
 * Opens the database (migrating it) and builds the shared services.
 * @example const services = await createServices({ dataDir: './data' });
 */
export async function createServices(options: ServiceOptions): Promise<Services> {
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  const services = {
    database,
    metrics: createMetrics(),
    logger,
    engines: options.engines ?? createEngines(),
    startedAt: new Date(),
    ports: options.ports ?? { main: 8000, compat: false },
    renders: new Map(),
    ingest: { recent: [], last: null },
  } as Omit<Services, 'health'> as Services;
  const dataDir =
    database.kind === 'pglite' && !(options.dataDir ?? './data').startsWith('memory://') ? path.resolve(options.dataDir ?? './data') : null;
  services.health = createHealthChecks(services, { dataDir, ...options.health });
  return services;
}
