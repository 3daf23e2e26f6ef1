// Sync edge cases against the real server: a metadata edit made on another device conflicts with a
// local edit (409), is shown with both versions and resolved by the user, never silently
// overwritten; a session recorded on another device is listed and downloaded intact.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { encodeChunk, sha256Hex } from '../../api/src/contract/chunk.ts';
import { eegDataDir } from '../data/test-data.ts';
import { useServerAndBrowser } from './harness.ts';
import { dropFileOnLibrary, readChunkDigests, readSessions, shoot } from './studio-helpers.ts';

const app = useServerAndBrowser();

test('a notes edit made elsewhere conflicts (409): both versions shown, the user decides', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(app.server.url);
  await page.click('button[data-device="synthetic"]');
  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.click('[data-testid="record-button"]');
  await page.waitForTimeout(3000);
  await page.click('[data-testid="record-button"]');
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  const [session] = await readSessions(page);
  const row = page.locator(`tr[data-session-id="${session.id}"]`);
  await page.waitForSelector(`tr[data-session-id="${session.id}"][data-sync-state="synced"]`, { timeout: 60_000 });
  // The upload ran in the sync worker, and the recording in the acquisition worker, not on the page.
  expect(page.workers().map((w) => path.basename(new URL(w.url()).pathname).split('-')[0])).toEqual(
    expect.arrayContaining(['sync.worker', 'acquisition.worker']),
  );

  // "Another device" edits the notes on the server, with the right If-Match.
  const current = await fetch(`${app.server.url}/api/v1/sessions/${session.id}`);
  const etag = current.headers.get('etag')!;
  const { metadata } = await current.json();
  const other = await fetch(`${app.server.url}/api/v1/sessions/${session.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'if-match': etag },
    body: JSON.stringify({ ...metadata, notes: 'edited on the phone' }),
  });
  expect(other.status).toBe(200);

  // This browser edits the same notes, still holding the old ETag.
  await row.getByRole('button', { name: 'Notes' }).click();
  await page.fill(`#notes-${session.id}`, 'edited in the studio');
  await page.getByRole('button', { name: 'Save notes' }).click();
  await page.waitForSelector(`tr[data-session-id="${session.id}"][data-sync-state="conflict"]`, { timeout: 30_000 });
  const conflict = row.getByRole('group', { name: 'Sync conflict' });
  expect(await conflict.textContent()).toMatch(/edited on the phone.*edited in the studio/s);
  expect(await page.locator('[data-testid="sync-badge"]').textContent()).toMatch(/conflict/);
  // Nothing was overwritten on the server while the conflict waits.
  expect((await (await fetch(`${app.server.url}/api/v1/sessions/${session.id}`)).json()).metadata.notes).toBe('edited on the phone');
  await shoot(page, 'sessions-conflict');

  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await page.waitForSelector(`tr[data-session-id="${session.id}"][data-sync-state="synced"]`, { timeout: 30_000 });
  const after = await (await fetch(`${app.server.url}/api/v1/sessions/${session.id}`)).json();
  expect(after.metadata.notes).toBe('edited in the studio');
  expect(after.version).toBe(3);
  await page.close();
}, 120_000);

test('a session recorded on another device is listed and downloaded with every chunk verified', async () => {
  const id = crypto.randomUUID();
  const metadata = {
    device: { name: 'Other laptop' },
    streams: [
      {
        id: 'eeg',
        kind: 'eeg',
        sampleRateHz: 128,
        channels: [
          { label: 'Cz', unit: 'uV' },
          { label: 'Pz', unit: 'uV' },
        ],
      },
    ],
    startTime: '2026-01-02T03:04:05.000Z',
    timeBase: 'sample-rate',
    tags: [],
    notes: 'recorded elsewhere',
  };
  expect(
    (
      await fetch(`${app.server.url}/api/v1/sessions/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(metadata),
      })
    ).status,
  ).toBe(201);
  const hashes: string[] = [];
  for (let seq = 0; seq < 3; seq++) {
    const channels = [
      Float32Array.from({ length: 128 }, (_, i) => Math.sin((seq * 128 + i) / 10) * 20),
      Float32Array.from({ length: 128 }, (_, i) => i - 64),
    ];
    const bytes = encodeChunk({ firstSample: seq * 128, channels });
    const sha = await sha256Hex(bytes);
    hashes.push(sha);
    const res = await fetch(`${app.server.url}/api/v1/sessions/${id}/streams/eeg/chunks/${seq}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.clisonix.chunk', 'x-chunk-sha256': sha },
      body: bytes,
    });
    expect(res.status).toBe(201);
  }
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/sessions`);
  const remote = page.locator('[data-testid="remote-sessions"] li', { hasText: 'Other laptop' });
  await remote.waitFor({ timeout: 30_000 });
  await shoot(page, 'sessions-remote');
  await remote.getByRole('button', { name: 'Download' }).click();
  const row = page.locator(`tr[data-session-id="${id}"]`);
  await row.waitFor({ timeout: 30_000 });
  expect(await row.textContent()).toMatch(/from another device/);
  expect((await readChunkDigests(page, id)).map((c) => c[2])).toEqual(hashes);
  const stored = (await readSessions(page)).find((s) => s.id === id)!;
  expect(stored.durableSamples.eeg).toBe(384);
  expect(stored.sync.state).toBe('synced');
  await row.getByRole('button', { name: 'Replay' }).click();
  await page.waitForSelector('[data-testid="live-source"]:has-text("2 ch @ 128 Hz")');
}, 120_000);

test('a file dropped on the library becomes a session (chunked, hashed) that syncs like a recording', async () => {
  const file = path.join(eegDataDir, 'S001R01.edf');
  const bytes = readFileSync(file);
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/sessions`);
  await page.waitForSelector('[data-testid="dropzone"]');
  await dropFileOnLibrary(page, 'S001R01.edf', bytes);
  await page.waitForSelector('[data-testid="dropzone"] [role="status"]:has-text("Imported S001R01.edf")', { timeout: 60_000 });
  const row = page.locator('tr[data-status="imported"]');
  await row.waitFor();
  const session = (await readSessions(page)).find((s) => s.title === 'S001R01.edf')!;
  // EEG Motor Movement/Imagery S001R01: 64 EEG channels at 160 Hz, 61 s (plus its annotation channel).
  expect(session.streams[0].channels.length).toBe(64);
  expect(session.streams[0].sampleRateHz).toBe(160);
  expect(session.durableSamples.eeg).toBe(9760);
  await page.waitForSelector(`tr[data-session-id="${session.id}"][data-sync-state="synced"]`, { timeout: 60_000 });
  const list = await (await fetch(`${app.server.url}/api/v1/sessions/${session.id}/streams/eeg/chunks?limit=1000`)).json();
  expect(list.chunks.map((c: any) => c.sha256)).toEqual(
    (await readChunkDigests(page, session.id))
      .filter((c) => c[0] === 'eeg')
      .sort((a, b) => a[1] - b[1])
      .map((c) => c[2]),
  );
}, 120_000);
