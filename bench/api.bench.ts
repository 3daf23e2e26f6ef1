// API benchmarks (`npm run bench -- api`). Every line carries a baseline measured in the same run
// and the ratio figure / baseline:
//   - ingest (single and batched readings): readings/s and samples/s, autocannon against the started
//     server on loopback; baseline: a bare Hono route that does nothing, on the same machine
//   - /albi/analyze p50/p99 latency under concurrent load; baseline: the bare route's p50/p99
//   - chunk upload MB/s through the route, on PGlite and on PostgreSQL; baseline: inserting the
//     same rows straight into the same table with the database client (no HTTP layer, no checks)
//   - WAV streaming MB/s over HTTP; baseline: reading the same WavStream in process
//   - single-reading ingest in process (app.request, 8 in flight, PGlite): readings/s through the
//     route (group commit, api/src/db/write-batcher.ts); baseline: the same readings inserted with one
//     autocommitted INSERT each, 8 in flight, on the same database (what every request cost before)
// The server and PGlite run in memory (DATA_DIR=memory://): PGlite runs with fsync off either way.
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { getFreePort } from '../tests/browser/harness.ts';
import { createApp } from '../api/src/app.ts';
import { createServices } from '../api/src/services.ts';
import { startPostgres } from '../api/src/testing/postgres.ts';
import { encodeChunk, sha256Hex, CHUNK_CONTENT_TYPE } from '../api/src/contract/chunk.ts';
import { createWavStream, programFromRequest } from '../dsp-wasm/src/jona/index.ts';
import { loadAutocannon, reading, SAMPLES_PER_READING, type Cannon } from './support/autocannon.ts';
import { round, spawnApiServer, spawnBareServer, stop } from './support/servers.ts';

const emit = (line: Record<string, unknown>) => console.log(JSON.stringify({ bench: 'api', ...line }));

