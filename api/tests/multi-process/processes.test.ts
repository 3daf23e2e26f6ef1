// More processes, one database: two real servers (`node --import tsx api/server.ts`, as `npm start`
// runs it) on one PostgreSQL, driven over HTTP the way a load balancer spreads one user's requests
// between them; then WORKERS=2 (node:cluster) through the same entry point, and WORKERS=2 refused
// on PGlite. Everything one process must see of another's work lives in PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../../../tests/browser/harness.ts';
import { CHUNK_CONTENT_TYPE, encodeChunk, sha256Hex } from '../../src/contract/chunk.ts';
import { startPostgres, type RunningPostgres } from '../../src/testing/postgres.ts';
import { metadata } from '../security/helpers.ts';

const INGEST_BUDGET = 60;
const password = 'correct horse battery staple 42';
const capabilities = { web_bluetooth: true, web_serial: false, audio_worklet: true, wasm_simd: true, cross_origin_isolated: true };

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

interface RunningServer {
  url: string;
  process: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `node --import tsx api/server.ts` (what `npm start` runs once the PWA is built; the API
 * needs no build) on a free port and waits until /health answers; rejects with the output when it
 * exits first.
 */
async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await getFreePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'clisonix-mp-'));
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', DATA_DIR: dataDir, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /health within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, process: child, output: () => output, stop };
}

