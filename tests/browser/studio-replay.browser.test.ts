// The replay as a player, in real headless Chromium against the real server: a recording with two
// markers replayed from the library shows its position and length, pauses where it is, seeks to a
// marker (the plot then ends on the marker's sample, and draws the marker there), plays at 4x,
// seeks by the slider, and stops at the end ready to play again.
import { expect, test } from 'vitest';
import { seriousViolations } from './axe.ts';
import { useServerAndBrowser } from './harness.ts';
import { connectSyntheticToLive, readChunkDigests, readSessions, shoot, startRecordingOnLive } from './studio-helpers.ts';

const app = useServerAndBrowser();
const RATE = 250;

interface StoredMarker {
  text: string;
  sample?: number;
}

test('replay: position and length, pause, seek by marker and slider, 4x, the end', async () => {
  const page = await app.browser.context.newPage();
  await connectSyntheticToLive(page, app.server.url);
  await startRecordingOnLive(page);
  await page.waitForTimeout(2500);
  await page.click('[data-testid="marker-button"]');
  await page.waitForTimeout(4000);
  await page.click('[data-testid="marker-button"]');
  await page.waitForTimeout(4000);
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]', { state: 'detached' });
  const [session] = (await readSessions(page)).sort((a, b) => b.startedAtMs - a.startedAtMs);
  const markers = session!.markers as StoredMarker[];
  expect(markers.map((m) => m.text)).toEqual(['Marker 1', 'Marker 2']);
  // The length is the stored span: the end of the last EEG chunk.
  const chunks = (await readChunkDigests(page, session!.id)).filter((c) => c[0] === 'eeg');
  const lengthSec = Math.max(...chunks.map((c) => c[3] + c[4])) / RATE;

  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await page.locator(`tr[data-session-id="${session!.id}"]`).getByRole('button', { name: 'Replay' }).click();
  await page.getByRole('button', { name: 'Disconnect and replay' }).click();
  const player = page.getByTestId('replay-player');
  await player.waitFor();
  const length = `${Math.floor(lengthSec / 60)}:${String(Math.floor(lengthSec) % 60).padStart(2, '0')}`;
  expect(await page.getByTestId('replay-position').textContent()).toMatch(new RegExp(`^0:0\\d / ${length}$`));
  const listed = await page
    .getByTestId('replay-marker')
    .evaluateAll((buttons) => buttons.map((b) => [b.textContent, Number((b as HTMLElement).dataset.sec)]));
  expect(listed.map(([text]) => text)).toEqual([expect.stringMatching(/^0:0[23] Marker 1$/), expect.stringMatching(/^0:0[67] Marker 2$/)]);
  expect(listed.map(([, sec]) => sec)).toEqual(markers.map((m) => m.sample! / RATE));

  // Pause: the position holds.
  await page.getByTestId('replay-toggle').click();
  expect(await player.getAttribute('data-playing')).toBe('false');
  const held = Number(await player.getAttribute('data-position-sec'));
  await page.waitForTimeout(1000);
  expect(Number(await player.getAttribute('data-position-sec'))).toBe(held);

  // Seek to Marker 2 (paused): the plot ends on its sample (the newest drawn) and draws the marker there.
  await page.getByTestId('replay-marker').nth(1).click();
  const target = markers[1]!.sample!;
  await expect.poll(() => page.locator('.ts-plot').getAttribute('data-end-sample'), { timeout: 10_000 }).toBe(String(target + 1));
  const drawn = page.locator('[data-testid="ts-marker"]', { hasText: 'Marker 2' });
  await drawn.waitFor();
  expect(Number(await drawn.getAttribute('data-sample'))).toBe(target);
  expect(await page.locator('[data-testid="ts-marker"]', { hasText: 'Marker 1' }).getAttribute('data-sample')).toBe(String(markers[0]!.sample));
  await shoot(page, 'replay-player');
  expect(await seriousViolations(page, 'Live (replay player)')).toEqual([]);

  // 4x from Marker 1: about four seconds of session per second.
  await page.getByTestId('replay-marker').nth(0).click();
  await expect.poll(() => page.locator('.ts-plot').getAttribute('data-end-sample'), { timeout: 10_000 }).toBe(String(markers[0]!.sample! + 1));
  await page.selectOption('[data-testid="replay-speed"]', '4');
  await page.getByTestId('replay-toggle').click();
  const from = Number(await player.getAttribute('data-position-sec'));
  const startedAt = Date.now();
  await page.waitForTimeout(1000);
  const moved = Number(await player.getAttribute('data-position-sec')) - from;
  const wallSec = (Date.now() - startedAt) / 1000;
  expect(moved).toBeGreaterThan(4 * (wallSec - 0.5));
  expect(moved).toBeLessThan(4 * (wallSec + 0.5));

  // The slider: seek to 1.0 s, paused there; the plot ends at sample 250.
  await page.getByTestId('replay-toggle').click();
  expect(await player.getAttribute('data-playing')).toBe('false');
  await page.$eval('[data-testid="replay-seek"]', (input: HTMLInputElement) => {
    input.value = '1';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect.poll(() => page.locator('.ts-plot').getAttribute('data-end-sample'), { timeout: 10_000 }).toBe(String(RATE));
  expect(await page.getByTestId('replay-position').textContent()).toBe(`0:01 / ${length}`);

  // At 8x to the end: it stops there, and Play starts over.
  await page.selectOption('[data-testid="replay-speed"]', '8');
  await page.getByTestId('replay-toggle').click();
  await expect.poll(() => player.getAttribute('data-playing'), { timeout: 10_000 }).toBe('false');
  expect(Number(await player.getAttribute('data-position-sec'))).toBeCloseTo(lengthSec, 1);
  expect(await page.getByTestId('replay-toggle').textContent()).toBe('Play');
  await page.close();
}, 120_000);
