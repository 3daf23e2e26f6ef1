// WORKERS=N: the primary process forks N workers (node:cluster) that each run the whole server on
// the same ports; the primary accepts connections and hands them to the workers in turn. It serves
// nothing itself. A worker that dies is forked again (after a pause that grows while workers keep
// dying young, so a crash at start-up does not spin); SIGTERM/SIGINT stops the workers, waits for
// them, then exits. Everything the workers share lives in PostgreSQL (docs/api.md, "Deploying for
// many users"), so several workers need DATABASE_URL: a PGlite data folder has exactly one owner.
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/** Exit status of a worker that cannot start for a reason a restart will not fix (bad configuration, locked data folder). */
export const FATAL_EXIT_CODE = 2;

/** A worker that dies within this long after its fork counts as dying young (ms). */
const YOUNG_MS = 5_000;
/** Longest pause before forking again after young deaths (ms). */
const MAX_RESTART_DELAY_MS = 30_000;
/** How long the workers get to finish their requests and close the database on shutdown (ms). */
const STOP_TIMEOUT_MS = 15_000;

/**
 * The number of worker processes WORKERS asks for: 1 (no cluster) when unset; a clear error for
 * anything but an integer from 1 to 64, or for WORKERS > 1 on PGlite.
 * @example const workers = workerCount(process.env); // 2 for WORKERS=2 with DATABASE_URL
 */
export function workerCount(env: Record<string, string | undefined>): number {
  const raw = env.WORKERS?.trim();
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`WORKERS must be a whole number from 1 to 64, not "${raw}".`);
  if (n > 1 && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? '')) {
    throw new Error(
      `WORKERS=${n} needs DATABASE_URL=postgres://...: the embedded PGlite database in DATA_DIR belongs to exactly one process, ` +
        'so several workers cannot share it. Run one process (unset WORKERS) or point DATABASE_URL at a PostgreSQL server.',
    );
  }
  return n;
}

/**
 * Runs the cluster primary: forks `workers` copies of this script and keeps that many alive
 * until SIGTERM/SIGINT. Never returns.
 * @example if (cluster.isPrimary && workers > 1) await runPrimary(workers, logger);
 */
export async function runPrimary(workers: number, logger: Logger): Promise<never> {
  let stopping = false;
  let youngDeaths = 0;
  const bornAt = new Map<number, number>(); // worker id -> fork time (ms), for the young-death back-off

  const fork = () => {
    const worker = cluster.fork();
    bornAt.set(worker.id, Date.now());
  };

  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    const age = Date.now() - (bornAt.get(worker.id) ?? 0);
    bornAt.delete(worker.id);
    if (stopping) return;
    if (code === FATAL_EXIT_CODE) {
      // The worker said why on stderr; forking it again would fail the same way.
      logger.fatal({ pid: worker.process.pid, code }, 'worker cannot start; stopping the cluster');
      void stopAll(FATAL_EXIT_CODE);
      return;
    }
    youngDeaths = age < YOUNG_MS ? youngDeaths + 1 : 0;
    const delay = youngDeaths === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** (youngDeaths - 1));
    logger.error({ pid: worker.process.pid, code, signal, restartInMs: delay }, 'worker died; forking a new one');
    setTimeout(() => stopping || fork(), delay);
  });

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    const exited = Promise.all(alive.map((w) => new Promise((resolve) => (w.isDead() ? resolve(null) : w.once('exit', resolve)))));
    for (const worker of alive) worker.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const worker of alive) if (!worker.isDead()) worker.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      logger.info({ signal, workers }, 'shutting down the workers');
      void stopAll(0);
    });
  }

  for (let i = 0; i < workers; i++) fork();
  console.log(`Clisonix primary (pid ${process.pid}) runs ${workers} workers`);
  return new Promise<never>(() => {});
}
