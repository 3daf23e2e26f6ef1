// End-to-end encrypted sessions in real headless Chromium against the real server (local mode: the
// one implicit account). The person sets a passphrase in Settings and records the synthetic headset's
// signal with a note; sync sends it encrypted. A fresh browser profile on the same account cannot read
// it until it is unlocked, gets "Wrong passphrase" for a wrong one, and with the right one downloads it
// with every chunk hash-identical to the original plaintext. Then, with the server stopped, its
// database (the PGlite data folder, opened directly) holds none of the recorded sample values, the note
// or the marker text: only ciphertext.
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, startServer, type LaunchedBrowser, type RunningServer } from './harness.ts';
import { connectSyntheticToLive, readChunkDigests, readSessions, shoot, startRecordingOnLive } from './studio-helpers.ts';

const PASSPHRASE = 'seven quiet lanterns drift over Lake Ohrid';
const NOTE = 'NOTE-7f3a: felt drowsy after the breathing block';
/** The text the studio gives the first marker of a recording. */
const MARKER = 'Marker 1';

let server: RunningServer;
let first: LaunchedBrowser;
let second: LaunchedBrowser | undefined;
beforeAll(async () => {
  server = await startServer();
  first = await launchBrowser();
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await server?.stop();
});

/** The plain bytes of every chunk of a session in the page's IndexedDB, base64 by "stream/seq". */
function readChunkBytes(page: Page, sessionId: string): Promise<Record<string, string>> {
  return page.evaluate(
    (id) =>
      new Promise<Record<string, string>>((resolve, reject) => {
        const open = indexedDB.open('clisonix-studio-v1');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('chunks').objectStore('chunks').index('by-session').getAll(id);
          req.onsuccess = () => {
            open.result.close();
            const b64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
            resolve(Object.fromEntries(req.result.map((c: any) => [`${c.streamId}/${c.seq}`, b64(c.bytes)])));
          };
          req.onerror = () => reject(req.error);
        };
      }),
    sessionId,
  );
}

const card = (page: Page) => page.getByRole('region', { name: 'End-to-end encryption' });
const status = (page: Page) => card(page).getByTestId('e2e-status').textContent();

