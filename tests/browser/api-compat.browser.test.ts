// The server started as `npm start` starts it, with COMPAT_PORTS=1, driven over real HTTP with the
// original services' contracts: ingest, analyse, synthesise, download the WAV, read the registry.
// No browser is needed; this file lives in the sequential browser project because the compat
// ports (5555, 6666, 7777, 9999) are fixed and only one test may hold them at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, type RunningServer } from './harness.ts';
import { encodeChunk, sha256Hex, CHUNK_CONTENT_TYPE } from '../../api/src/contract/chunk.ts';
import { runCompleteWorkflow } from '../../api/src/testing/complete-workflow.ts';

/** POST with node:http: fetch refuses port 6666 (on the Fetch spec's "bad ports" list), where ALBI has always lived. */
function postHttp(url: string, body: unknown): Promise<{ status: number; json: () => unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, json: () => JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the original services on their own ports', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ COMPAT_PORTS: '1' });
  });
  afterAll(async () => server?.stop());

  it('ALBA 5555: ingest, then list newest first', async () => {
    const res = await post('http://127.0.0.1:5555/ingest', { source: 'sensor_001', type: 'eeg', payload: { channel_1: 12.5 } });
    expect(res.status).toBe(201);
    const ingested = await res.json();
    expect(ingested).toEqual({ status: 'ingested', id: expect.any(String), timestamp: expect.any(String) });
    const data = await (await fetch('http://127.0.0.1:5555/data?source=sensor_001')).json();
    expect(data.data[0]).toMatchObject({ id: ingested.id, payload: { channel_1: 12.5 } });
    // The same service also lives under /alba on the main port.
    expect((await (await fetch(`${server.url}/alba/metrics`)).json()).total_ingested).toBe(1);
  });

  it('ALBI 6666: analyse channels and answer the original fields', async () => {
    const channel = Array.from({ length: 256 * 4 }, (_, i) => 30 * Math.sin((2 * Math.PI * 10 * i) / 256));
    const res = await postHttp('http://127.0.0.1:6666/analyze', { channels: { channel_1: channel }, sample_rate: 256 });
    expect(res.status).toBe(200);
    const body = res.json() as any;
    expect(body.analysis_id).toEqual(expect.any(String));
    expect(Object.keys(body.statistics.channel_1).sort()).toEqual(['max', 'mean', 'median', 'min', 'outliers', 'std_dev']);
    expect(body.statistics.channel_1.std_dev).toBeCloseTo(30 / Math.SQRT2, 1);
    expect(body.bands.channel_1.relative.alpha).toBeGreaterThan(0.9);
    expect(body.peak_alpha_hz.channel_1).toBeCloseTo(10, 0);
    expect(body.confidence).toBeGreaterThan(0);
  });

  it('JONA 7777: synthesise, then download a valid WAV of the right length, and a range of it', async () => {
    const res = await post('http://127.0.0.1:7777/synthesize', { mode: 'relax', frequency: 10.0, duration: 3, amplitude: 0.7 });
    expect(res.status).toBe(201);
    const synthesis = await res.json();
    expect(synthesis).toMatchObject({ mode: 'relax', frequency: 10, duration: 3, status: 'generated' });
    const audio = await fetch(`http://127.0.0.1:7777/synthesize/${synthesis.synthesis_id}/audio`);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    const wav = new Uint8Array(await audio.arrayBuffer());
    const view = new DataView(wav.buffer);
    const text = (at: number) => new TextDecoder().decode(wav.subarray(at, at + 4));
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(view.getUint32(4, true)).toBe(wav.byteLength - 8);
    expect(view.getUint16(20, true)).toBe(1); // PCM
    expect(view.getUint16(22, true)).toBe(2); // stereo
    expect(view.getUint32(24, true)).toBe(44100);
    expect(view.getUint16(34, true)).toBe(16);
    expect(view.getUint32(40, true)).toBe(3 * 44100 * 2 * 2); // 3 s of 16-bit stereo
    expect(wav.byteLength).toBe(44 + 3 * 44100 * 4);
    const range = await fetch(`http://127.0.0.1:7777/synthesize/${synthesis.synthesis_id}/audio`, { headers: { range: 'bytes=100000-100099' } });
    expect(range.status).toBe(206);
    expect(new Uint8Array(await range.arrayBuffer())).toEqual(wav.subarray(100000, 100100));
  });

  it('orchestrator 9999: registry from real health checks on the original ports, Prometheus metrics', async () => {
    const registry = await (await fetch('http://127.0.0.1:9999/registry')).json();
    expect(registry.services.alba).toMatchObject({ name: 'alba', port: 5555, status: 'online', health: 1 });
    expect(registry.services.albi).toMatchObject({ name: 'albi', port: 6666, status: 'online', checks: { wasm: true } });
    expect(registry.services.jona).toMatchObject({ name: 'jona', port: 7777, status: 'online', checks: { wasm: true, queue_depth: 0 } });
    const metrics = await (await fetch('http://127.0.0.1:9999/metrics')).text();
    expect(metrics).toContain('clisonix_alba_readings_ingested_total 1');
    expect(metrics).toContain('clisonix_albi_analyses_total 1');
  });

  it('syncs a session over HTTP on the main port, and serves the PWA beside the API', async () => {
    const id = crypto.randomUUID();
    const metadata = {
      device: { name: 'Synthetic' },
      streams: [{ id: 'eeg', kind: 'eeg', sampleRateHz: 256, channels: [{ label: 'Fz', unit: 'uV' }] }],
      startTime: new Date().toISOString(),
      timeBase: 'sample-rate',
    };
    expect(
      (
        await fetch(`${server.url}/api/v1/sessions/${id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(metadata),
        })
      ).status,
    ).toBe(201);
    const chunk = encodeChunk({ firstSample: 0, channels: [Float32Array.from({ length: 512 }, (_, i) => Math.sin(i))] });
    const put = await fetch(`${server.url}/api/v1/sessions/${id}/streams/eeg/chunks/0`, {
      method: 'PUT',
      headers: { 'content-type': CHUNK_CONTENT_TYPE, 'x-chunk-sha256': await sha256Hex(chunk) },
      body: chunk,
    });
    expect(put.status).toBe(201);
    expect((await (await fetch(`${server.url}/api/v1/sessions/${id}/streams/eeg/chunks`)).json()).chunks.map((c: { seq: number }) => c.seq)).toEqual([
      0,
    ]);
    const page = await fetch(`${server.url}/some/client/route`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it("runs the original documentation's Complete Workflow unchanged on the original ports", async () => {
    const result = await runCompleteWorkflow({
      alba: 'http://127.0.0.1:5555',
      albi: 'http://127.0.0.1:6666',
      jona: 'http://127.0.0.1:7777',
      orchestrator: 'http://127.0.0.1:9999',
    });
    expect(result.ingested.status).toBe('ingested');
    expect(result.analysis.statistics.ch1.mean).toBe(1.02);
    expect(result.synthesis).toMatchObject({ mode: 'relax', frequency: 10, duration: 30, amplitude: 0.7 });
    expect(result.audio.body.byteLength).toBe(44 + 30 * 44100 * 4);
    expect(result.registry.services.alba).toMatchObject({ port: 5555, status: 'online' });
  });

  it('answers liveness and readiness on the main port beside the PWA, with the data folder watched', async () => {
    const live = await fetch(`${server.url}/health/live`);
    expect([live.status, live.headers.get('content-type')]).toEqual([200, 'application/json']);
    expect(await (await fetch(`${server.url}/health/ready`)).json()).toMatchObject({ ready: true, reasons: [] });
    const health = await (await fetch(`${server.url}/health`)).json();
    expect(health).toMatchObject({ status: 'online', checks: { database: true, wasm: { albi: true, jona: true } } });
    expect(health.checks.disk_free_bytes).toBeGreaterThan(256 * 1024 * 1024);
  });
});

describe('the PGlite data folder', () => {
  it('has one owner: a second server exits with a clear error; a clean stop releases it and keeps the data', async () => {
    const first = await startServer();
    try {
      expect(readFileSync(path.join(first.dataDir, 'clisonix.lock'), 'utf8')).toBe(String(first.process.pid));
      await expect(startServer({}, { dataDir: first.dataDir })).rejects.toThrow(/exited with 2[\s\S]*in use by another Clisonix process \(pid \d+\)/);
      expect((await post(`${first.url}/alba/ingest`, { source: 'kept', type: 'eeg', payload: {} })).status).toBe(201);
    } finally {
      await first.stop('SIGTERM');
    }
    expect(first.process.exitCode).toBe(0);
    expect(existsSync(path.join(first.dataDir, 'clisonix.lock'))).toBe(false);
    // A lock left by a dead process (kill -9) is stale: the next start takes it over.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(path.join(first.dataDir, 'clisonix.lock'), dead);
    const second = await startServer({}, { dataDir: first.dataDir });
    try {
      const data = await (await fetch(`${second.url}/alba/data?source=kept`)).json();
      expect(data.data).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});
