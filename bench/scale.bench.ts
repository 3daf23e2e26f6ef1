// Capacity of one API process (`npm run bench -- scale`). The server runs as its own process
// (api/server.ts); this process is the load client, on the same 2-core machine. Every line carries
// a baseline measured in the same run and the ratio figure / baseline:
//   - live sync: every simulated headset PUTs one 1-second chunk (4 channels x 256 Hz float32,
//     contract/chunk.ts) per second to /api/v1/sessions/{id}/streams/eeg/chunks/{seq}, OPEN LOOP
//     (bench/support/open-loop.ts: sends on a schedule, latency from the scheduled send time), at
//     100, 300 and 1,000 headsets on PostgreSQL and 100 and 300 on PGlite; p50/p99/max and errors.
//     Baseline: the same schedule against a bare Hono route that reads the body and answers 201.
//   - single-reading ALBA ingest (POST /alba/ingest, one reading per request, 64 connections,
//     autocannon) on PostgreSQL and PGlite; baseline: the bare route under the same load (req/s).
//   - the 1-hour 48 kHz 16-bit stereo WAV downloaded from /jona/synthesize/{id}/audio by curl, twice
//     (rendered into the render cache, then from it); baselines: the same WavStream read in process,
//     the file rendered in process on every core, and sox making the same sound (to a file).
// PostgreSQL is a throwaway server from api/src/testing/postgres.ts (fsync off); PGlite runs in
// memory (DATA_DIR=memory://; PGlite runs with fsync off either way).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getFreePort } from '../tests/browser/harness.ts';
import { startPostgres } from '../api/src/testing/postgres.ts';
import { CHUNK_CONTENT_TYPE, CHUNK_SHA256_HEADER, encodeChunk, sha256Hex } from '../api/src/contract/chunk.ts';
import { createWavStream, programFromRequest } from '../dsp-wasm/src/jona/index.ts';
import { renderWavFile } from '../dsp-wasm/src/jona/render-file.node.ts';
import { loadAutocannon, reading, type Cannon } from './support/autocannon.ts';
import { openLoop, type OpenLoopResult } from './support/open-loop.ts';
import { round, spawnApiServer, spawnBareServer, stop } from './support/servers.ts';
import { renderWithSox } from './support/sox.ts';

const emit = (line: Record<string, unknown>) => console.log(JSON.stringify({ bench: 'scale', ...line }));

const CHANNELS = 4;
const SAMPLE_RATE_HZ = 256;
/**
 * Sends per headset per step: 5 s of warm-up, then 10 s counted. Every headset of a step starts in
 * the same second (new connections, first session reads, JIT): the warm-up lets that first burst
 * drain, so the counted part is the steady state of N headsets streaming.
 */
const SENDS = 15;
const WARMUP_SENDS = 5;

const sessionMetadata = {
  device: { name: 'scale bench headset' },
  streams: [
    {
      id: 'eeg',
      kind: 'eeg',
      sampleRateHz: SAMPLE_RATE_HZ,
      channels: Array.from({ length: CHANNELS }, (_, i) => ({ label: `C${i}`, unit: 'uV' })),
    },
  ],
  startTime: new Date().toISOString(),
  timeBase: 'sample-rate',
};

/** The k-th second of a headset's stream: 4 x 256 float32 samples, and its SHA-256. */
async function chunkBodies(count: number): Promise<{ bytes: Uint8Array; sha256: string }[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, k) => {
      const bytes = encodeChunk({
        firstSample: k * SAMPLE_RATE_HZ,
        channels: Array.from({ length: CHANNELS }, (_, c) =>
          Float32Array.from({ length: SAMPLE_RATE_HZ }, (_, i) => 40 * Math.sin((2 * Math.PI * 10 * (k * SAMPLE_RATE_HZ + i)) / SAMPLE_RATE_HZ + c)),
        ),
      });
      return { bytes, sha256: await sha256Hex(bytes) };
    }),
  );
}

/** Creates one session per headset (20 requests in flight); returns their ids. */
async function createSessions(port: number, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => crypto.randomUUID());
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/sessions/${id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(sessionMetadata),
        });
        if (!res.ok) throw new Error(`session ${id}: ${res.status} ${await res.text()}`);
      }
    }),
  );
  return ids;
}

type Bodies = Awaited<ReturnType<typeof chunkBodies>>;

