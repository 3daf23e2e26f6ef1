// An imported file is stored with its hash (so a second import of it is recognised), a start time
// that is the recording's or says it is unknown (never "now" as if it were), a readable device, and
// the file's gaps where they were (no sample moved in time).
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { eegDataDir } from '../../../../tests/data/test-data.ts';
import { exportRecording, readRecording } from '../../../../workers/formats/index.ts';
import { listChunks } from '../../../../workers/storage/chunk-store.ts';
import { closeStudioDb, openStudioDb } from '../../../../workers/storage/db.ts';
import { sessionToRecording } from './session-recording.ts';
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

test('an EDF+D file keeps its gap: chunks leave the hole, the session names it, and its export holds it at the same time', async () => {
  const db = await openStudioDb(DB);
  // 3 s, 1.5 s with no samples, 2 s more; EEG at 250 Hz and an accelerometer at 50 Hz. Each sample is its index in the file.
  const channel = (label: string, kind: 'eeg' | 'accel', unit: string, rate: number) => ({
    label,
    kind,
    unit,
    sampleRateHz: rate,
    samples: Float64Array.from({ length: 5 * rate }, (_, i) => i % 500),
  });
  const file = exportRecording(
    {
      format: 'edf+',
      startTime: '2026-03-04T05:06:07',
      channels: [channel('C3', 'eeg', 'uV', 250), channel('C4', 'eeg', 'uV', 250), channel('AccX', 'accel', 'g', 50)],
      markers: [{ onsetSec: 4, durationSec: 0, text: 'after the gap' }],
      gaps: [{ onsetSec: 3, durationSec: 1.5 }],
      warnings: [],
      metadata: {},
    },
    'edf',
  );
  const read = readRecording(file, 'gapped.edf');
  expect(read.gaps).toEqual([{ onsetSec: 3, durationSec: 1.5 }]);

  const session = await storeImportedRecording(db, read, 'gapped.edf');
  expect(session.gaps).toEqual([
    { streamId: 'eeg', startSample: 750, lengthSamples: 375, cause: 'file-gap' },
    { streamId: 'accel', startSample: 150, lengthSamples: 75, cause: 'file-gap' },
  ]);
  expect(session.endedAtMs! - session.startedAtMs).toBe(6500);
  const chunks = await listChunks(db, session.id);
  const firstSamples = (stream: string) =>
    chunks
      .filter((c) => c.streamId === stream)
      .sort((a, b) => a.seq - b.seq)
      .map((c) => [c.firstSample, c.sampleCount]);
  expect(firstSamples('eeg')).toEqual([
    [0, 250],
    [250, 250],
    [500, 250],
    [1125, 250],
    [1375, 250],
  ]);
  expect(firstSamples('accel')).toEqual([
    [0, 50],
    [50, 50],
    [100, 50],
    [225, 50],
    [275, 50],
  ]);

  const exported = readRecording(exportRecording(sessionToRecording(session, chunks), 'edf'), 'export.edf');
  expect(exported.gaps).toEqual([{ onsetSec: 3, durationSec: 1.5 }]);
  const c3 = exported.channels.find((c) => c.label === 'C3')!;
  expect(c3.samples.length).toBe(1250);
  // The first sample after the gap is the file's 750th, still at 4.5 s.
  expect(c3.samples[749]).toBeCloseTo(249, 1);
  expect(c3.samples[750]).toBeCloseTo(250, 1);
  expect(exported.markers).toContainEqual({ onsetSec: 4, durationSec: 0, text: 'after the gap' });
});
