// "Download all my data": the zip holds every session as BDF+ and per-stream CSV that read back to the
// stored samples, the session's metadata, the settings without the login token, and the server's
// export byte for byte; what could not be included is said in README.txt.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, expect, test } from 'vitest';
import { eegDataDir } from '../../../../tests/data/test-data.ts';
import { readRecording } from '../../../../workers/formats/index.ts';
import { listChunks } from '../../../../workers/storage/chunk-store.ts';
import { closeStudioDb, openStudioDb } from '../../../../workers/storage/db.ts';
import { newSession } from '../../../../workers/storage/new-session.ts';
import { listSessions, putSession } from '../../../../workers/storage/session-store.ts';
import { sessionToRecording } from '../sessions/session-recording.ts';
import { storeImportedRecording } from '../sessions/store-recording.ts';
import { buildMyDataArchive, sessionFolderName } from './my-data-archive.ts';
import { studioSettingsEntries } from './studio-storage-keys.ts';

const DB = `my-data-archive-${Math.random()}`;
afterAll(() => closeStudioDb(DB));
const text = new TextDecoder();

class MemoryStorage {
  private map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  clear() {
    this.map.clear();
  }
}

test('every session as BDF+ and CSV that read back to the stored samples, settings without the token, the server export as sent', async () => {
  const db = await openStudioDb(DB);
  const name = 'data_2017-09-13-15.30.01.csv';
  const bytes = readFileSync(path.join(eegDataDir, name));
  const session = await storeImportedRecording(db, readRecording(new Uint8Array(bytes), name), name);
  const chunks = await listChunks(db, session.id);
  const storage = new MemoryStorage();
  storage.setItem('clisonix.settings.v1', JSON.stringify({ token: 'eyJ.secret.jwt', mainsHz: 50 }));
  storage.setItem('clisonix.sync-consent.v1', JSON.stringify({ 'https://lab.example': { version: 'v', grantedAtMs: 1 } }));
  storage.setItem('other-app', 'not ours');
  const serverBytes = new TextEncoder().encode('{"sessions":[{"id":"x"}]}');

  const archive = await buildMyDataArchive({
    sessions: await listSessions(db),
    chunksOf: (id) => listChunks(db, id),
    settings: studioSettingsEntries(storage as unknown as Storage),
    server: { bytes: serverBytes },
    nowMs: Date.UTC(2026, 11, 4),
  });
  expect(archive.fileName).toBe('clisonix-my-data-2026-12-04.zip');
  expect(archive.problems).toEqual([]);
  const files = unzipSync(new Uint8Array(await archive.blob.arrayBuffer()));
  const folder = `this-browser/sessions/${sessionFolderName(session)}`;
  expect(Object.keys(files).sort()).toEqual(
    [
      'README.txt',
      'server/clisonix-export.json',
      'this-browser/settings.json',
      `${folder}/session.json`,
      `${folder}/recording.bdf`,
      ...session.streams.map((s) => `${folder}/${s.id}.csv`),
    ].sort(),
  );

  const stored = sessionToRecording(session, chunks);
  const bdf = readRecording(files[`${folder}/recording.bdf`], 'recording.bdf');
  expect(bdf.channels.map((c) => c.label)).toEqual(stored.channels.map((c) => c.label));
  const eeg = session.streams[0];
  const csv = readRecording(files[`${folder}/${eeg.id}.csv`], `${eeg.id}.csv`);
  const exact = sessionToRecording(session, chunks, [eeg.id]);
  expect(csv.channels.length).toBe(exact.channels.length);
  for (let c = 0; c < exact.channels.length; c++) {
    expect(Array.from(csv.channels[c].samples)).toEqual(Array.from(exact.channels[c].samples));
    // BDF+ is 24-bit over the channel's range: within one step of it.
    const range = Math.max(...exact.channels[c].samples) - Math.min(...exact.channels[c].samples);
    const step = range / (2 ** 24 - 1);
    const written = bdf.channels[c].samples;
    expect(written.length).toBe(exact.channels[c].samples.length);
    let worst = 0;
    for (let i = 0; i < written.length; i++) worst = Math.max(worst, Math.abs(written[i] - exact.channels[c].samples[i]));
    expect(worst).toBeLessThanOrEqual(step);
  }

  expect(JSON.parse(text.decode(files[`${folder}/session.json`])).id).toBe(session.id);
  expect(files['server/clisonix-export.json']).toEqual(serverBytes);
  const settings = JSON.parse(text.decode(files['this-browser/settings.json']));
  expect(settings).toEqual({
    'clisonix.settings.v1': { mainsHz: 50 },
    'clisonix.sync-consent.v1': { 'https://lab.example': { version: 'v', grantedAtMs: 1 } },
  });
  expect(text.decode(files['README.txt'])).toContain('server/clisonix-export.json: everything the server keeps');
});

test('a session without samples and an unreachable server are named in README.txt, the rest is still written', async () => {
  const db = await openStudioDb(`${DB}-empty`);
  const empty = newSession({
    id: crypto.randomUUID(),
    title: 'Nothing recorded',
    deviceName: 'Synthetic',
    streams: [],
    startedAtMs: Date.UTC(2026, 0, 2),
    status: 'complete',
  });
  await putSession(db, empty);
  const archive = await buildMyDataArchive({
    sessions: [empty],
    chunksOf: (id) => listChunks(db, id),
    settings: {},
    server: { missing: 'https://lab.example could not be reached (Failed to fetch)' },
    nowMs: 0,
  });
  expect(archive.problems).toEqual([`“Nothing recorded” (${empty.id}): samples not written: it holds no samples`]);
  const files = unzipSync(new Uint8Array(await archive.blob.arrayBuffer()));
  expect(Object.keys(files)).toContain(`this-browser/sessions/2026-01-02T0000_nothing-recorded_${empty.id.slice(0, 8)}/session.json`);
  expect(Object.keys(files)).not.toContain('server/clisonix-export.json');
  const readme = text.decode(files['README.txt']);
  expect(readme).toContain('server: not included: https://lab.example could not be reached (Failed to fetch)');
  expect(readme).toContain(`samples not written: it holds no samples`);
  await closeStudioDb(`${DB}-empty`);
});
