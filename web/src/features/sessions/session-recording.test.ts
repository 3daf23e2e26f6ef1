import { expect, test } from 'vitest';
import { encodeSealedChunk } from '../../../../workers/storage/chunk-codec.ts';
import type { StoredChunk, StoredSession } from '../../../../workers/storage/types.ts';
import { makeStream } from '../../../../workers/protocol/streams.ts';
import { recordingToChunks, sessionToRecording } from './session-recording.ts';
import { exportRecording, readRecording } from '../../../../workers/formats/index.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeStream } from '../../../../workers/protocol/stream-words.ts';
import { eegDataDir } from '../../../../tests/data/test-data.ts';

const session = {
  id: 's1',
  title: 'Test',
  notes: '',
  deviceName: 'Synthetic',
  startedAtMs: Date.UTC(2026, 0, 2, 3, 4, 5),
  endedAtMs: null,
  status: 'complete',
  streams: [makeStream('eeg', 'eeg', ['C3', 'C4'], 'uV', 100)],
  markers: [{ atMs: 1500, text: 'eyes closed', source: 'key' }],
} as unknown as StoredSession;

async function stored(seq: number, firstSample: number, n: number): Promise<StoredChunk> {
  const channels = [Float32Array.from({ length: n }, (_, i) => firstSample + i), Float32Array.from({ length: n }, () => -1)];
  const { bytes, sha256 } = await encodeSealedChunk({ streamId: 'eeg', seq, firstSample, channels, sampleCount: n });
  return { sessionId: 's1', streamId: 'eeg', seq, firstSample, sampleCount: n, bytes, sha256, synced: 0 };
}

test('chunks become one Recording with every sample, the markers, and a gap where samples are missing', async () => {
  const rec = sessionToRecording(session, [await stored(1, 150, 100), await stored(0, 0, 100)]);
  expect(rec.channels.map((c) => c.label)).toEqual(['C3', 'C4']);
  expect(rec.channels[0].samples.length).toBe(200);
  expect(rec.channels[0].samples[99]).toBe(99);
  expect(rec.channels[0].samples[100]).toBe(150);
  expect(rec.gaps).toEqual([{ onsetSec: 1, durationSec: 0.5 }]);
  expect(rec.markers).toEqual([{ onsetSec: 1.5, durationSec: 0, text: 'eyes closed' }]);
  expect(rec.startTime).toBe('2026-01-02T03:04:05.000');
});

test('an imported recording is grouped by rate and cut into 1 s chunks', () => {
  const ch = (label: string, rate: number, n: number) => ({
    label,
    kind: 'eeg' as const,
    unit: 'uV',
    sampleRateHz: rate,
    samples: Float64Array.from({ length: n }, (_, i) => i),
  });
  const { streams, chunks } = recordingToChunks({
    format: 'edf',
    startTime: null,
    channels: [ch('A', 256, 600), ch('B', 256, 600), ch('acc', 52, 120)],
    markers: [],
    gaps: [],
    warnings: [],
    metadata: {},
  });
  expect(streams.map((s) => [s.id, s.channels.length, s.sampleRateHz])).toEqual([
    ['eeg', 2, 256],
    ['eeg-2', 1, 52],
  ]);
  expect(chunks.filter((c) => c.streamId === 'eeg').map((c) => c.sampleCount)).toEqual([256, 256, 88]);
});

test('a Mind Monitor file becomes one stream per kind: EEG, aux, band powers (derived), motion and status apart', () => {
  const bytes = new Uint8Array(readFileSync(path.join(eegDataDir, 'museS_monitor1.csv')));
  const { streams } = recordingToChunks(readRecording(bytes, 'museS_monitor1.csv'));
  expect(streams.map((s) => [s.id, s.kind, s.channels.length, [...new Set(s.channels.map((c) => c.unit))]])).toEqual([
    ['eeg', 'eeg', 4, ['uV']],
    ['aux', 'aux', 1, ['uV']],
    ['accel', 'accel', 3, ['g']],
    ['gyro', 'gyro', 3, ['deg/s']],
    ['band-power', 'other', 20, ['B']],
    ['status', 'status', 6, ['unknown']],
  ]);
  expect(streams[0].channels.map((c) => c.label)).toEqual(['RAW_TP9', 'RAW_AF7', 'RAW_AF8', 'RAW_TP10']);
  expect(streams.map((s) => describeStream(s))[0]).toBe('4 EEG channels, 1 sample per second');
  expect(describeStream(streams[4])).toBe('20 band powers, 1 sample per second');
});

