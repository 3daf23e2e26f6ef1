// Listen screen in headless Chromium (a real AudioContext runs headless with no device): a preset
// plays through the JONA worklet, voices change live, an SBaGen schedule previews its timeline, and
// a WAV renders with progress to a valid RIFF file.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { useServerAndBrowser } from './harness.ts';
import { shoot } from './studio-helpers.ts';

const app = useServerAndBrowser();

test('play a preset, change a voice, preview an SBaGen schedule, render a WAV', async () => {
  const page = await app.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${app.server.url}/listen`);
  await page.waitForSelector('#listen-title');
  await page.fill('#minutes', '1');
  await page.dispatchEvent('#minutes', 'change');
  await page.click('[data-testid="play-preset"]');
  await page.waitForSelector('[data-testid="now-playing"]');
  // The worklet is processing audio quanta (stats come from the worklet itself).
  await page.waitForSelector('[data-testid="audio-stats"]', { timeout: 15_000 });
  expect(await page.locator('[data-testid="audio-stats"]').textContent()).toMatch(/Audio load \d+ % of budget · 0 underruns/);
  await page.locator('#voice-0').fill('0.2');
  expect(await page.locator('label[for="voice-0"]').textContent()).toMatch(/20 %/);
  await page.click('[data-testid="sbg-preview"]');
  const rows = page.locator('[data-testid="sbg-timeline"] tbody tr');
  await rows.first().waitFor();
  expect(await rows.count()).toBe(3);
  expect(await rows.nth(1).textContent()).toMatch(/5:00.*slow/);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  // Render the 1-minute preset (48 kHz, 16-bit stereo) in the render worker.
  await page.click('[data-testid="render-wav"]');
  const link = page.getByRole('link', { name: 'Download WAV' });
  await link.waitFor({ timeout: 60_000 });
  expect(await page.locator('[data-testid="render-state"] progress').getAttribute('value')).toBe('1');
  const download = page.waitForEvent('download');
  await link.click();
  const wav = readFileSync((await (await download).path())!);
  expect(wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
  expect(wav.subarray(8, 12).toString('ascii')).toBe('WAVE');
  expect(wav.readUInt32LE(24)).toBe(48000);
  // 60 s x 48000 frames x 2 channels x 2 bytes of data after the 44-byte header.
  expect(wav.length).toBe(44 + 60 * 48000 * 4);
  await shoot(page, 'screen-listen-playing');
  expect(errors).toEqual([]);
}, 120_000);

test('"Now playing" describes what the worklet plays: not the preset being edited, and a schedule by its step', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/listen`);
  await page.waitForSelector('#listen-title');
  await page.click('[data-testid="play-preset"]');
  await page.waitForSelector('[data-testid="now-playing"]');
  const voices = () => page.locator('[data-testid="now-playing-voice"]').allTextContents();
  expect(await page.locator('[data-testid="now-playing"]').textContent()).toBe('relax 10 Hz');
  expect(await voices()).toEqual([
    expect.stringMatching(/^Voice 1: binaural 200 Hz ±10 Hz — \d+ %$/),
    expect.stringMatching(/^Voice 2: pink — \d+ %$/),
  ]);
  // Choosing another preset without pressing Play changes nothing that plays, so nothing shown.
  await page.selectOption('#mode', 'meditate');
  expect(await page.locator('[data-testid="now-playing"]').textContent()).toBe('relax 10 Hz');
  expect((await voices())[0]).toMatch(/binaural 200 Hz ±10 Hz/);
  // A schedule: its own voices and the step heard now, no level sliders (the schedule sets them).
  await page.click('[data-testid="sbg-preview"]');
  await page.getByRole('button', { name: 'Play schedule' }).click();
  await page.waitForSelector('[data-testid="now-playing"]:has-text("SBaGen schedule")');
  await page.waitForSelector('[data-testid="now-playing-step"]');
  expect(await page.locator('[data-testid="now-playing-step"]').textContent()).toMatch(
    /^Step base \(.*200.*10.*pink.*\); the schedule sets the tones and levels\.$/,
  );
  // The preset's voices are gone from the list, and no level slider fights the schedule.
  expect(await voices()).toEqual([]);
  expect(await page.locator('#voice-0').count()).toBe(0);
  // Leaving Listen and coming back shows the same.
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await page.getByRole('link', { name: 'Listen', exact: true }).click();
  expect(await page.locator('[data-testid="now-playing"]').textContent()).toBe('SBaGen schedule');
  expect(await page.locator('[data-testid="now-playing-step"]').textContent()).toMatch(/^Step base/);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.waitForSelector('text=Nothing is playing.');
  await page.close();
}, 60_000);

test('audio starts without an underrun: the first quanta are as fast as the rest, start after start', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/listen`);
  await page.waitForSelector('#listen-title');
  const starts: Array<{ quanta: number; underruns: number }> = [];
  for (let i = 0; i < 5; i++) {
    await page.click('[data-testid="play-preset"]');
    await page.waitForTimeout(1000);
    starts.push(
      await page.evaluate(() => {
        const stats = (
          globalThis as unknown as { clisonixAudio: { statsNow(): { quanta: number; underruns: number } | null } }
        ).clisonixAudio.statsNow()!;
        return { quanta: stats.quanta, underruns: stats.underruns };
      }),
    );
  }
  for (const s of starts) expect(s.quanta).toBeGreaterThan(200); // about 1 s of 128-frame quanta (344 at 44.1 kHz)
  expect(starts.map((s) => s.underruns)).toEqual([0, 0, 0, 0, 0]);
  await page.close();
}, 60_000);