/** A request on a fresh connection (no keep-alive), so a cluster's primary may hand each to another worker. */
function request(
  url: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Uint8Array | string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method, headers: options.headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    // A connection the cluster primary handed to a worker that was just killed is never answered.
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${method} ${path} in 10 s`)));
    req.end(options.body);
  });
}

/** A JSON call; `token` as bearer, `cookie` as given. */
async function call(url: string, method: string, path: string, body?: unknown, auth: { token?: string; cookie?: string } = {}) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const res = await request(url, method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { ...res, json: () => JSON.parse(res.text) };
}

const refreshCookieOf = (res: { headers: http.IncomingHttpHeaders }) => {
  const cookie = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-clisonix_refresh=rt_'));
  if (!cookie) throw new Error(`no refresh cookie in ${JSON.stringify(res.headers['set-cookie'])}`);
  return cookie.split(';')[0];
};

/** Polls `probe` until it returns a value (not undefined) or `ms` pass. */
async function eventually<T>(probe: () => Promise<T | undefined>, ms = 8_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('two server processes on one PostgreSQL', () => {
  let postgres: RunningPostgres;
  let servers: RunningServer[] = [];
  beforeAll(async () => {
    postgres = await startPostgres();
    const env = {
      DATABASE_URL: postgres.url,
      AUTH: 'required',
      AUTH_REFRESH_GRACE_SEC: '1',
      RATE_LIMIT_INGEST: String(INGEST_BUDGET),
      AUTH_ADMIN_EMAILS: 'ops@example.org',
      LOG_LEVEL: 'warn',
    };
    // Started together, as a deployment starts its instances: the migrations must not race.
    servers = await Promise.all([startServer(env), startServer(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await postgres?.stop();
  });

  it("one user's sync round-robin: no chunk lost or doubled, one shared rate limit, tokens, heartbeats, analyses, jobs and renders seen by both", async () => {
    const [a, b] = servers.map((s) => s.url);
    const at = (i: number) => servers[i % 2].url;

    expect((await call(a, 'POST', '/api/v1/auth/register', { email: 'alice@example.org', password })).status).toBe(201);
    const login = await call(b, 'POST', '/api/v1/auth/login', { email: 'alice@example.org', password });
    expect(login.status).toBe(200);
    let token: string = login.json().access_token;
    const firstCookie = refreshCookieOf(login);

    // Refresh tokens: rotated on A, the new access token works on B, the new cookie rotates on B.
    const onA = await call(a, 'POST', '/api/v1/auth/refresh', {}, { cookie: firstCookie });
    expect(onA.status).toBe(200);
    const secondCookie = refreshCookieOf(onA);
    token = onA.json().access_token;
    const sessionId = crypto.randomUUID();
    expect((await call(b, 'PUT', `/api/v1/sessions/${sessionId}`, metadata, { token })).status).toBe(201); // ingest unit 1
    const onB = await call(b, 'POST', '/api/v1/auth/refresh', {}, { cookie: secondCookie });
    expect(onB.status).toBe(200);
    const thirdCookie = refreshCookieOf(onB);
    token = onB.json().access_token;
    expect((await call(a, 'GET', `/api/v1/sessions/${sessionId}`, undefined, { token })).status).toBe(200);

    // The sync: chunks 0..(budget-2) spread over both processes, 4 in flight; each answer's
    // RateLimit-Remaining comes from the one shared counter, so every value appears exactly once.
    const chunkCount = INGEST_BUDGET - 1;
    const chunks = await Promise.all(
      Array.from({ length: chunkCount }, async (_, seq) => {
        const bytes = encodeChunk({ firstSample: seq * 4, channels: [Float32Array.of(seq, 1, 2, 3), Float32Array.of(4, 5, 6, seq)] });
        return { seq, bytes, hash: await sha256Hex(bytes) };
      }),
    );
    const put = (i: number, chunk: (typeof chunks)[number]) =>
      request(at(i), 'PUT', `/api/v1/sessions/${sessionId}/streams/eeg/chunks/${chunk.seq}`, {
        headers: { authorization: `Bearer ${token}`, 'content-type': CHUNK_CONTENT_TYPE, 'x-chunk-sha256': chunk.hash },
        body: chunk.bytes,
      });
    const remaining: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < chunks.length) {
          const i = next++;
          const res = await put(i, chunks[i]);
          expect(res.status, res.text).toBe(201);
          remaining.push(Number(res.headers['ratelimit-remaining']));
        }
      }),
    );
    expect(remaining.sort((x, y) => x - y)).toEqual(Array.from({ length: chunkCount }, (_, i) => i)); // 58..0 after the session's unit
    // The budget is spent: the next ingest request is refused on either process.
    const extraBytes = encodeChunk({ firstSample: chunkCount * 4, channels: [Float32Array.of(0, 0, 0, 0), Float32Array.of(0, 0, 0, 0)] });
    const extra = { seq: chunkCount, bytes: extraBytes, hash: await sha256Hex(extraBytes) };
    expect((await put(0, extra)).status).toBe(429);
    expect((await put(1, extra)).status).toBe(429);

    // Every chunk is there once with its hash, whichever process lists them.
    for (const url of [a, b]) {
      const list = await call(url, 'GET', `/api/v1/sessions/${sessionId}/streams/eeg/chunks`, undefined, { token });
      expect(list.status).toBe(200);
      const items: { seq: number; sha256: string }[] = list.json().chunks;
      expect(items.map((c) => [c.seq, c.sha256])).toEqual(chunks.map((c) => [c.seq, c.hash]));
    }

    // Reuse detection across processes: after the grace second, the cookie B rotated away is
    // presented to A; the whole family is revoked, so B refuses the newest cookie too.
    await new Promise((r) => setTimeout(r, 1_300));
    const reuse = await call(a, 'POST', '/api/v1/auth/refresh', {}, { cookie: secondCookie });
    expect(reuse.status).toBe(401);
    expect(reuse.json().errors).toEqual([{ path: 'cookie.__Host-clisonix_refresh', message: 'reused' }]);
    expect((await call(b, 'POST', '/api/v1/auth/refresh', {}, { cookie: thirdCookie })).status).toBe(401);

    // A client registered on A is listed on B; its heartbeat on B keeps it.
    const registered = await call(a, 'POST', '/orchestrator/clients', { name: 'studio', capabilities, devices: [] }, { token });
    expect(registered.status).toBe(201);
    const clientId = registered.json().client_id;
    const listed = await call(b, 'GET', '/orchestrator/registry', undefined, { token });
    expect(listed.json().clients.map((c: { client_id: string }) => c.client_id)).toEqual([clientId]);
    expect((await call(b, 'PUT', `/orchestrator/clients/${clientId}`, { name: 'studio', capabilities, devices: [] }, { token })).status).toBe(200);

    // Analyses made on A are the ones B's insights consider.
    const channels = { channel_1: Array.from({ length: 512 }, (_, i) => 30 * Math.sin((2 * Math.PI * 10 * i) / 256)) };
    for (let i = 0; i < 2; i++) expect((await call(a, 'POST', '/albi/analyze', { channels, sample_rate: 256 }, { token })).status).toBe(200);
    expect((await call(b, 'GET', '/albi/insights', undefined, { token })).json().analyses_considered).toBe(2);

    // A synthesis job created on A is in B's /queue; while A streams its audio, B lists the render.
    const created = await call(a, 'POST', '/jona/synthesize', { mode: 'relax', frequency: 10, duration: 600 }, { token });
    expect(created.status).toBe(201);
    const synthesisId = created.json().synthesis_id;
    expect((await call(b, 'GET', '/jona/queue', undefined, { token })).json()).toMatchObject({
      jobs: { generated: 1 },
      queue_depth: 0,
      rendering: [],
    });
    const audio = await fetch(`${a}/jona/synthesize/${synthesisId}/audio`, { headers: { authorization: `Bearer ${token}` } });
    const reader = audio.body!.getReader();
    await reader.read();
    try {
      const queue = await eventually(async () => {
        const q = (await call(b, 'GET', '/jona/queue', undefined, { token })).json();
        return q.queue_depth === 1 ? q : undefined;
      });
      expect(queue).toMatchObject({ queue_depth: 1, rendering: [{ synthesis_id: synthesisId, streams: 1 }] });
    } finally {
      await reader.cancel();
    }
    await eventually(async () => ((await call(b, 'GET', '/jona/queue', undefined, { token })).json().queue_depth === 0 ? true : undefined));
  }, 90_000);

  it('the ALBA ingest rate in the aggregated metrics adds up the readings every process stored', async () => {
    const [a, b] = servers.map((s) => s.url);
    expect((await call(b, 'POST', '/api/v1/auth/register', { email: 'ops@example.org', password })).status).toBe(201);
    const admin = (await call(b, 'POST', '/api/v1/auth/login', { email: 'ops@example.org', password })).json().access_token;
    const rateOn = async (url: string) => {
      const res = await call(url, 'GET', '/orchestrator/metrics/aggregated', undefined, { token: admin });
      expect(res.status, res.text).toBe(200);
      return res.json().alba.rate_per_minute as number;
    };
    const before = await rateOn(b);
    // Alice's ingest budget is spent by the sync above: the admin ingests.
    const reading = { source: 'sensor_1', type: 'eeg', payload: { value: 1 } };
    for (let i = 0; i < 3; i++) expect((await call(a, 'POST', '/alba/ingest', reading, { token: admin })).status).toBe(201);
    expect((await call(b, 'POST', '/alba/ingest', reading, { token: admin })).status).toBe(201);
    // Each process reports its own minute about once a second; the other adds it to its own.
    for (const url of [a, b]) await eventually(async () => ((await rateOn(url)) === before + 4 ? true : undefined));
  }, 30_000);
});

/** pid of the process that logged the request line with this id (pino's `pid`). */
function pidOfRequest(output: string, requestId: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes(requestId)) continue;
    try {
      const entry = JSON.parse(line);
      if (entry.reqId === requestId && entry.msg === 'request') return entry.pid;
    } catch {
      /* not a log line */
    }
  }
  return undefined;
}

describe('WORKERS=2 through api/server.ts', () => {
  let postgres: RunningPostgres;
  let server: RunningServer;
  beforeAll(async () => {
    postgres = await startPostgres();
    server = await startServer({ DATABASE_URL: postgres.url, WORKERS: '2', LOG_LEVEL: 'info' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await postgres?.stop();
  });

  /** Sends `n` requests on fresh connections; the pids that answered them, from the request log. */
  async function answeringPids(n: number): Promise<Set<number>> {
    const ids = Array.from({ length: n }, () => crypto.randomUUID());
    for (const id of ids) {
      const res = await request(server.url, 'GET', '/api/v1/sessions', { headers: { 'x-request-id': id } });
      expect(res.status).toBe(200);
    }
    return eventually(async () => {
      const pids = ids.map((id) => pidOfRequest(server.output(), id));
      return pids.every((p) => p !== undefined) ? new Set(pids as number[]) : undefined;
    });
  }

  it('both workers answer; a killed worker is forked again; SIGTERM stops the primary and its workers', async () => {
    const primary = server.process.pid!;
    // /health answered once the first worker listened; the second may still be starting.
    const first = await eventually(async () => {
      const pids = await answeringPids(8);
      return pids.size === 2 ? pids : undefined;
    }, 30_000);
    expect(first.has(primary)).toBe(false);
    const [victim, survivor] = [...first];
    process.kill(victim, 'SIGKILL');
    await eventually(async () => (server.output().includes('worker died; forking a new one') ? true : undefined));
    // The survivor answers meanwhile; then the replacement takes its share.
    const replacement = await eventually(async () => {
      const pids = await answeringPids(4);
      const fresh = [...pids].filter((p) => p !== survivor && p !== victim);
      return pids.size === 2 && fresh.length === 1 ? fresh[0] : undefined;
    }, 60_000);
    await server.stop('SIGTERM');
    expect(server.process.exitCode).toBe(0);
    for (const pid of [survivor, replacement]) expect(() => process.kill(pid, 0)).toThrow();
  }, 150_000);

  it('WORKERS=2 on PGlite is refused with the reason, before anything opens the data folder', async () => {
    await expect(startServer({ WORKERS: '2' })).rejects.toThrow(/exited with 2[\s\S]*WORKERS=2 needs DATABASE_URL=postgres/);
  }, 30_000);
});
