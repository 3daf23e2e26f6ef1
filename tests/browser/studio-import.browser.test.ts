// An imported file keeps its meaning: a Mind Monitor CSV becomes separate streams (EEG, aux, motion,
// derived band powers, status) with their units, the library says their rates in words, and Live
// draws and analyses its EEG alone. The same file dropped again is recognised by its hash, and the
// library asks before making a second session of it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { eegDataDir } from '../data/test-data.ts';
import { useServerAndBrowser } from './harness.ts';
import { dropFileOnLibrary, readSessions } from './studio-helpers.ts';

const app = useServerAndBrowser();

test('a Mind Monitor import: one stream per kind, rates in words, a second drop of it asked about, only its EEG on the Live lanes', async () => {
  const name = 'museS_monitor1.csv';
  const bytes = readFileSync(path.join(eegDataDir, name));
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/sessions`);
  await page.waitForSelector('[data-testid="dropzone"]');
  const drop = () => dropFileOnLibrary(page, name, bytes);
  await drop();
  const status = page.locator('[data-testid="dropzone"] [role="status"]', { hasText: `Imported ${name}` });
  await status.waitFor({ timeout: 60_000 });
  expect(await status.textContent()).toMatch(
    /Imported museS_monitor1\.csv: 4 EEG channels, 1 sample per second; 1 auxiliary channel, 1 sample per second; .*20 band powers, 1 sample per second/,
  );
  const session = (await readSessions(page)).find((s) => s.title === name)!;
  expect(session.streams.map((s) => [s.id, s.kind, s.channels.length, s.channels[0].unit])).toEqual([
    ['eeg', 'eeg', 4, 'uV'],
    ['aux', 'aux', 1, 'uV'],
    ['accel', 'accel', 3, 'g'],
    ['gyro', 'gyro', 3, 'deg/s'],
    ['band-power', 'other', 20, 'B'],
    ['status', 'status', 6, 'unknown'],
  ]);
  // The same file again: the library recognises it and asks; skipping keeps one session, and
  // choosing to import again makes a second one.
  const sameTitle = async () => (await readSessions(page)).filter((s) => s.title === name).length;
  await drop();
  const question = page.locator('[data-testid="reimport-question"]');
  await question.waitFor();
  expect(await question.textContent()).toMatch(/museS_monitor1\.csv is already in the library as “museS_monitor1\.csv”/);
  expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip it');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="dropzone"] [role="status"]:has-text("Skipped museS_monitor1.csv")');
  expect(await sameTitle()).toBe(1);
  await drop();
  await question.getByRole('button', { name: 'Import again' }).click();
  await expect.poll(sameTitle, { timeout: 30_000 }).toBe(2);
  // Replayed through Live: four lanes, the EEG's.
  const row = page.locator(`tr[data-session-id="${session.id}"]`);
  await row.getByRole('button', { name: 'Replay' }).click();
  await page.waitForSelector('[data-testid="live-source"]:has-text("Replay")');
  expect(await page.locator('[data-testid="timeseries"] .ts-label strong').allTextContents()).toEqual(['RAW_TP9', 'RAW_AF7', 'RAW_AF8', 'RAW_TP10']);
  await page.close();
}, 90_000);
