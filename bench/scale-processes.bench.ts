// More processes, one PostgreSQL (`npm run bench -- scale`, or `-- scale-processes` alone). The API
// runs as `api/server.ts` with WORKERS=2 (a cluster primary and two workers sharing the port) and,
// in the same run, as one process, each on its own throwaway PostgreSQL (api/src/testing/postgres.ts,
// fsync off); this process is the load client, on the same 2-core machine. Each line carries a
// baseline measured in the same run:
//   - live sync at 300 and 1,000 headsets (support/live-sync.ts: one 1-second 4 ch x 256 Hz chunk per
//     headset per second, open loop, latency from the scheduled send time), p50/p99/max and errors;
//     baselines: one API process on the same database, and a bare Hono PUT route, same schedule
//   - single-reading ALBA ingest (POST /alba/ingest, 64 connections, autocannon), readings/s;
//     baselines: one API process, and the bare route under the same load
// The servers run in local mode (no credentials, as `npm start` on loopback), as in scale.bench.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getFreePort } from '../tests/browser/harness.ts';
import { startPostgres } from '../api/src/testing/postgres.ts';
import { loadAutocannon, reading, type Cannon } from './support/autocannon.ts';
import { chunkBodies, createSessions, liveSync, type ChunkBodies } from './support/live-sync.ts';
import type { OpenLoopResult } from './support/open-loop.ts';
import { round, spawnBareServer, stop } from './support/servers.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const emit = (line: Record<string, unknown>) => console.log(JSON.stringify({ bench: 'scale-processes', ...line }));

const STEPS = [300, 1000];
/** Sends per headset per step: 2 s of warm-up, then 10 s counted. */
const SENDS = 12;
const WARMUP_SENDS = 2;

/**
 * Starts api/server.ts with `workers` processes on PostgreSQL and resolves once every worker has
 * printed that it listens (the first one answering /health does not mean the second is up).
 */
async function spawnApi(port: number, databaseUrl: string, workers: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, WORKERS: String(workers) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let listening = 0;
  child.stdout!.on('data', (d) => {
    log += d;
    listening = log.split('Clisonix listening on').length - 1;
  });
  child.stderr!.on('data', (d) => (log += d));
  const deadline = Date.now() + 90_000;
  while (listening < workers) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    if (Date.now() > deadline) throw new Error(`${workers} workers not up in 90 s: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

const ingestLoad = (cannon: Cannon, url: string) =>
  cannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reading(1)), connections: 64, duration: 5 });

interface Figures {
  sync: Map<number, OpenLoopResult>;
  ingestPerSec: number;
  ingestErrors: number;
}

/** Live sync at every step, then single-reading ingest, against `port`. */
async function measure(cannon: Cannon, port: number, bodies: ChunkBodies, bare = false): Promise<Figures> {
  const sync = new Map<number, OpenLoopResult>();
  for (const headsets of STEPS) {
    const ids = bare ? Array.from({ length: headsets }, () => crypto.randomUUID()) : await createSessions(port, headsets);
    sync.set(headsets, await liveSync(port, ids, bodies, SENDS, WARMUP_SENDS, bare ? '/noop' : '/api/v1'));
  }
  const ingest = await ingestLoad(cannon, `http://127.0.0.1:${port}/${bare ? 'noop' : 'alba/ingest'}`);
  return { sync, ingestPerSec: ingest.requests.average, ingestErrors: ingest.non2xx + ingest.errors };
}

/** A fresh PostgreSQL for each configuration, so that neither inherits the other's rows. */
async function onPostgres(cannon: Cannon, workers: number, bodies: ChunkBodies): Promise<Figures> {
  const pg = await startPostgres();
  const port = await getFreePort();
  try {
    const api = await spawnApi(port, pg.url, workers);
    try {
      return await measure(cannon, port, bodies);
    } finally {
      await stop(api);
    }
  } finally {
    await pg.stop();
  }
}

export async function run(): Promise<void> {
  const cannon = await loadAutocannon();
  const bodies = await chunkBodies(SENDS);
  const barePort = await getFreePort();
  const bareServer = await spawnBareServer(barePort);
  let bare: Figures;
  try {
    bare = await measure(cannon, barePort, bodies, true);
  } finally {
    await stop(bareServer);
  }
  const one = await onPostgres(cannon, 1, bodies);
  const two = await onPostgres(cannon, 2, bodies);
  for (const headsets of STEPS) {
    const [a, b, c] = [two.sync.get(headsets)!, one.sync.get(headsets)!, bare.sync.get(headsets)!];
    emit({
      figure: `live sync, ${headsets} headsets x 1 chunk/s (4 ch x 256 Hz float32), open loop, WORKERS=2 on one PostgreSQL`,
      headsets,
      chunks_per_s: round(a.okPerSec, 1),
      p50_ms: round(a.p50Ms, 1),
      p99_ms: round(a.p99Ms, 1),
      max_ms: round(a.maxMs, 1),
      requests: a.requests,
      errors: a.errors,
      ...(a.errorSamples.length ? { error_samples: a.errorSamples } : {}),
      baseline: 'one API process on the same PostgreSQL, same schedule (p50/p99/max ms)',
      baseline_p50_ms: round(b.p50Ms, 1),
      baseline_p99_ms: round(b.p99Ms, 1),
      baseline_max_ms: round(b.maxMs, 1),
      baseline_errors: b.errors,
      ratio_p99: round(a.p99Ms / Math.max(b.p99Ms, 0.5), 2),
      bare_route_p50_ms: round(c.p50Ms, 1),
      bare_route_p99_ms: round(c.p99Ms, 1),
      bare_route_max_ms: round(c.maxMs, 1),
    });
  }
  emit({
    figure: 'ingest single reading per request, 64 connections, WORKERS=2 on one PostgreSQL',
    readings_per_s: round(two.ingestPerSec),
    errors: two.ingestErrors,
    baseline: 'one API process on the same PostgreSQL, same load (readings/s)',
    baseline_value: round(one.ingestPerSec),
    baseline_errors: one.ingestErrors,
    ratio: round(two.ingestPerSec / one.ingestPerSec, 2),
    bare_route_req_per_s: round(bare.ingestPerSec),
    ratio_to_bare: round(two.ingestPerSec / bare.ingestPerSec, 3),
  });
}
