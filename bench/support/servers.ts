// Servers the API benchmarks start as child processes: the Clisonix API (`api/server.ts`) and a
// bare Hono route that does nothing, the baseline every HTTP figure is compared with. Each runs in
// its own Node process, so the load client (the benchmark process) and the server share the
// machine's cores the way a real client and server on one box would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The bare baseline: reads the body and answers 201 JSON, on POST /noop and on PUT or POST of any
 * path under /noop/ (so a chunk URL can be mirrored path for path).
 */
export const BARE_SERVER = `
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
const app = new Hono();
app.get('/health', (c) => c.text('ok'));
const noop = async (c) => { await c.req.arrayBuffer(); return c.json({ status: 'ok' }, 201); };
app.post('/noop', noop);
app.on(['POST', 'PUT'], '/noop/*', noop);
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
`;

/** Starts `node <script>` with PORT/HOST set and waits (90 s at most) until GET /health answers 2xx. */
export async function spawnServer(port: number, script: string[], env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, script, {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server not up in 90 s: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The bare Hono baseline server on `port`. */
export const spawnBareServer = (port: number) => spawnServer(port, ['--input-type=module', '-e', BARE_SERVER]);

/** The Clisonix API on `port`; `env` picks the database (DATA_DIR=memory:// or DATABASE_URL). */
export const spawnApiServer = (port: number, env: Record<string, string>) => spawnServer(port, ['--import', 'tsx', 'api/server.ts'], env);

/** SIGTERM and wait for the exit. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Rounds for printing: `digits` decimals. */
export const round = (x: number, digits = 2) => +x.toFixed(digits);