/** One open-loop live-sync step: `ids.length` headsets, one chunk each per second. */
function liveSync(port: number, ids: string[], bodies: Bodies, prefix = '/api/v1'): Promise<OpenLoopResult> {
  return openLoop({
    port,
    clients: ids.length,
    periodMs: 1000,
    sends: SENDS,
    warmupSends: WARMUP_SENDS,
    request: (client, k) => ({
      method: 'PUT',
      path: `${prefix}/sessions/${ids[client]}/streams/eeg/chunks/${k}`,
      headers: { 'content-type': CHUNK_CONTENT_TYPE, [CHUNK_SHA256_HEADER]: bodies[k].sha256 },
      body: bodies[k].bytes,
    }),
  });
}

function emitLiveSync(database: string, headsets: number, api: OpenLoopResult, bare: OpenLoopResult): void {
  emit({
    figure: `live sync, ${headsets} headsets x 1 chunk/s (4 ch x 256 Hz float32), open loop, ${database}`,
    headsets,
    chunks_per_s: round(api.okPerSec, 1),
    p50_ms: round(api.p50Ms, 1),
    p99_ms: round(api.p99Ms, 1),
    max_ms: round(api.maxMs, 1),
    requests: api.requests,
    errors: api.errors,
    ...(api.errorSamples.length ? { error_samples: api.errorSamples } : {}),
    baseline: 'bare Hono PUT route, same schedule (p50/p99/max ms)',
    baseline_p50_ms: round(bare.p50Ms, 1),
    baseline_p99_ms: round(bare.p99Ms, 1),
    baseline_max_ms: round(bare.maxMs, 1),
    baseline_errors: bare.errors,
    ratio_p99: round(api.p99Ms / Math.max(bare.p99Ms, 0.5), 1),
  });
}

/** Single-reading ingest with `connections` closed-loop clients for `duration` s. */
const ingestLoad = (cannon: Cannon, url: string, connections = 64, duration = 5) =>
  cannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reading(1)), connections, duration });

async function emitIngest(cannon: Cannon, database: string, apiPort: number, bareReqPerSec: number): Promise<void> {
  const single = await ingestLoad(cannon, `http://127.0.0.1:${apiPort}/alba/ingest`);
  emit({
    figure: `ingest single reading per request, 64 connections, ${database}`,
    readings_per_s: round(single.requests.average),
    p50_ms: single.latency.p50,
    p99_ms: single.latency.p99,
    non2xx: single.non2xx,
    errors: single.errors,
    baseline: 'bare Hono POST route, same body and load (req/s)',
    baseline_value: round(bareReqPerSec),
    ratio: round(single.requests.average / bareReqPerSec, 3),
  });
}

/** Runs the PostgreSQL or PGlite half: live-sync steps, then single-reading ingest. */
async function databaseFigures(
  cannon: Cannon,
  database: 'PostgreSQL' | 'PGlite',
  steps: number[],
  bare: Map<number, OpenLoopResult>,
  bareIngest: number,
  bodies: Bodies,
  ingest = true,
): Promise<void> {
  const pg = database === 'PostgreSQL' ? await startPostgres() : undefined;
  const port = await getFreePort();
  const api = await spawnApiServer(port, pg ? { DATABASE_URL: pg.url } : { DATA_DIR: 'memory://' });
  try {
    for (const headsets of steps) {
      const ids = await createSessions(port, headsets);
      emitLiveSync(database, headsets, await liveSync(port, ids, bodies), bare.get(headsets)!);
    }
    if (ingest) await emitIngest(cannon, database, port, bareIngest);
  } finally {
    await stop(api);
    await pg?.stop();
  }
}

/**
 * Seconds curl takes to download `urlPath` to /dev/null; throws unless it got 200 and `bytes`.
 * curl, not a Node client: a Node 'data' loop over 691 MB spends more time in its own garbage
 * collector than the server spends sending (measured: 3.1-3.9 s against curl's 1.3-1.6 s).
 */
