// Chromium driven over the DevTools protocol directly, for tests that need a tab to be really hidden.
// Playwright cannot give one: it turns on focus emulation for every page it attaches to, and in
// Chromium that keeps the page's WebContents visible (document.visibilityState stays 'visible',
// no background throttling ever starts). Here no client attaches to a tab until a test asks, and
// none sets any emulation, so a tab behind another tab is hidden and throttled as for a user.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type WebSocketClass from 'ws';

import { chromiumArgs, findChromium } from './harness.ts';

// Loaded by file path with Node's require: under the test runner the package name resolves with the
// 'browser' condition, to the stub that only throws.
const require = createRequire(import.meta.url);
const WebSocket = require(path.join(path.dirname(require.resolve('ws/package.json')), 'index.js')) as typeof WebSocketClass;

export interface RawTab {
  readonly id: string;
  /** Evaluates `expression` in the page (promises awaited) and returns its value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Polls `expression` every 100 ms until it is truthy; throws after `timeoutMs` saying what it waited for. */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface RawChromium {
  openTab(url: string): Promise<RawTab>;
  /** Makes a tab the active one of its window (the others become hidden). */
  activate(tab: RawTab): Promise<void>;
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh profile and a DevTools port chosen by Chromium. */
export async function launchRawChromium(args: string[] = []): Promise<RawChromium> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'clisonix-raw-profile-'));
  const child: ChildProcess = spawn(
    findChromium(),
    [...chromiumArgs, '--headless', `--user-data-dir=${userDataDir}`, '--remote-debugging-port=0', ...args, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools address within 20 s:\n${stderr}`)), 20_000);
    child.stderr!.on('data', (d) => {
      stderr += d;
      const found = /DevTools listening on ws:\/\/([^/]+)\//.exec(stderr);
      if (found) {
        clearTimeout(timer);
        resolve(`http://${found[1]}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited with ${code} before it listened:\n${stderr}`)));
  });
  const http = async (pathName: string, method = 'GET') => {
    const res = await fetch(`${endpoint}${pathName}`, { method });
    if (!res.ok) throw new Error(`DevTools ${method} ${pathName} answered ${res.status}: ${await res.text()}`);
    return res;
  };
  return {
    async openTab(url) {
      const target = (await (await http(`/json/new?${encodeURI(url)}`, 'PUT')).json()) as { id: string; webSocketDebuggerUrl: string };
      return connectTab(target.id, target.webSocketDebuggerUrl, () => http(`/json/close/${target.id}`).then(() => undefined));
    },
    async activate(tab) {
      await http(`/json/activate/${tab.id}`);
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      // Chromium's helper processes may still write into the profile after the browser exits; a temp
      // profile left behind is harmless, so a failed removal is not a failed test
      try {
        rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch (error) {
        console.warn(`raw Chromium profile ${userDataDir} not removed: ${(error as Error).message}`);
      }
    },
  };
}

async function connectTab(id: string, socketUrl: string, closeTarget: () => Promise<void>): Promise<RawTab> {
  const socket = new WebSocket(socketUrl, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (result: any) => void; reject: (error: Error) => void }>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    const pending = message.id !== undefined ? waiting.get(message.id) : undefined;
    if (!pending) return;
    waiting.delete(message.id);
    if (message.error) pending.reject(new Error(`CDP ${message.error.message}`));
    else pending.resolve(message.result);
  });
  const send = (method: string, params: object) =>
    new Promise<any>((resolve, reject) => {
      const callId = ++nextId;
      waiting.set(callId, { resolve, reject });
      socket.send(JSON.stringify({ id: callId, method, params }));
    });
  const evaluate = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails)
      throw new Error(`page threw evaluating ${expression.slice(0, 80)}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  };
  return {
    id,
    evaluate,
    async waitFor(expression, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      // While the page loads there may be no context to evaluate in yet: that counts as not yet.
      const check = () =>
        evaluate<boolean>(`Boolean(${expression})`).catch((error: Error) => {
          if (/execution context/i.test(error.message)) return false;
          throw error;
        });
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${expression}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      socket.close();
      await closeTarget();
    },
  };
}
