// An imported file is stored with its hash (so a second import of it is recognised), a start time
// that is the recording's or says it is unknown (never "now" as if it were), and a readable device.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { eegDataDir } from '../../../../tests/data/test-data.ts';
import { readRecording } from '../../../../workers/formats/index.ts';
import { closeStudioDb, openStudioDb } from '../../../../workers/storage/db.ts';
import { fileSha256, findImportOf, startFromMuseLslName, storeImportedRecording } from './store-recording.ts';

const DB = `store-recording-${Math.random()}`;
afterAll(() => closeStudioDb(DB));
const museLsl = readFileSync(path.join(eegDataDir, 'data_2017-09-13-15.30.01.csv'));

test('a muse-lsl file is dated by its name, named by its program, and found again by its hash', async () => {
  const db = await openStudioDb(DB);
  const name = 'data_2017-09-13-15.30.01.csv';
  const sha256 = await fileSha256(museLsl.buffer.slice(museLsl.byteOffset, museLsl.byteOffset + museLsl.byteLength));
  expect(await findImportOf(db, sha256)).toBeUndefined();
  const session = await storeImportedRecording(db, readRecording(new Uint8Array(museLsl), name), name, { name, sizeBytes: museLsl.length, sha256 });
  expect(session.startedAtMs).toBe(new Date(2017, 8, 13, 15, 30, 1).getTime());
  expect(session.startTimeUnknown).toBeUndefined();
  expect(session.notes).toMatch(/Start time taken from the file name/);
  expect(session.deviceName).toBe('Muse (muse-lsl CSV)');
  expect((await findImportOf(db, sha256))?.id).toBe(session.id);
});

test('a file with no wall-clock start says so instead of passing the import time for it', async () => {
  const db = await openStudioDb(DB);
  const before = Date.now();
  const session = await storeImportedRecording(db, readRecording(new Uint8Array(museLsl), 'renamed.csv'), 'renamed.csv');
  expect(session.startTimeUnknown).toBe(true);
  expect(session.startedAtMs).toBeGreaterThanOrEqual(before);
  expect(startFromMuseLslName('muse-lsl-csv', 'data_2017-02-30-10.00.00.csv')).toBeNull(); // no 30 February
  expect(startFromMuseLslName('edf', 'data_2017-09-13-15.30.01.edf')).toBeNull();
});
