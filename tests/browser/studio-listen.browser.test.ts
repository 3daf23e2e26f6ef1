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
