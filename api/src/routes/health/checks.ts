// The checks behind every health answer, each evaluated again when asked (results are reused for
// `cacheMs`, so a burst of probes costs one round trip):
//   database  `select 1` within `databaseTimeoutMs`; a round trip still hanging is waited on, not
//             stacked (a stopped database must not fill the pool with probes)
//   wasm      the kernel's .wasm file read, compiled and instantiated now (engines.probe)
//   queue     JONA renders in flight against `queueLimit`
//   disk      free space of the file system holding PGlite's DATA_DIR against `minFreeBytes`
import { statfs } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Services } from '../../services.ts';
import { rendersInFlight } from '../jona/audio.ts';

export interface HealthOptions {
  /** A database round trip slower than this (ms) counts as no answer. */
  databaseTimeoutMs: number;
  /** How long (ms) a check's result is reused. */
  cacheMs: number;
  /** JONA renders in flight beyond which JONA is busy (2 cores render ~20x real time each). */
  queueLimit: number;
  /** PGlite's data folder; null on PostgreSQL or in memory (the disk is then not ours to watch). */
  dataDir: string | null;
  /** Free bytes below which writes are at risk. */
  minFreeBytes: number;
  /** Free and total bytes of the file system holding `dir`. */
  diskProbe(dir: string): Promise<{ freeBytes: number; totalBytes: number }>;
}

export const defaultHealthOptions: HealthOptions = {
  databaseTimeoutMs: 1000,
  cacheMs: 1000,
  queueLimit: 8,
  dataDir: null,
  minFreeBytes: 256 * 1024 * 1024,
  async diskProbe(dir) {
    const s = await statfs(dir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  },
};

/** Environment variables that set the limits, each a positive integer. */
const ENV = { HEALTH_DB_TIMEOUT_MS: 'databaseTimeoutMs', JONA_QUEUE_LIMIT: 'queueLimit', MIN_FREE_DISK_MB: 'minFreeBytes' } as const;

/**
 * The limits set in the environment; throws naming the variable when one is not a positive integer.
 * @example createServices({ ..., health: healthOptionsFromEnv(process.env) })
 */
export function healthOptionsFromEnv(env: Record<string, string | undefined>): Partial<HealthOptions> {
  const options: Partial<HealthOptions> = {};
  for (const [name, key] of Object.entries(ENV) as [keyof typeof ENV, (typeof ENV)[keyof typeof ENV]][]) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    if (!/^\d{1,9}$/.test(text.trim()) || Number(text) < 1) throw new Error(`${name} must be a positive whole number, not '${text.slice(0, 40)}'`);
    options[key] = key === 'minFreeBytes' ? Number(text) * 1024 * 1024 : Number(text);
  }
  return options;
}

export interface CheckResult {
  ok: boolean;
  /** Why the check failed, in words, starting with the check's name. */
  reason?: string;
}
export type DatabaseCheck = CheckResult & { ms: number };
export type DiskCheck = CheckResult & { freeBytes: number };
export type QueueCheck = CheckResult & { depth: number };

export interface HealthChecks {
  options: HealthOptions;
  database(): Promise<DatabaseCheck>;
  wasm(name: 'albi' | 'jona'): Promise<CheckResult>;
  queue(): QueueCheck;
  /** null when there is no local data folder to watch. */
  disk(): Promise<DiskCheck | null>;
}

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;
const messageOf = (error: unknown) => ((error as Error)?.message ?? String(error)).split('\n')[0].slice(0, 200);

/** Reuses a result for cacheMs after it settles; a pending one is shared. */
function cached<T>(cacheMs: () => number, work: () => Promise<T>): () => Promise<T> {
  let last: { at: number; promise: Promise<T>; settled: boolean } | undefined;
  return () => {
    if (last && (!last.settled || performance.now() - last.at < cacheMs())) return last.promise;
    const entry = { at: performance.now(), promise: work(), settled: false };
    entry.promise.then(
      () => {
        entry.settled = true;
        entry.at = performance.now();
      },
      () => {
        entry.settled = true;
        entry.at = performance.now();
      },
    );
    last = entry;
    return entry.promise;
  };
}

/**
 * @example services.health = createHealthChecks(services, { dataDir: './data' }); const db = await services.health.database();
 */
export function createHealthChecks(services: Services, overrides: Partial<HealthOptions> = {}): HealthChecks {
  const options: HealthOptions = { ...defaultHealthOptions, ...overrides };
  const cacheMs = () => options.cacheMs;
  // The round trip in flight, if one is: a hung query is waited on by later probes, never repeated.
  let pending: { started: number; done: Promise<unknown> } | undefined;

  const database = cached(cacheMs, async (): Promise<DatabaseCheck> => {
    if (!pending) {
      const started = performance.now();
      const done = Promise.resolve()
        .then(() => services.database.db.execute(sql`select 1`))
        .finally(() => {
          if (pending?.done === done) pending = undefined;
        });
      done.catch(() => {});
      pending = { started, done };
    }
    const { started, done } = pending;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = options.databaseTimeoutMs;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, Math.max(0, limit - (performance.now() - started)), 'timeout')));
    try {
      const outcome = await Promise.race([done.then(() => 'ok' as const), timeout]);
      const ms = +(performance.now() - started).toFixed(2);
      if (outcome === 'timeout') return { ok: false, ms, reason: `database: no answer within ${limit} ms` };
      return { ok: true, ms };
    } catch (error) {
      return { ok: false, ms: +(performance.now() - started).toFixed(2), reason: `database: ${messageOf(error)}` };
    } finally {
      clearTimeout(timer);
    }
  });

  const wasmChecks = {
    albi: cached(cacheMs, () => probeWasm(services, 'albi')),
    jona: cached(cacheMs, () => probeWasm(services, 'jona')),
  };

  const disk = cached(cacheMs, async (): Promise<DiskCheck | null> => {
    if (!options.dataDir) return null;
    try {
      const { freeBytes } = await options.diskProbe(options.dataDir);
      if (freeBytes < options.minFreeBytes)
        return {
          ok: false,
          freeBytes,
          reason: `disk: ${mib(freeBytes)} free for the data folder, under the ${mib(options.minFreeBytes)} writes need`,
        };
      return { ok: true, freeBytes };
    } catch (error) {
      return { ok: false, freeBytes: 0, reason: `disk: cannot read the free space of the data folder (${messageOf(error)})` };
    }
  });

  return {
    options,
    database,
    wasm: (name) => wasmChecks[name](),
    queue() {
      // This process's renders only: readiness says whether this process has CPU to spare, so a
      // busy worker leaves the load balancer's rotation while idle ones stay in it.
      const depth = rendersInFlight(services);
      if (depth > options.queueLimit) return { ok: false, depth, reason: `queue: ${depth} renders in flight, more than ${options.queueLimit}` };
      return { ok: true, depth };
    },
    disk,
  };
}

async function probeWasm(services: Services, name: 'albi' | 'jona'): Promise<CheckResult> {
  try {
    await services.engines.probe(name);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `${name}.wasm: cannot be loaded (${messageOf(error)})` };
  }
}
