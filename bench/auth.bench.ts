// Authentication load test (`npm run bench -- auth`): holds a stated rate of authenticated ingest
// against the real server on loopback (autocannon, fixed overall rate, bounded time) and reports
// p50/p99 latency, errors and non-2xx answers. Baseline in the same run: the same ingest at the
// same rate against a local-mode server (no login, no token check). Two authenticated flavours:
// a device API key (ck_..., one indexed lookup per request) and a user's access token (Ed25519
// signature check + account lookup). Fails when any authenticated request errs or is not 2xx;
// `rate_held` says whether the machine kept up with the stated rate (it depends on the load).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getFreePort } from '../tests/browser/harness.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** The stated rate: requests per second, over all connections. */
const RATE_PER_S = 100;
const DURATION_S = 6;
const WARMUP_S = 1;
const CONNECTIONS = 8;

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Cannon = (options: Record<string, unknown>) => Promise<CannonResult>;

const emit = (line: Record<string, unknown>) => console.log(JSON.stringify({ bench: 'auth', ...line }));
const round = (x: number, digits = 2) => +x.toFixed(digits);
/** One Muse packet: 4 channels x 12 samples. */
const reading = {
  source: 'sensor_001',
  type: 'eeg',
  payload: { channels: [0, 1, 2, 3].map((c) => Array.from({ length: 12 }, (_, k) => +(Math.sin(k + c) * 50).toFixed(3))) },
};

async function startServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await getFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: 'memory://', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, child };
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server not up in 90 s: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function run(): Promise<void> {
  const name = 'autocannon';
  const cannon = ((await import(name)) as { default: Cannon }).default;
  const load = (url: string, token?: string, duration = DURATION_S) =>
    cannon({
      url: `${url}/alba/ingest`,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(reading),
      connections: CONNECTIONS,
      overallRate: RATE_PER_S,
      duration,
    });

  const local = await startServer({ AUTH: 'local' });
  let baseline: CannonResult;
  try {
    await load(local.url, undefined, WARMUP_S); // JIT and PGlite caches warm, as on a running server
    baseline = await load(local.url);
  } finally {
    await stop(local.child);
  }
  const cloud = await startServer({ AUTH: 'required' });
  try {
    const credentials = { email: 'bench@example.org', password: 'benchmark passphrase' };
    await post(`${cloud.url}/api/v1/auth/register`, credentials);
    const { access_token: accessToken } = await post(`${cloud.url}/api/v1/auth/login`, credentials);
    const { key } = await post(`${cloud.url}/api/v1/keys`, { name: 'bench' }, accessToken);
    await load(cloud.url, key, WARMUP_S);
    for (const [flavour, token] of [
      ['device API key (ck_)', key],
      ['access token (EdDSA JWT)', accessToken],
    ] as const) {
      const result = await load(cloud.url, token);
      const failures = result.errors + result.non2xx + result.timeouts;
      emit({
        figure: `authenticated ingest, ${flavour}, ${RATE_PER_S} req/s for ${DURATION_S} s, ${CONNECTIONS} connections`,
        stated_rate_per_s: RATE_PER_S,
        achieved_rate_per_s: round(result.requests.average, 1),
        rate_held: result.requests.average >= 0.95 * RATE_PER_S,
        requests: result.requests.total,
        errors: result.errors,
        non2xx: result.non2xx,
        p50_ms: result.latency.p50,
        p99_ms: result.latency.p99,
        baseline: 'same ingest at the same rate on a local-mode server (no token), p50/p99 ms',
        baseline_p50_ms: baseline.latency.p50,
        baseline_p99_ms: baseline.latency.p99,
        baseline_errors: baseline.errors + baseline.non2xx,
        baseline_achieved_rate_per_s: round(baseline.requests.average, 1),
        ratio_p50: round(result.latency.p50 / Math.max(baseline.latency.p50, 0.5), 2),
        ratio_p99: round(result.latency.p99 / Math.max(baseline.latency.p99, 0.5), 2),
      });
      if (failures) throw new Error(`${flavour}: ${failures} of ${result.requests.total} requests failed at ${RATE_PER_S} req/s`);
    }
  } finally {
    await stop(cloud.child);
  }
}
