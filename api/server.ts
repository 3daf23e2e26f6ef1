// Entry point of `npm start`: one Node process serving the API and the built PWA.
//   PORT (default 8000), HOST (default 127.0.0.1)
//   DATA_DIR (default ./data): the embedded PGlite database; DATABASE_URL=postgres://... uses PostgreSQL instead
//   COMPAT_PORTS=1 or --compat-ports: also serve ALBA 5555, ALBI 6666, JONA 7777, orchestrator 9999
//   LOG_LEVEL (default info): pino level
//   HEALTH_DB_TIMEOUT_MS (1000), JONA_QUEUE_LIMIT (8), MIN_FREE_DISK_MB (256): health check limits
//   WORKERS (default 1): N > 1 forks N worker processes (node:cluster) that serve the same ports; the
//     primary restarts a worker that dies and stops them all on SIGTERM. Needs DATABASE_URL (PGlite has
//     one owner process); see src/cluster.ts and docs/api.md, "Deploying for many users"
//   DATABASE_POOL_SIZE (default 10): PostgreSQL connections per process
//   RENDER_CACHE_DIR (default: the system's temporary folder), RENDER_CACHE_MB (default 4096): where
//     and how much rendered synthesis audio is kept (api/src/routes/jona/render-cache.ts)
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { FATAL_EXIT_CODE, runPrimary, workerCount } from './src/cluster.ts';
import { poolSizeFrom } from './src/db/client.ts';
import { DataDirLockedError } from './src/db/lock.ts';
import { healthOptionsFromEnv } from './src/routes/health/checks.ts';
import { renderCacheBudget } from './src/routes/jona/render-cache.ts';
import { createServices } from './src/services.ts';
import { listen } from './src/listen.ts';
import { parseSyncOrigins } from './src/sync-origins.ts';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const port = Number(process.env.PORT ?? 8000);
const host = process.env.HOST ?? '127.0.0.1';
const compat = process.env.COMPAT_PORTS === '1' || process.argv.includes('--compat-ports');
const distDir = fileURLToPath(new URL('../dist', import.meta.url));

let workers: number;
try {
  workers = workerCount(process.env);
  poolSizeFrom(process.env); // checked here so that a bad value stops the start with its message, not a stack
} catch (error) {
  console.error((error as Error).message);
  process.exit(FATAL_EXIT_CODE);
}
if (workers > 1 && cluster.isPrimary) await runPrimary(workers, logger);

// The routes load while the database opens: the two overlap on a 2-core machine, which keeps a
// second `npm start` well inside 5 s.
const appModule = import('./src/app.ts');
let health;
try {
  health = healthOptionsFromEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(FATAL_EXIT_CODE);
}
let syncOrigins: string[];
let renderCacheBytes: number;
try {
  syncOrigins = parseSyncOrigins(process.env.STUDIO_SYNC_ORIGINS);
  renderCacheBytes = renderCacheBudget(process.env.RENDER_CACHE_MB);
} catch (error) {
  console.error((error as Error).message);
  process.exit(FATAL_EXIT_CODE);
}
let services;
try {
  services = await createServices({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: process.env.DATA_DIR ?? './data',
    logger,
    ports: { main: port, compat },
    health,
    renderCache: { dir: process.env.RENDER_CACHE_DIR || undefined, budgetBytes: renderCacheBytes },
  });
} catch (error) {
  if (error instanceof DataDirLockedError) {
    logger.fatal(error.message);
    console.error(error.message);
    process.exit(FATAL_EXIT_CODE);
  }
  throw error;
}
logger.info({ database: services.database.kind }, 'database ready');

const { createApp } = await appModule;
const app = createApp({ services, distDir, syncOrigins });
const servers = await listen(app, services, { port, host, compat }).catch(async (error) => {
  logger.fatal({ err: error }, 'could not listen');
  await services.database.close();
  process.exit(1);
});
console.log(`Clisonix listening on http://${host}:${port}${compat ? ' (+ compat ports 5555, 6666, 7777, 9999)' : ''}`);

// A bug in one request must not take the server (and everybody's open streams) down with it.
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    // CHECKPOINT + close (PGlite) so the next start finds a clean data folder.
    await services.database.close().catch((error) => logger.error({ err: error }, 'database close failed'));
    process.exit(0);
  });
}
