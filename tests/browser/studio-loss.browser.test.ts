// Loss is shown where it happens: the synthetic headset's link dropped for 2 s during a recording
// shows on Live as a count and share of lost samples (a warning above 1 %), the stored counter holds
// the samples kept, and the library row shows the span with what of it is missing.
import { expect, test } from 'vitest';
import { useServerAndBrowser } from './harness.ts';
import { connectSyntheticToLive, readSessions, startRecordingOnLive } from './studio-helpers.ts';

const RATE = 250;
const app = useServerAndBrowser();

test('a 2 s link drop while recording: counted on Live, kept vs span in the store and in the library', async () => {
  const page = await app.browser.context.newPage();
  await connectSyntheticToLive(page, app.server.url);
  await startRecordingOnLive(page);
  await page.waitForTimeout(3000);
  expect(await page.locator('[data-testid="rec-lost"]').count()).toBe(0);
  await page.getByRole('link', { name: 'Connect', exact: true }).click();
  await page.click('[data-testid="simulate-drop"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")', { timeout: 15_000 });
  await page.getByRole('link', { name: 'Live', exact: true }).click();
  const lost = page.locator('[data-testid="rec-lost"]');
  await lost.waitFor({ timeout: 15_000 });
  await page.waitForTimeout(3000);
  const shownMissing = Number(await lost.getAttribute('data-missing-samples'));
  expect(Math.abs(shownMissing - 2 * RATE)).toBeLessThan(0.4 * RATE);
  expect(await lost.textContent()).toMatch(/^lost \d{3} samples \(\d+\.\d %\)$/);
  expect(await lost.getAttribute('class')).toBe('warn-text');
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]', { state: 'detached', timeout: 30_000 });

  const [session] = (await readSessions(page)).sort((a, b) => b.startedAtMs - a.startedAtMs);
  const stored = session as unknown as {
    durableSamples: Record<string, number>;
    durableEndSample: Record<string, number>;
    gaps: Array<{ streamId: string; lengthSamples: number }>;
  };
  const gapSamples = stored.gaps.filter((g) => g.streamId === 'eeg').reduce((n, g) => n + g.lengthSamples, 0);
  expect(gapSamples).toBe(shownMissing);
  // Kept + missing = span, per stream.
  expect(stored.durableSamples.eeg + gapSamples).toBe(stored.durableEndSample.eeg);
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  const cell = page.locator(`tr[data-session-id="${session.id}"] [data-testid="session-duration"]`);
  await cell.waitFor();
  expect(await cell.textContent()).toMatch(/^\d+:\d\d, 0:02 missing \(\d+ % of (eeg|accel)\)$/);
  expect(await cell.getAttribute('class')).toBe('warn-text');
  await page.close();
}, 90_000);
