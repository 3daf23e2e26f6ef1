// Everything routes share, created once per app: the database, metrics, logger, engines and the
// in-memory state that is per process by nature (audio renders in flight, ingest rate window).
import pino, { type Logger } from 'pino';
import { openDatabase, type Database } from './db/client.ts';
import { createEngines, type Engines } from './engines.ts';
import { createMetrics, type Metrics } from './metrics.ts';

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
}

export interface ServiceOptions {
  databaseUrl?: string;
  /** PGlite folder, or 'memory://' (tests). */
  dataDir?: string;
  logger?: Logger;
  ports?: { main: number; compat: boolean };
  engines?: Engines;
}

/**
 * Opens the database (migrating it) and builds the shared services.
 * @example const services = await createServices({ dataDir: './data' });
 */
export async function createServices(options: ServiceOptions): Promise<Services> {
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  return {
    database,
    metrics: createMetrics(),
    logger,
    engines: options.engines ?? createEngines(),
    startedAt: new Date(),
    ports: options.ports ?? { main: 8000, compat: false },
    renders: new Map(),
    ingest: { recent: [], last: null },
  };
}
