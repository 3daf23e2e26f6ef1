import { expect, test } from 'vitest';
import { encodeSealedChunk } from '../../../../workers/storage/chunk-codec.ts';
import type { StoredChunk, StoredSession } from '../../../../workers/storage/types.ts';
import { recordingToChunks, sessionToRecording } from './session-recording.ts';

const session = {
  id: 's1', title: 'Test', notes: '', deviceName: 'Synthetic', startedAtMs: Date.UTC(2026, 0, 2, 3, 4, 5), endedAtMs: null, status: 'complete',
  streams: [{ id: 'eeg', channels: ['C3', 'C4'], sampleRateHz: 100, unit: 'uV' }], markers: [{ atMs: 1500, text: 'eyes closed', source: 'key' }],
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
  const ch = (label: string, rate: number, n: number) => ({ label, kind: 'eeg' as const, unit: 'uV', sampleRateHz: rate, samples: Float64Array.from({ length: n }, (_, i) => i) });
  const { streams, chunks } = recordingToChunks({ format: 'edf', startTime: null, channels: [ch('A', 256, 600), ch('B', 256, 600), ch('acc', 52, 120)], markers: [], gaps: [], warnings: [], metadata: {} });
  expect(streams.map((s) => [s.id, s.channels.length, s.sampleRateHz])).toEqual([['eeg', 2, 256], ['stream-1', 1, 52]]);
  expect(chunks.filter((c) => c.streamId === 'eeg').map((c) => c.sampleCount)).toEqual([256, 256, 88]);
});