test('an OpenBCI GUI file keeps its 8 EEG channels apart from accelerometer and pins', () => {
  const bytes = new Uint8Array(readFileSync(path.join(eegDataDir, 'OpenBCI_GUI-v6-blinks-jawClench-alpha.txt')));
  const { streams } = recordingToChunks(readRecording(bytes, 'OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'));
  expect(streams.map((s) => [s.id, s.kind, s.channels.length, s.sampleRateHz])).toEqual([
    ['eeg', 'eeg', 8, 250],
    ['accel', 'accel', 3, 250],
    ['other', 'other', 8, 250],
  ]);
});

test('every stream goes into the Recording at its own rate; a gap in one is a gap of all, widened to their common grid', async () => {
  const two = {
    ...session,
    streams: [session.streams[0], makeStream('accel', 'accel', ['X', 'Y', 'Z'], 'g', 25)],
    markers: [{ atMs: 2500, text: 'eyes closed', source: 'key', streamId: 'eeg', sample: 250 }],
  } as unknown as StoredSession;
  const accelChunk = async (seq: number, first: number, n: number): Promise<StoredChunk> => {
    const channels = [0, 1, 2].map((c) => Float32Array.from({ length: n }, (_, i) => first + i + c / 10));
    const { bytes, sha256 } = await encodeSealedChunk({ streamId: 'accel', seq, firstSample: first, channels, sampleCount: n });
    return { sessionId: 's1', streamId: 'accel', seq, firstSample: first, sampleCount: n, bytes, sha256, synced: 0 };
  };
  // EEG at 100 Hz misses samples 103..149 (1.03 s to 1.5 s); the accelerometer at 25 Hz has all 100 of its 4 s.
  const eeg = [await stored(0, 0, 103), await stored(1, 150, 250)];
  const accel = [await accelChunk(0, 0, 50), await accelChunk(1, 50, 50)];
  const rec = sessionToRecording(two, [...eeg, ...accel]);
  expect(rec.channels.map((c) => [c.label, c.sampleRateHz, c.unit])).toEqual([
    ['C3', 100, 'uV'],
    ['C4', 100, 'uV'],
    ['X', 25, 'g'],
    ['Y', 25, 'g'],
    ['Z', 25, 'g'],
  ]);
  // The common grid of 100 and 25 Hz is 40 ms: the gap becomes 1.00 .. 1.52 s for every signal.
  expect(rec.gaps.map((g) => [g.onsetSec, Number(g.durationSec.toFixed(6))])).toEqual([[1, 0.52]]);
  expect(rec.channels[0].samples.length).toBe(100 + 248); // EEG 100..102 and 150..151 fall inside the widened gap
  expect(rec.channels[0].samples[100]).toBe(152);
  expect(rec.channels[2].samples.length).toBe(100 - 13); // accel 25..37 (1.00 .. 1.52 s) left out, and said so
  expect(rec.channels[2].samples[25]).toBe(38);
  expect(rec.warnings).toEqual([
    "eeg: 5 samples inside another stream's gap left out (EDF+ gaps cover every signal)",
    "accel: 13 samples inside another stream's gap left out (EDF+ gaps cover every signal)",
  ]);
  // And it is a valid EDF+ with both rates, the gap and the marker.
  const reread = readRecording(exportRecording(rec, 'edf'));
  expect(reread.channels.map((c) => [c.label, c.sampleRateHz, c.samples.length])).toEqual(
    rec.channels.map((c) => [c.label, c.sampleRateHz, c.samples.length]),
  );
  expect(reread.gaps.map((g) => [g.onsetSec, Number(g.durationSec.toFixed(3))])).toEqual([[1, 0.52]]);
  expect(reread.markers.map((m) => [m.onsetSec, m.text])).toEqual([[2.5, 'eyes closed']]);
  expect(reread.channels[3].samples[0]).toBeCloseTo(0.1, 3);
});

test('a BrainFlow CSV (Cyton board layout) keeps its EEG apart from the rest of the board rows', () => {
  // The OpenBCI GUI file's 8 EEG channels and accelerometer, written as BrainFlow writes a Cyton.
  const gui = readRecording(new Uint8Array(readFileSync(path.join(eegDataDir, 'OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'))), 'gui.txt');
  const csv = exportRecording({ ...gui, channels: gui.channels.filter((c) => c.kind === 'eeg' || c.kind === 'accel') }, 'brainflow-csv');
  const { streams } = recordingToChunks(readRecording(csv, 'brainflow.csv'));
  expect(streams[0]).toMatchObject({ id: 'eeg', kind: 'eeg', sampleRateHz: 250 });
  expect(streams[0].channels).toHaveLength(8);
  expect(streams.find((s) => s.id === 'accel')?.channels.map((c) => c.unit)).toEqual(['g', 'g', 'g']);
  for (const s of streams.slice(1)) expect(s.kind).not.toBe('eeg');
});
