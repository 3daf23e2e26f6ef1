// Settings refuse a value that would break analysis where it is typed: the reason beside the field,
// the field marked invalid, nothing stored, and the Live analysis goes on with the last good value.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { expect, test } from 'vitest';
import { eegDataDir } from '../data/test-data.ts';
import { readRecording } from '../../workers/formats/index.ts';
import { useServerAndBrowser } from './harness.ts';
import { dropFileOnLibrary, readSessions } from './studio-helpers.ts';

const app = useServerAndBrowser();
const storedGamma = (page: import('playwright-core').Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('clisonix.settings.v1') ?? '{}').bands?.gamma ?? null);

test('an inverted band edge is refused with its reason and never stored; a good one is', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/settings`);
  await page.waitForSelector('#settings-title');
  const before = await storedGamma(page);
  await page.fill('#gamma-lo', '50');
  await page.press('#gamma-lo', 'Tab');
  await expect
    .poll(() => page.locator('[data-testid="problem-gamma"]').textContent())
    .toBe('gamma: the low edge (50 Hz) must be below the high edge (45 Hz).');
  expect(await page.getAttribute('#gamma-lo', 'aria-invalid')).toBe('true');
  expect(await page.getAttribute('#gamma-lo', 'aria-describedby')).toBe('gamma-problem');
  expect(await storedGamma(page)).toEqual(before);

  // The analysis runs on with the stored bands: no "Analysis stopped".
  await page.getByRole('link', { name: 'Connect', exact: true }).click();
  await page.click('button[data-device="synthetic"]');
  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.waitForSelector('[data-testid="spectrum"] canvas', { timeout: 15_000 });
  await page.waitForTimeout(1500);
  expect(await page.locator('text=Analysis stopped').count()).toBe(0);

  // A good value is stored and the reason goes away.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.fill('#gamma-lo', '35');
  await page.press('#gamma-lo', 'Tab');
  await expect.poll(() => storedGamma(page)).toEqual([35, 45]);
  expect(await page.locator('[data-testid="problem-gamma"]').textContent()).toBe('');
  expect(await page.getAttribute('#gamma-lo', 'aria-invalid')).toBeNull();
  await page.close();
}, 60_000);

test('your data: download all of it, delete the account on the server, wipe this browser, each after saying what goes', async () => {
  const name = 'data_2017-09-13-15.30.01.csv';
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/sessions`);
  await page.waitForSelector('[data-testid="dropzone"]');
  await dropFileOnLibrary(page, name, readFileSync(path.join(eegDataDir, name)));
  // Local mode syncs to its own server: wait until the session is there too.
  await expect.poll(async () => (await readSessions(page)).find((s) => s.title === name)?.sync.state, { timeout: 30_000 }).toBe('synced');
  const [session] = (await readSessions(page)).filter((s) => s.title === name);
  const onServer = async () => (await fetch(`${app.server.url}/api/v1/sessions/${session.id}`)).status;
  expect(await onServer()).toBe(200);

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const card = page.locator('[data-testid="my-data"]');
  const download = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Download all my data' }).click();
  const zip = unzipSync(new Uint8Array(readFileSync((await (await download).path())!)));
  const folder = Object.keys(zip)
    .find((f) => f.endsWith(`${session.id.slice(0, 8)}/recording.bdf`))!
    .replace('/recording.bdf', '');
  const bdf = readRecording(zip[`${folder}/recording.bdf`], 'recording.bdf');
  expect(bdf.channels.map((c) => c.label)).toEqual(session.streams.flatMap((s) => s.channels.map((c) => c.label)));
  expect(Object.keys(zip)).toContain(`${folder}/eeg.csv`);
  const serverExport = JSON.parse(new TextDecoder().decode(zip['server/clisonix-export.json']));
  expect(JSON.stringify(serverExport)).toContain(session.id);
  expect(await card.locator('[data-testid="my-data-result"]').textContent()).toMatch(/^Saved clisonix-my-data-\d{4}-\d\d-\d\d\.zip: 1 session\(s\)/);

  await card.getByRole('button', { name: 'Delete my account…' }).click();
  const erase = card.locator('[data-testid="confirm-erase"]');
  expect(await erase.textContent()).toContain(`every session stored there: their samples, markers, notes and analyses`);
  expect(await onServer()).toBe(200); // asking deletes nothing
  await erase.getByRole('button', { name: /^Delete my account on / }).click();
  await expect
    .poll(() => card.locator('[data-testid="my-data-result"]').textContent())
    .toMatch(/are deleted\. 1 session\(s\) stay in this browser; sync is off\./);
  expect(await onServer()).toBe(404);
  const kept = (await readSessions(page)).find((s) => s.id === session.id)!;
  expect(kept.sync).toMatchObject({ state: 'local', uploadedChunks: 0 });
  expect(await page.locator('[data-testid="sync-permission"]').textContent()).toMatch(/^Sync is off/);
  await page.waitForTimeout(1500);
  expect(await onServer()).toBe(404); // and sync does not send it back

  await card.getByRole('button', { name: 'Wipe this device…' }).click();
  const wipe = card.locator('[data-testid="confirm-wipe"]');
  expect(await wipe.textContent()).toMatch(/1 session\(s\) with their samples \(1 of them are on no server and will be gone for good/);
  await wipe.getByRole('button', { name: 'Wipe this device' }).click();
  await page.waitForEvent('load', { timeout: 15_000 });
  await page.waitForSelector('#settings-title');
  expect(await readSessions(page)).toEqual([]);
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clisonix.')));
  expect(keys).not.toContain('clisonix.sync-consent.v1');
  expect(await page.locator('[data-testid="my-data"] p.muted').first().textContent()).toMatch(/^0 session\(s\) in this browser/);
  await page.close();
}, 90_000);
