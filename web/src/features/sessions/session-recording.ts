// Converts between a stored session (chunks in IndexedDB) and the shared Recording shape used by
// the file readers and writers. Gaps between chunks become explicit RecordingGaps, never filler.
import type { Recording } from '../../../../workers/formats/recording.ts';
import { ChunkSealer } from '../../../../workers/storage/chunk-sealer.ts';
import { decodeChunk } from '../../../../workers/storage/chunk-codec.ts';
import { streamsToRecording } from '../../../../workers/formats/session/streams-to-recording.ts';
import type { SealedChunk } from '../../../../workers/storage/chunk-sealer.ts';
import type { Stream } from '../../../../workers/protocol/streams.ts';
import type { StoredChunk, StoredGap, StoredSession } from '../../../../workers/storage/types.ts';

/**
 * Builds one Recording of a session's streams (EEG, accelerometer, ...; each channel at its own rate,
 * as EDF+ holds them): holes between chunks are gaps of every signal (streamsToRecording says how).
 */
export function sessionToRecording(session: StoredSession, chunks: StoredChunk[], streamIds = session.streams.map((s) => s.id)): Recording {
  const streams = streamIds.map((id) => {
    const stream = session.streams.find((s) => s.id === id);
    if (!stream) throw new Error(`session ${session.id} has no stream '${id}'`);
    const own = chunks.filter((c) => c.streamId === stream.id).sort((a, b) => a.seq - b.seq);
    return { stream, pieces: own.map((stored) => decodeChunk(stored.bytes)) };
  });
  const recording = streamsToRecording(streams, {
    startTime: new Date(session.startedAtMs).toISOString().replace('Z', ''),
    markers: session.markers.map((m) => ({ onsetSec: m.atMs / 1000, durationSec: 0, text: m.text })),
    metadata: { device: session.deviceName, title: session.title },
  });
  return { ...recording, format: 'edf+' };
}

/** Which stream a file's channel belongs to: what it measures, band powers (Bels) apart as derived data. */
function streamGroupOf(channel: Recording['channels'][number]): { id: string; kind: Stream['kind'] } {
  switch (channel.kind) {
    case 'eeg':
    case 'exg':
      return { id: 'eeg', kind: channel.kind };
    case 'aux':
    case 'accel':
    case 'gyro':
    case 'ppg':
    case 'status':
      return { id: channel.kind, kind: channel.kind };
    default:
      if (channel.unit === 'B') return { id: 'band-power', kind: 'other' };
      if (/^(HSI|HeadBandOn|Battery)/i.test(channel.label)) return { id: 'status', kind: 'status' };
      return { id: 'other', kind: 'other' };
  }
}

/**
 * Turns an imported file into streams and sealed chunks: one stream per kind of channel and rate
 * (EEG first, as 'eeg'; accelerometer, gyroscope, aux, status, derived band powers each apart, so
 * only EEG is drawn and analysed as EEG), each cut into 1 s chunks. The file's gaps stay holes between
 * chunks (a chunk's firstSample counts the missing samples) and come back as the streams' gaps.
 */
export function recordingToChunks(recording: Recording): { streams: Stream[]; chunks: SealedChunk[]; gaps: StoredGap[] } {
  const groups = new Map<string, { id: string; kind: Stream['kind']; rate: number; channels: Recording['channels'] }>();
  for (const channel of recording.channels) {
    if (!channel.samples.length) continue;
    const group = streamGroupOf(channel);
    const key = `${group.id}@${channel.sampleRateHz}`;
    const entry = groups.get(key) ?? { ...group, rate: channel.sampleRateHz, channels: [] };
    entry.channels.push(channel);
    groups.set(key, entry);
  }
  const order = ['eeg', 'aux', 'accel', 'gyro', 'ppg', 'band-power', 'status', 'other'];
  const sorted = [...groups.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const used = new Map<string, number>();
  const streams: Stream[] = [];
  const chunks: SealedChunk[] = [];
  const gaps: StoredGap[] = [];
  sorted.forEach(({ id: base, kind, rate, channels }) => {
    // The same kind at two rates (rare) becomes two streams: 'aux', 'aux-2'.
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const id = n === 1 ? base : `${base}-${n}`;
    const length = Math.min(...channels.map((c) => c.samples.length));
    streams.push({
      id,
      kind,
      sampleRateHz: rate,
      channels: channels.map((c) => ({ label: c.label, unit: c.unit || 'unknown' })),
    });
    const sealer = new ChunkSealer(id, channels.length, Math.max(1, Math.round(rate)));
    // Non-finite samples (missing values in a file) cannot be stored; they are replaced by 0 and the import warns.
    const columns = channels.map((c) => Float32Array.from(c.samples.subarray(0, length), (v) => (Number.isFinite(v) ? v : 0)));
    // Each run of samples between the file's gaps starts at its own place on the stream's timeline, so
    // the stored chunks leave the hole open (as a live recording's do) and the samples after it keep their time.
    const placed = placeGaps(recording.gaps, rate, length);
    let from = 0;
    let shift = 0;
    for (const gap of [...placed, { fileSample: length, lengthSamples: 0 }]) {
      if (gap.fileSample > from)
        chunks.push(...sealer.push({ firstSample: from + shift, channels: columns.map((c) => c.subarray(from, gap.fileSample)) }));
      from = gap.fileSample;
      shift += gap.lengthSamples;
    }
    gaps.push(...placed.map(({ startSample, lengthSamples }) => ({ streamId: id, startSample, lengthSamples, cause: 'file-gap' as const })));
    const last = sealer.flush();
    if (last) chunks.push(last);
  });
  return { streams, chunks, gaps };
}

/**
 * Where a file's gaps (recording time, s) fall in one stream of `length` samples at `rate` Hz:
 * `startSample`/`lengthSamples` on the stream's timeline (gaps counted), `fileSample` the index in the
 * file's samples (stored one after another) the gap comes before. A gap shorter than half a sample at
 * this rate holds no sample; one after the last sample has nothing after it to move, and is left out.
 */
export function placeGaps(
  recordingGaps: Recording['gaps'],
  rate: number,
  length: number,
): Array<{ fileSample: number; startSample: number; lengthSamples: number }> {
  const placed: Array<{ fileSample: number; startSample: number; lengthSamples: number }> = [];
  let shift = 0; // samples of earlier gaps
  for (const gap of [...recordingGaps].sort((a, b) => a.onsetSec - b.onsetSec)) {
    const startSample = Math.max(Math.round(gap.onsetSec * rate), shift + (placed.at(-1)?.fileSample ?? 0));
    const lengthSamples = Math.round((gap.onsetSec + gap.durationSec) * rate) - startSample;
    const fileSample = startSample - shift;
    if (lengthSamples <= 0 || fileSample >= length) continue;
    placed.push({ fileSample, startSample, lengthSamples });
    shift += lengthSamples;
  }
  return placed;
}
