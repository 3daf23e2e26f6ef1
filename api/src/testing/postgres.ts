// Starts a throwaway PostgreSQL server (Debian's binaries) on a free loopback port for tests and
// benchmarks, and stops it again. Runs as the `postgres` user when we are root (PostgreSQL
// refuses to run as root). The initdb result is cached as a template so a second start takes
// well under a second.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, mkdtempSync, readdirSync, renameSync, rmSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { getFreePort } from '../../../tests/browser/harness.ts';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/** Directory of the newest installed PostgreSQL server binaries; a clear error when there is none. */
export function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin/initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error('PostgreSQL server binaries are missing (no /usr/lib/postgresql/*/bin/initdb): run `bash .ci/install-system-deps`.');
  }
  return path.join(root, versions[0], 'bin');
}

const isRoot = process.getuid?.() === 0;
const asPostgres = (bin: string, args: string[]): [string, string[]] => (isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]);

function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  return dir;
}

function templateDir(bin: string): string {
  const template = path.join(tmpdir(), `clisonix-pg-template-${path.basename(path.dirname(bin))}`);
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  const staging = ownedTempDir('clisonix-pg-init-');
  const [cmd, args] = asPostgres(path.join(bin, 'initdb'), [
    '-D',
    path.join(staging, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(cmd, args, { stdio: 'pipe' });
  try {
    renameSync(path.join(staging, 'data'), template); // atomic: a concurrent starter either sees all or nothing
  } catch {
    /* another process won the race; its template is as good */
  }
  rmSync(staging, { recursive: true, force: true });
  return template;
}

/**
 * Starts PostgreSQL on 127.0.0.1:<free port> with a fresh cluster and database `clisonix`.
 * @example const server = await startPostgres(); ...; await server.stop();
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = findPostgresBin();
  const template = templateDir(bin);
  const root = ownedTempDir('clisonix-pg-');
  const data = path.join(root, 'data');
  cpSync(template, data, { recursive: true, preserveTimestamps: true });
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', data]);
  const port = await getFreePort();
  const [cmd, args] = asPostgres(path.join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    root,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'max_connections=50',
  ]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}:\n${log}`);
    const client = new pg.Client({ connectionString: admin });
    try {
      await client.connect();
      await client.query('create database clisonix');
      await client.end();
      break;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`postgres did not accept connections within 20 s:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/clisonix`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // Signal the postmaster itself (runuser does not pass signals on): SIGINT = fast shutdown.
        const pid = Number.parseInt(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0], 10);
        try {
          process.kill(pid, 'SIGINT');
        } catch {
          child.kill('SIGKILL');
        }
        const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