async function httpFigures(cannon: Cannon) {
  const barePort = await getFreePort();
  const apiPort = await getFreePort();
  const bare = await spawnBareServer(barePort);
  const api = await spawnApiServer(apiPort, { DATA_DIR: 'memory://' });
  try {
    const json = { 'content-type': 'application/json' };
    const load = (url: string, body: unknown, connections: number, duration = 3) =>
      cannon({ url, method: 'POST', headers: json, body: JSON.stringify(body), connections, duration });
    const bareRun = await load(`http://127.0.0.1:${barePort}/noop`, reading(0), 8);
    const single = await load(`http://127.0.0.1:${apiPort}/alba/ingest`, reading(1), 8);
    const batchBody = Array.from({ length: 100 }, (_, i) => reading(i));
    const batched = await load(`http://127.0.0.1:${apiPort}/alba/ingest`, batchBody, 4);
    emit({
      figure: 'ingest single',
      readings_per_s: round(single.requests.average),
      samples_per_s: round(single.requests.average * SAMPLES_PER_READING),
      p50_ms: single.latency.p50,
      p99_ms: single.latency.p99,
      non2xx: single.non2xx,
      errors: single.errors,
      baseline: 'bare Hono POST route, same body and load (req/s)',
      baseline_value: round(bareRun.requests.average),
      ratio: round(single.requests.average / bareRun.requests.average, 3),
    });
    const batchedReadings = batched.requests.average * 100;
    emit({
      figure: 'ingest batched (100 readings/request)',
      readings_per_s: round(batchedReadings),
      samples_per_s: round(batchedReadings * SAMPLES_PER_READING),
      p50_ms: batched.latency.p50,
      p99_ms: batched.latency.p99,
      non2xx: batched.non2xx,
      errors: batched.errors,
      baseline: 'single-reading ingest (readings/s)',
      baseline_value: round(single.requests.average),
      ratio: round(batchedReadings / single.requests.average, 2),
    });

    // 4 channels x 4 s at 256 Hz, the size the studio sends per analysis window.
    const channels = Object.fromEntries(
      [1, 2, 3, 4].map((c) => [
        `channel_${c}`,
        Array.from({ length: 1024 }, (_, i) => +(30 * Math.sin((2 * Math.PI * 10 * i) / 256) + Math.sin(i * c)).toFixed(3)),
      ]),
    );
    const analyzeBody = { channels, sample_rate: 256 };
    const bareAnalyze = await load(`http://127.0.0.1:${barePort}/noop`, analyzeBody, 4);
    const analyze = await load(`http://127.0.0.1:${apiPort}/albi/analyze`, analyzeBody, 4);
    emit({
      figure: '/albi/analyze latency, 4 connections, 4 ch x 1024 samples',
      p50_ms: analyze.latency.p50,
      p99_ms: analyze.latency.p99,
      req_per_s: round(analyze.requests.average),
      non2xx: analyze.non2xx,
      errors: analyze.errors,
      baseline: 'bare Hono route, same body and load (p50/p99 ms)',
      baseline_p50_ms: bareAnalyze.latency.p50,
      baseline_p99_ms: bareAnalyze.latency.p99,
      ratio_p50: round(analyze.latency.p50 / Math.max(bareAnalyze.latency.p50, 0.5), 1),
      ratio_p99: round(analyze.latency.p99 / Math.max(bareAnalyze.latency.p99, 0.5), 1),
    });

    // WAV: 60 s, 44.1 kHz 16-bit stereo = 10.6 MB over loopback vs the same stream in process.
    const request = { mode: 'relax' as const, frequency: 10, duration: 60, amplitude: 0.7 };
    const created = await (
      await fetch(`http://127.0.0.1:${apiPort}/jona/synthesize`, { method: 'POST', headers: json, body: JSON.stringify(request) })
    ).json();
    let started = performance.now();
    const bytes = (await (await fetch(`http://127.0.0.1:${apiPort}/jona/synthesize/${created.synthesis_id}/audio`)).arrayBuffer()).byteLength;
    const httpSec = (performance.now() - started) / 1000;
    const wav = createWavStream(programFromRequest(request), { sampleRateHz: 44100, bitDepth: 16, seed: 1 });
    started = performance.now();
    let direct = 0;
    for await (const chunk of wav.read() as unknown as AsyncIterable<Uint8Array>) direct += chunk.byteLength;
    const directSec = (performance.now() - started) / 1000;
    emit({
      figure: 'WAV streaming over HTTP (60 s, 44.1 kHz, 16-bit stereo)',
      mb_per_s: round(bytes / 1e6 / httpSec),
      bytes,
      realtime_factor: round(60 / httpSec, 1),
      baseline: 'same WavStream read in process (MB/s)',
      baseline_value: round(direct / 1e6 / directSec),
      ratio: round(directSec / httpSec, 3),
    });
  } finally {
    await stop(api);
    await stop(bare);
  }
}

