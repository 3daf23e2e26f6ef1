// An imported file keeps its meaning: a Mind Monitor CSV becomes separate streams (EEG, aux, motion,
// derived band powers, status) with their units, the library says their rates in words, and Live
// draws and analyses its EEG alone.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { eegDataDir } from '../data/test-data.ts';
import { useServerAndBrowser } from './harness.ts';
import { readSessions } from './studio-helpers.ts';

const app = useServerAndBrowser();

test('a Mind Monitor import: one stream per kind, rates in words, only its EEG on the Live lanes', async () => {
  const name = 'museS_monitor1.csv';
  const bytes = readFileSync(path.join(eegDataDir, name));
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/sessions`);
  await page.waitForSelector('[data-testid="dropzone"]');
  const transfer = await page.evaluateHandle(
    ([fileName, b64]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], fileName));
      return dt;
    },
    [name, bytes.toString('base64')] as const,
  );
  await page.dispatchEvent('[data-testid="dropzone"]', 'drop', { dataTransfer: transfer });
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
  // Replayed through Live: four lanes, the EEG's.
  const row = page.locator(`tr[data-session-id="${session.id}"]`);
  await row.getByRole('button', { name: 'Replay' }).click();
  await page.waitForSelector('[data-testid="live-source"]:has-text("Replay")');
  expect(await page.locator('[data-testid="timeseries"] .ts-label strong').allTextContents()).toEqual(['RAW_TP9', 'RAW_AF7', 'RAW_AF8', 'RAW_TP10']);
  await page.close();
}, 90_000);
