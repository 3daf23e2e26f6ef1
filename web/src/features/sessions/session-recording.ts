// Converts between a stored session (chunks in IndexedDB) and the shared Recording shape used by
// the file readers and writers. Gaps between chunks become explicit RecordingGaps, never filler.
import type { Recording } from '../../../../workers/formats/recording.ts';
import { ChunkSealer } from '../../../../workers/storage/chunk-sealer.ts';
import { decodeChunk } from '../../../../workers/storage/chunk-codec.ts';
import type { SealedChunk } from '../../../../workers/storage/chunk-sealer.ts';
import type { StoredChunk, StoredSession, StoredStream } from '../../../../workers/storage/types.ts';

/**
 * Builds a Recording of one stream of a session (EDF+ holds one rate per signal; we export the
 * first stream, the EEG). Samples missing in a gap are left out and listed in `gaps`.
 */
export function sessionToRecording(session: StoredSession, chunks: StoredChunk[], streamId = session.streams[0]?.id): Recording {
  const stream = session.streams.find((s) => s.id === streamId);
  if (!stream) throw new Error(`session ${session.id} has no stream '${streamId}'`);
  const own = chunks.filter((c) => c.streamId === stream.id).sort((a, b) => a.seq - b.seq);
  const total = own.reduce((n, c) => n + c.sampleCount, 0);
  const samples = stream.channels.map(() => new Float64Array(total));
  const gaps: Recording['gaps'] = [];
  let written = 0;
  let expected = 0;
  for (const stored of own) {
    const chunk = decodeChunk(stored.bytes);
    if (chunk.firstSample > expected) gaps.push({ onsetSec: expected / stream.sampleRateHz, durationSec: (chunk.firstSample - expected) / stream.sampleRateHz });
    chunk.channels.forEach((c, i) => samples[i].set(c, written));
    written += chunk.channels[0].length;
    expected = chunk.firstSample + chunk.channels[0].length;
  }
  return {
    format: 'edf+',
    startTime: new Date(session.startedAtMs).toISOString().replace('Z', ''),
    channels: stream.channels.map((label, i) => ({ label, kind: stream.kind ?? 'eeg', unit: stream.unit, sampleRateHz: stream.sampleRateHz, samples: samples[i] })),
    markers: session.markers.map((m) => ({ onsetSec: m.atMs / 1000, durationSec: 0, text: m.text })),
    gaps,
    warnings: [],
    metadata: { device: session.deviceName, title: session.title },
  };
}

/**
 * Turns an imported file into streams and sealed chunks: channels are grouped by sample rate
 * (one stream per rate) and cut into 1 s chunks.
 */
export function recordingToChunks(recording: Recording): { streams: StoredStream[]; chunks: SealedChunk[] } {
  const byRate = new Map<number, Recording['channels']>();
  for (const channel of recording.channels) {
    if (!channel.samples.length) continue;
    const list = byRate.get(channel.sampleRateHz) ?? [];
    list.push(channel);
    byRate.set(channel.sampleRateHz, list);
  }
  const streams: StoredStream[] = [];
  const chunks: SealedChunk[] = [];
  [...byRate.entries()].forEach(([rate, channels], index) => {
    const id = index === 0 ? 'eeg' : `stream-${index}`;
    const length = Math.min(...channels.map((c) => c.samples.length));
    streams.push({ id, channels: channels.map((c) => c.label), sampleRateHz: rate, unit: channels[0].unit || 'uV', kind: index === 0 ? 'eeg' : 'other' });
    const sealer = new ChunkSealer(id, channels.length, Math.max(1, Math.round(rate)));
    // Non-finite samples (missing values in a file) cannot be stored; they are replaced by 0 and the import warns.
    chunks.push(...sealer.push({ channels: channels.map((c) => Float32Array.from(c.samples.subarray(0, length), (v) => (Number.isFinite(v) ? v : 0))) }));
    const last = sealer.flush();
    if (last) chunks.push(last);
  });
  return { streams, chunks };
}