/** Chunk upload through the route vs raw inserts of the same rows, on one backend. */
async function chunkFigures(kind: 'pglite' | 'postgres') {
  const pg = kind === 'postgres' ? await startPostgres() : undefined;
  const services = await createServices({ databaseUrl: pg?.url, dataDir: 'memory://', logger: pino({ level: 'silent' }) });
  try {
    const app = createApp({ services });
    const id = crypto.randomUUID();
    const metadata = {
      device: { name: 'bench' },
      streams: [{ id: 'eeg', kind: 'eeg', sampleRateHz: 250, channels: Array.from({ length: 8 }, (_, i) => ({ label: `C${i}`, unit: 'uV' })) }],
      startTime: new Date().toISOString(),
      timeBase: 'sample-rate',
    };
    await app.request(`/api/v1/sessions/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) });
    // 8 channels x 8192 samples = 256 KiB per chunk (about 33 s of Cyton data).
    const N = 20;
    const samples = 8192;
    const chunks = await Promise.all(
      Array.from({ length: N }, async (_, seq) => {
        const bytes = encodeChunk({
          firstSample: seq * samples,
          channels: Array.from({ length: 8 }, (_, c) => Float32Array.from({ length: samples }, (_, i) => Math.sin(i * 0.01 + c + seq))),
        });
        return { bytes, hash: await sha256Hex(bytes) };
      }),
    );
    const total = chunks.reduce((n, c) => n + c.bytes.byteLength, 0);
    let started = performance.now();
    for (const [seq, chunk] of chunks.entries()) {
      const res = await app.request(`/api/v1/sessions/${id}/streams/eeg/chunks/${seq}`, {
        method: 'PUT',
        headers: { 'content-type': CHUNK_CONTENT_TYPE, 'x-chunk-sha256': chunk.hash },
        body: chunk.bytes,
      });
      if (res.status !== 201) throw new Error(`chunk ${seq}: ${res.status} ${await res.text()}`);
    }
    const routeSec = (performance.now() - started) / 1000;
    // Baseline: the same rows inserted directly (one statement each), on the same database.
    const other = crypto.randomUUID();
    await services.database.db.execute(
      sql`insert into sessions (id, owner_id, version, metadata) values (${other}, 'bench', 1, ${JSON.stringify(metadata)}::jsonb)`,
    );
    started = performance.now();
    for (const [seq, chunk] of chunks.entries()) {
      await services.database.db.execute(
        sql`insert into chunks (session_id, stream, seq, first_sample, sample_count, channel_count, sha256, data) values (${other}, 'eeg', ${seq}, ${seq * samples}, ${samples}, 8, ${chunk.hash}, ${chunk.bytes})`,
      );
    }
    const rawSec = (performance.now() - started) / 1000;
    emit({
      figure: `chunk upload via PUT route (${kind}, 20 x 256 KiB, sequential, in-process app.request)`,
      mb_per_s: round(total / 1e6 / routeSec),
      chunks_per_s: round(N / routeSec, 1),
      baseline: `raw INSERTs of the same rows (${kind === 'postgres' ? 'pg' : 'PGlite'} client, MB/s)`,
      baseline_value: round(total / 1e6 / rawSec),
      ratio: round(rawSec / routeSec, 3),
    });
  } finally {
    await services.database.close();
    await pg?.stop();
  }
}

/** Runs `task(i)` for i < total with `inFlight` at a time; returns the elapsed seconds. */
async function timeConcurrent(total: number, inFlight: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) await task(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Single-reading ingest in process: the route (group commit) vs one autocommitted INSERT per reading. */
async function inProcessIngest() {
  const services = await createServices({ dataDir: 'memory://', logger: pino({ level: 'silent' }) });
  try {
    const app = createApp({ services });
    const N = 1500;
    const bodies = Array.from({ length: N }, (_, i) => JSON.stringify(reading(i)));
    // Warm up both paths (JIT, prepared plans) before timing.
    for (let i = 0; i < 50; i++)
      await app.request('/alba/ingest', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i] });
    const routeSec = await timeConcurrent(N, 8, async (i) => {
      const res = await app.request('/alba/ingest', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i] });
      if (res.status !== 201) throw new Error(`ingest ${i}: ${res.status} ${await res.text()}`);
    });
    const rawSec = await timeConcurrent(N, 8, async (i) => {
      const r = reading(i);
      await services.database.db.execute(
        sql`insert into readings (id, owner_id, source, type, payload, timestamp) values (${crypto.randomUUID()}, 'bench', ${r.source}, ${r.type}, ${JSON.stringify(r.payload)}::jsonb, now())`,
      );
    });
    emit({
      figure: 'ingest single, in process (app.request, 8 in flight, PGlite)',
      readings_per_s: round(N / routeSec),
      ms_per_reading: round((routeSec * 1000) / N, 3),
      baseline: 'one autocommitted INSERT per reading, 8 in flight, same PGlite (readings/s)',
      baseline_value: round(N / rawSec),
      ratio: round(rawSec / routeSec, 3),
    });
  } finally {
    await services.database.close();
  }
}

export async function run(): Promise<void> {
  await httpFigures(await loadAutocannon());
  await inProcessIngest();
  await chunkFigures('pglite');
  await chunkFigures('postgres');
}
