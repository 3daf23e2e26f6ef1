// An imported file keeps its meaning: a Mind Monitor CSV becomes separate streams (EEG, aux, motion,
// derived band powers, status) with their units, the library says their rates in words, and Live
// draws and analyses its EEG alone. The same file dropped again is recognised by its hash, and the
// library asks before making a second session of it. A BDF+ with EEG and an accelerometer, imported,
// ticked and exported as BIDS from the Sessions screen, arrives as a zip streamed into the picked file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { expect, test } from 'vitest';
import { exportRecording, readRecording } from '../../workers/formats/index.ts';
import { syntheticSession } from '../../workers/formats/test-support/synthetic-session.ts';
import { eegDataDir } from '../data/test-data.ts';
import { seriousViolations } from './axe.ts';
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

test('an imported session ticked and exported as BIDS: the zip streamed into the picked file lists the dataset, channels.tsv has every stream', async () => {
  const source = syntheticSession({ gap: null });
  const bytes = Buffer.from(exportRecording(source.recording(), 'bdf'));
  const page = await app.browser.context.newPage();
  // The save dialog cannot be answered in a headless browser: a stand-in file handle keeps what the page writes.
  await page.addInitScript(() => {
    const saved: { name: string; parts: number[][]; closed: boolean } = { name: '', parts: [], closed: false };
    Object.assign(window, {
      __savedExport: saved,
      showSaveFilePicker: async (options: { suggestedName: string }) => {
        saved.name = options.suggestedName;
        return {
          createWritable: async () => ({
            write: async (data: Uint8Array) => void saved.parts.push(Array.from(data)),
            close: async () => void (saved.closed = true),
            abort: async () => {},
          }),
        };
      },
    });
  });
  await page.goto(`${app.server.url}/sessions`);
  await page.waitForSelector('[data-testid="dropzone"]');
  await dropFileOnLibrary(page, 'sit.bdf', bytes);
  await page.locator('[data-testid="dropzone"] [role="status"]', { hasText: 'Imported sit.bdf' }).waitFor({ timeout: 30_000 });
  const session = (await readSessions(page)).find((s) => s.title === 'sit.bdf')!;
  await page
    .locator(`tr[data-session-id="${session.id}"]`)
    .getByRole('checkbox', { name: /Select “sit\.bdf” for export/ })
    .check();
  // The export panel and the row checkboxes, as axe sees the library with a session ticked.
  expect(await seriousViolations(page, 'sessions with a session ticked')).toEqual([]);
  await page.getByLabel('Export as').selectOption('bids');
  await page.getByRole('button', { name: 'Export 1 selected' }).click();
  await page.locator('[data-testid="export-status"]', { hasText: /^Exported / }).waitFor({ timeout: 30_000 });
  const saved = await page.evaluate(
    () => (window as unknown as { __savedExport: { name: string; parts: number[][]; closed: boolean } }).__savedExport,
  );
  expect(saved.closed).toBe(true);
  expect(saved.name).toMatch(/^2026-12-04T0305_sit-bdf_[0-9a-f]{8}_bids\.zip$/);
  const zip = unzipSync(Uint8Array.from(saved.parts.flat()));
  const stem = 'sub-01/ses-20261204T030512/eeg/sub-01_ses-20261204T030512_task-recording';
  expect(
    Object.keys(zip)
      .filter((p) => !p.startsWith('derivatives/'))
      .sort(),
  ).toEqual(
    [
      'README',
      'dataset_description.json',
      'participants.json',
      'participants.tsv',
      'sub-01/sub-01_sessions.json',
      'sub-01/sub-01_sessions.tsv',
      'sub-01/ses-20261204T030512/sub-01_ses-20261204T030512_scans.tsv',
      'sub-01/ses-20261204T030512/eeg/sub-01_ses-20261204T030512_electrodes.tsv',
      'sub-01/ses-20261204T030512/eeg/sub-01_ses-20261204T030512_coordsystem.json',
      `${stem}_channels.tsv`,
      `${stem}_eeg.edf`,
      `${stem}_eeg.json`,
      `${stem}_events.json`,
      `${stem}_events.tsv`,
    ].sort(),
  );
  // Band powers (the panel's default) are computed in the worker from the raw EEG.
  expect(Object.keys(zip).filter((p) => p.startsWith('derivatives/'))).toEqual([
    'derivatives/clisonix/dataset_description.json',
    `derivatives/clisonix/${stem}_desc-bandpowers_timeseries.csv`,
  ]);
  const text = (p: string) => new TextDecoder().decode(zip[p]);
  expect(
    text(`${stem}_channels.tsv`)
      .trim()
      .split('\n')
      .map((l) => l.split('\t').slice(0, 4).join(' ')),
  ).toEqual([
    'name type units sampling_frequency',
    'TP9 EEG uV 256',
    'AF7 EEG uV 256',
    'AF8 EEG uV 256',
    'TP10 EEG uV 256',
    'X ACCEL g 52',
    'Y ACCEL g 52',
    'Z ACCEL g 52',
  ]);
  expect(text(`${stem}_events.tsv`)).toBe('onset\tduration\ttrial_type\tvalue\n2.5\t0\tmarker\teyes closed\n14\t0\tmarker\teyes open\n');
  const edf = readRecording(zip[`${stem}_eeg.edf`]);
  expect(edf.channels.map((c) => `${c.label}@${c.sampleRateHz}`)).toEqual(['TP9@256', 'AF7@256', 'AF8@256', 'TP10@256', 'X@52', 'Y@52', 'Z@52']);
  expect(edf.channels[0].samples.length).toBe(20 * 256);
  await page.close();
}, 60_000);