function download(port: number, urlPath: string, bytes: number): number {
  const out = execFileSync(
    'curl',
    ['-s', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{time_total}', `http://127.0.0.1:${port}${urlPath}`],
    {
      encoding: 'utf8',
    },
  );
  const [status, size, seconds] = out.trim().split(' ').map(Number);
  if (status !== 200 || size !== bytes) throw new Error(`WAV download: ${status}, ${size} of ${bytes} bytes`);
  return seconds;
}

/**
 * The 1-hour WAV over HTTP (first download: rendered into the server's render cache on every core,
 * then sent from the file; second: from the file), beside the in-process renders (the WavStream on
 * one thread, and renderWavFile on every core) and sox.
 */
async function wavFigures(): Promise<void> {
  const request = { mode: 'relax' as const, frequency: 10, duration: 3600, amplitude: 0.7, sample_rate: 48000 as const, bit_depth: 16 as const };
  const program = programFromRequest(request);
  const wav = createWavStream(program, { sampleRateHz: 48000, bitDepth: 16, seed: 1 });
  const started = performance.now();
  let direct = 0;
  for await (const chunk of wav.read() as unknown as AsyncIterable<Uint8Array>) direct += chunk.byteLength;
  const inProcessSec = (performance.now() - started) / 1000;

  const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-scale-'));
  let fileSec: number;
  let soxSec: number;
  let httpSec: number;
  let cachedSec: number;
  try {
    const fileStarted = performance.now();
    await renderWavFile(program, { sampleRateHz: 48000, bitDepth: 16, seed: 1 }, path.join(dir, 'all-cores.wav'));
    fileSec = (performance.now() - fileStarted) / 1000;
    rmSync(path.join(dir, 'all-cores.wav'));

    const port = await getFreePort();
    const api = await spawnApiServer(port, { DATA_DIR: 'memory://', RENDER_CACHE_DIR: dir });
    try {
      const res = await fetch(`http://127.0.0.1:${port}/jona/synthesize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      const created = (await res.json()) as { synthesis_id: string; byte_length: number };
      if (created.byte_length !== direct) throw new Error(`the API's WAV is ${created.byte_length} bytes, the in-process one ${direct}`);
      httpSec = download(port, `/jona/synthesize/${created.synthesis_id}/audio`, direct);
      cachedSec = download(port, `/jona/synthesize/${created.synthesis_id}/audio`, direct);
    } finally {
      await stop(api);
    }
    soxSec = renderWithSox(path.join(dir, 'sox.wav'), 3600).wallSec;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  emit({
    figure: 'WAV over HTTP, 1 h 48 kHz 16-bit stereo, first download (rendered on every core, then sent from the file)',
    seconds: round(httpSec),
    mb_per_s: round(direct / 1e6 / httpSec),
    bytes: direct,
    baseline: 'same WavStream read in process, one thread (s)',
    baseline_value: round(inProcessSec),
    ratio: round(httpSec / inProcessSec, 3),
    target_ratio: 'at most 1.25',
    all_cores_file_render_s: round(fileSec),
    ratio_to_all_cores_file_render: round(httpSec / fileSec, 3),
  });
  emit({
    figure: 'WAV over HTTP, the same hour downloaded again (from the render cache)',
    seconds: round(cachedSec),
    mb_per_s: round(direct / 1e6 / cachedSec),
    baseline: 'same WavStream read in process, one thread (s)',
    baseline_value: round(inProcessSec),
    ratio: round(cachedSec / inProcessSec, 3),
  });
  emit({
    figure: 'WAV over HTTP vs sox, 1 h 48 kHz 16-bit stereo, first download',
    seconds: round(httpSec),
    baseline: 'sox synth of the same sound to a file (s)',
    baseline_value: round(soxSec),
    ratio: round(soxSec / httpSec, 2),
    target_ratio: 'at least 10',
  });
}

/**
 * SCALE_ONLY=sync|ingest|wav runs only those lines (comma-separated; unset: all). `ingest` still
 * measures its bare baseline; `sync` includes the live-sync steps of both databases.
 */
const only = new Set((process.env.SCALE_ONLY ?? 'sync,ingest,wav').split(',').map((w) => w.trim()));

export async function run(): Promise<void> {
  const cannon = await loadAutocannon();
  const bodies = await chunkBodies(SENDS);
  // The bare baselines first, each headset count once (they serve both databases' lines).
  const barePort = await getFreePort();
  const bareServer = await spawnBareServer(barePort);
  const bare = new Map<number, OpenLoopResult>();
  let bareIngest = 0;
  try {
    if (only.has('sync'))
      for (const headsets of [100, 300, 1000]) {
        const ids = Array.from({ length: headsets }, () => crypto.randomUUID());
        bare.set(headsets, await liveSync(barePort, ids, bodies, '/noop'));
      }
    if (only.has('ingest')) bareIngest = (await ingestLoad(cannon, `http://127.0.0.1:${barePort}/noop`)).requests.average;
  } finally {
    await stop(bareServer);
  }
  if (only.has('sync') || only.has('ingest')) {
    const sync = only.has('sync');
    const ingest = only.has('ingest');
    await databaseFigures(cannon, 'PostgreSQL', sync ? [100, 300, 1000] : [], bare, bareIngest, bodies, ingest);
    await databaseFigures(cannon, 'PGlite', sync ? [100, 300] : [], bare, bareIngest, bodies, ingest);
  }
  if (only.has('wav')) await wavFigures();
}
