// Shared set-up for browser tests: a real server started as `npm start` starts it (on a free
// loopback port, with a throwaway data folder), and Debian's headless Chromium driven by
// playwright-core with a fresh profile per launch.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Asks the OS for a free TCP port on loopback. */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/**
 * Starts `node --import tsx api/server.ts` against the already built `dist/` and waits until
 * `/health` answers. `env` is merged over the current environment.
 */
export async function startServer(env: Record<string, string> = {}, options: { dataDir?: string } = {}): Promise<RunningServer> {
  if (!existsSync(path.join(repoRoot, 'dist/index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` before the browser tests (npm test does).');
  }
  const port = env.PORT ? Number(env.PORT) : await getFreePort();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'clisonix-data-'));
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', DATA_DIR: dataDir, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
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
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, port, dataDir, process: child, output: () => output, stop };
}

/** Path of Debian's chromium launcher; a clear error when it is not installed. */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error("Debian's chromium is not installed: run `sudo apt-get install -y chromium` (see README).");
  }
}

/** Flags that keep Chromium quiet on a machine with no network but loopback. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedBrowser {
  context: BrowserContext;
  userDataDir: string;
  close: () => Promise<void>;
}

/**
 * Launches headless Chromium with a persistent profile (installability, service workers and
 * IndexedDB persistence need one). Pass `userDataDir` to relaunch on the same profile.
 */
export interface LaunchOptions {
  userDataDir?: string;
  args?: string[];
  keepProfile?: boolean;
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'clisonix-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    args: [...chromiumArgs, ...(options.args ?? [])],
  });
  const close = async () => {
    await context.close().catch(() => {});
    if (!options.keepProfile && !options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, userDataDir, close };
}

/**
 * The usual set-up of a studio browser test: the real server and a fresh Chromium, started before the
 * file's tests and stopped after them. Read `.server` and `.browser` inside the tests.
 * @example const app = useServerAndBrowser(); test('...', async () => { await (await app.browser.context.newPage()).goto(app.server.url); });
 */
export function useServerAndBrowser(
  env: Record<string, string> = {},
  launch: LaunchOptions = {},
): { server: RunningServer; browser: LaunchedBrowser } {
  const running = {} as { server: RunningServer; browser: LaunchedBrowser };
  beforeAll(async () => {
    running.server = await startServer(env);
    running.browser = await launchBrowser(launch);
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}
