// Everything routes share, created once per app: the database, metrics, logger, engines and the
// in-memory state that is per process by nature (audio renders this process streams, the readings it
// stored in the last minute). Other processes on the same PostgreSQL learn of those through
// `activity` (instance-activity.ts); everything else they share is in the database's tables.
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { openDatabase, type Database } from './db/client.ts';
import { createEngines, type Engines } from './engines.ts';
import { startInstanceActivity, type InstanceActivity } from './instance-activity.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createHealthChecks, type HealthChecks, type HealthOptions } from './routes/health/checks.ts';
import { createRenderCache, type RenderCache, type RenderCacheOptions } from './routes/jona/render-cache.ts';

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
  /** WAV files of syntheses rendered once and kept on disk (routes/jona/render-cache.ts). */
  renderCache: RenderCache;
  /** Recent ingest times (ms since epoch) for the per-minute rate, plus the last one. */
  ingest: { recent: number[]; last: Date | null };
  /** The checks behind /health, /health/ready and each service's health (routes/health/checks.ts). */
  health: HealthChecks;
  /** Renders and ingest of every process on this database, this one included. */
  activity: InstanceActivity;
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
  /** Where and how much rendered audio is kept (RENDER_CACHE_DIR, RENDER_CACHE_MB). */
  renderCache?: RenderCacheOptions;
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
    renderCache: createRenderCache(options.renderCache),
    ingest: { recent: [], last: null },
  } as Omit<Services, 'health' | 'activity'> as Services;
  const dataDir =
    database.kind === 'pglite' && !(options.dataDir ?? './data').startsWith('memory://') ? path.resolve(options.dataDir ?? './data') : null;
  services.health = createHealthChecks(services, { dataDir, ...options.health });
  services.activity = startInstanceActivity(database, {
    renders: () => [...services.renders].map(([synthesisId, r]) => ({ synthesisId, ownerId: r.ownerId, streams: r.streams })),
    ingest(nowMs) {
      const cutoff = nowMs - 60_000;
      return { perMinute: services.ingest.recent.filter((t) => t > cutoff).length, last: services.ingest.last };
    },
  });
  // Closing the database stops the reports first and takes this process's row out of the table.
  const closeDatabase = database.close.bind(database);
  database.close = async () => {
    await services.activity.stop();
    services.renderCache.close();
    await closeDatabase();
  };
  return services;
}
