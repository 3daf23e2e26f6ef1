// Helpers shared by the studio's browser tests: screenshots, waiting for the service worker,
// reading the studio's IndexedDB from the page.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './harness.ts';

export const screenshotDir = path.join(repoRoot, 'test-results/screenshots');

/** Full-page screenshot into test-results/screenshots/<name>.png (gitignored). */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Waits until a service worker controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
}

export interface PageSession {
  id: string;
  status: string;
  title: string;
  markers: unknown[];
  durableSamples: Record<string, number>;
  streams: Array<{ id: string; kind: string; sampleRateHz: number; channels: Array<{ label: string; unit: string }> }>;
  sync: { state: string; uploadedChunks: number; totalChunks: number };
  startedAtMs: number;
  endedAtMs: number | null;
}

/** Sessions in the studio database, read with the raw IndexedDB API from the page. */
export function readSessions(page: Page): Promise<PageSession[]> {
  return page.evaluate(
    () =>
      new Promise<PageSession[]>((resolve, reject) => {
        const open = indexedDB.open('clisonix-studio-v1');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('sessions').objectStore('sessions').getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

/** [streamId, seq, sha256, firstSample, sampleCount] of every chunk of a session. */
export function readChunkDigests(page: Page, sessionId: string): Promise<Array<[string, number, string, number, number]>> {
  return page.evaluate(
    (id) =>
      new Promise<Array<[string, number, string, number, number]>>((resolve, reject) => {
        const open = indexedDB.open('clisonix-studio-v1');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('chunks').objectStore('chunks').index('by-session').getAll(id);
          req.onsuccess = () => {
            db.close();
            resolve(req.result.map((c: any) => [c.streamId, c.seq, c.sha256, c.firstSample, c.sampleCount]));
          };
          req.onerror = () => reject(req.error);
        };
      }),
    sessionId,
  );
}

/** Opens Connect at `baseUrl`, connects the synthetic headset (`channels`: its channel count) and opens Live (as a person would). */
export async function connectSyntheticToLive(page: Page, baseUrl: string, options: { channels?: number } = {}): Promise<void> {
  await page.goto(`${baseUrl}/connect`);
  if (options.channels) await page.selectOption('#synth-channels', String(options.channels));
  await page.click('button[data-device="synthetic"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")');
  await page.getByRole('button', { name: 'Open Live view' }).click();
}

/** Presses Record on Live and waits until the recording runs. */
export async function startRecordingOnLive(page: Page): Promise<void> {
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]');
}

/** Drops a file on the library's drop zone with a real drop event, as a drag from the desktop does. */
export async function dropFileOnLibrary(page: Page, name: string, bytes: Buffer): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([fileName, b64]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], fileName));
      return dt;
    },
    [name, bytes.toString('base64')] as const,
  );
  await page.dispatchEvent('[data-testid="dropzone"]', 'drop', { dataTransfer: transfer });
}
