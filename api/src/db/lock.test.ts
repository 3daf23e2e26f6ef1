import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataDirLockedError, lockDataDir } from './lock.ts';

describe('lockDataDir', () => {
  it('refuses a folder held by a live process and names its pid', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-lock-'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(path.join(dir, 'clisonix.lock'), String(holder.pid));
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(`(pid ${holder.pid})`);
    } finally {
      holder.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a stale lock of a dead pid, writes its own pid and removes it on release', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-lock-'));
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(path.join(dir, 'clisonix.lock'), deadPid);
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'clisonix.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(path.join(dir, 'clisonix.lock'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