test('an encrypted session reaches the server as ciphertext only; a fresh browser needs the passphrase and restores it hash-identically', async () => {
  const page = await first.context.newPage();
  await page.goto(`${server.url}/settings`);
  await expect.poll(() => status(page)).toMatch(/^Off: /);
  await card(page).getByLabel('Encrypt my sessions end to end').check();
  await page.fill('#e2e-passphrase', 'short');
  expect(await card(page).getByTestId('e2e-strength').textContent()).toMatch(/^Strength: too short/);
  expect(await card(page).getByTestId('e2e-warning').textContent()).toMatch(
    /If you lose this passphrase, your encrypted sessions are lost\. Nobody can recover them/,
  );
  await page.fill('#e2e-passphrase', PASSPHRASE);
  expect(await card(page).getByTestId('e2e-strength').textContent()).toMatch(/^Strength: strong \(about \d+ bits\)/);
  await page.fill('#e2e-passphrase-again', PASSPHRASE);
  await card(page).getByRole('button', { name: 'Encrypt my sessions' }).click();
  await expect.poll(() => status(page), { timeout: 15_000 }).toMatch(/^On: new sessions are encrypted in this browser/);
  await shoot(page, 'settings-e2e-on');
  const account = await (await fetch(`${server.url}/api/v1/me/encryption`)).json();
  expect(account).toMatchObject({ enabled: true, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 } });

  // Record the synthetic headset with a marker, then write a note.
  await connectSyntheticToLive(page, server.url);
  await startRecordingOnLive(page);
  await page.waitForTimeout(1500);
  await page.click('[data-testid="marker-button"]');
  await page.waitForTimeout(2000);
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]', { state: 'detached' });
  const [session] = await readSessions(page);
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  const row = page.locator(`tr[data-session-id="${session.id}"]`);
  await row.getByRole('button', { name: 'Notes' }).click();
  await page.fill(`#notes-${session.id}`, NOTE);
  await page.getByRole('button', { name: 'Save notes' }).click();
  await page.waitForSelector(`tr[data-session-id="${session.id}"][data-sync-state="synced"]`, { timeout: 30_000 });
  const original = await readChunkDigests(page, session.id);
  const plainChunks = await readChunkBytes(page, session.id);
  const local = (await readSessions(page)).find((s) => s.id === session.id)!;
  expect(original.length).toBeGreaterThan(3);

  // What the server holds: the metadata says encrypted, without the note or the title.
  const onServer = await (await fetch(`${server.url}/api/v1/sessions/${session.id}`)).json();
  expect(onServer.metadata.encryption.scheme).toBe('clisonix-e2e-1');
  expect(onServer.metadata.notes).toBe('');
  expect(onServer.metadata.title).toBeUndefined();
  expect(onServer.metadata.encryption.notes).toMatch(/^[A-Za-z0-9+/]+=*$/);

  // A fresh profile on the same account: locked, cannot download, "Wrong passphrase", then unlocked.
  second = await launchBrowser();
  const other = await second.context.newPage();
  await other.goto(`${server.url}/sessions`);
  const remote = other.locator('[data-testid="remote-sessions"] li').first();
  await expect.poll(() => remote.textContent(), { timeout: 15_000 }).toMatch(/^Synthetic headset .* · end-to-end encrypted/);
  await remote.getByRole('button', { name: 'Download' }).click();
  await expect
    .poll(() => remote.textContent(), { timeout: 15_000 })
    .toMatch(/This session is end-to-end encrypted: enter your passphrase in Settings/);
  await other.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect.poll(() => status(other), { timeout: 15_000 }).toMatch(/^Locked: /);
  await other.fill('#e2e-unlock', 'seven quiet lanterns drift over Lake Prespa');
  await card(other).getByRole('button', { name: 'Unlock' }).click();
  await expect.poll(() => card(other).getByRole('alert').textContent(), { timeout: 15_000 }).toBe('Wrong passphrase');
  await shoot(other, 'settings-e2e-wrong-passphrase');
  await other.fill('#e2e-unlock', PASSPHRASE);
  await card(other).getByRole('button', { name: 'Unlock' }).click();
  await expect.poll(() => status(other), { timeout: 15_000 }).toMatch(/^On: /);
  await other.getByRole('link', { name: 'Sessions', exact: true }).click();
  await other.locator('[data-testid="remote-sessions"] li').first().getByRole('button', { name: 'Download' }).click();
  await other.locator(`tr[data-session-id="${session.id}"]`).waitFor({ timeout: 30_000 });
  expect(await readChunkDigests(other, session.id)).toEqual(original);
  const restored = (await readSessions(other)).find((s) => s.id === session.id)! as typeof local & { notes: string };
  expect(restored.notes).toBe(NOTE);
  expect(restored.title).toBe(local.title);
  expect(restored.durableSamples).toEqual(local.durableSamples);

  // The database itself, read from the PGlite data folder with the server stopped.
  await server.stop();
  const db = new PGlite(path.join(server.dataDir, 'pglite')); // api/src/db/client.ts keeps it there
  const chunks = (await db.query<{ data: Uint8Array }>('select data from chunks')).rows.map((r) => Buffer.from(r.data));
  const texts = (
    await db.query<{ t: string }>(
      "select metadata::text as t from sessions union all select coalesce(title, '') from sessions union all select text from session_events",
    )
  ).rows.map((r) => r.t);
  const markers = (await db.query<{ text: string }>("select text from session_events where kind = 'marker'")).rows;
  await db.close();
  expect(chunks.length).toBe(original.length);
  expect(markers).toHaveLength(1);
  expect(markers[0].text).toMatch(/^[A-Za-z0-9+/]{40,}=*$/);
  const everything = Buffer.concat([...chunks, Buffer.from(texts.join('\n'))]);
  // 12-byte runs (three consecutive float32 samples of one channel) taken across every chunk: each is in
  // the plain chunk it came from (the probe works), none is anywhere in the database.
  const probes = Object.values(plainChunks).flatMap((b64) => {
    const bytes = Buffer.from(b64, 'base64');
    return [24, 24 + 400, bytes.length - 12].filter((at) => at >= 24 && at + 12 <= bytes.length).map((at) => bytes.subarray(at, at + 12));
  });
  expect(probes.length).toBeGreaterThan(2 * original.length);
  for (const probe of probes) expect(Buffer.concat(Object.values(plainChunks).map((b) => Buffer.from(b, 'base64'))).includes(probe)).toBe(true);
  expect(probes.filter((probe) => everything.includes(probe))).toEqual([]);
  for (const secret of [NOTE, MARKER, ...(local.title ? [local.title] : [])]) expect(everything.includes(Buffer.from(secret))).toBe(false);
}, 120_000);
