// Recording goes on while the page's main thread is busy: the acquisition worker writes IndexedDB
// itself, so a page blocked for 2 s every 5 s loses nothing of the recording.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { useServerAndBrowser } from './harness.ts';
import { readChunkDigests, readSessions, type PageSession } from './studio-helpers.ts';

const RATE = 250;
const app = useServerAndBrowser();

type Chunk = [string, number, string, number, number];

/** Every stored chunk follows the one before it: no sample lost, none invented. */
function expectContiguous(chunks: Chunk[], durable: number): void {
  expect(chunks[0][3]).toBe(0);
  chunks.slice(1).forEach((c, i) => expect(c[3]).toBe(chunks[i][3] + chunks[i][4]));
  expect(chunks.reduce((n, c) => n + c[4], 0)).toBe(durable);
}

async function connectAndRecord(page: Page): Promise<number> {
  await page.goto(app.server.url);
  await page.getByRole('link', { name: 'Connect', exact: true }).click();
  await page.click('button[data-device="synthetic"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")');
  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]');
  return Date.now();
}

async function stopAndRead(page: Page): Promise<{ session: PageSession & { gaps?: unknown[] }; chunks: Chunk[] }> {
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]', { state: 'detached', timeout: 30_000 });
  const [session] = (await readSessions(page)).sort((a, b) => b.startedAtMs - a.startedAtMs);
  const chunks = (await readChunkDigests(page, session.id)).filter((c) => c[0] === 'eeg').sort((a, b) => a[1] - b[1]);
  return { session, chunks };
}

test('a page whose main thread is blocked for 2 s every 5 s loses nothing of the recording', async () => {
  const page = await app.browser.context.newPage();
  const startedAt = await connectAndRecord(page);
  await page.evaluate(() => {
    const block = () => {
      const until = performance.now() + 2000;
      while (performance.now() < until) {
        /* the page is busy */
      }
    };
    (window as unknown as { blocker: number }).blocker = window.setInterval(block, 5000);
  });
  await page.waitForTimeout(31_000);
  await page.evaluate(() => clearInterval((window as unknown as { blocker: number }).blocker));
  const stoppedAt = Date.now();
  const { session, chunks } = await stopAndRead(page);
  expect(session.gaps ?? []).toEqual([]);
  const durable = session.durableSamples.eeg;
  expectContiguous(chunks, durable);
  expect(Math.abs(durable - ((stoppedAt - startedAt) / 1000) * RATE)).toBeLessThan(RATE);
  expect(durable).toBeGreaterThan(RATE * 30);
  await page.close();
}, 120_000);
