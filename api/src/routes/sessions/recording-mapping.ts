// Converting between a stored session and the formats library's Recording (import/export).
// Samples are stored as float32 (about 7 significant digits: far finer than any EEG amplifier's
// resolution); holes between chunks become gaps, never invented samples.
import type { Recording, RecordingChannel } from '../../../../workers/formats/index.ts';
import { streamsToRecording } from '../../../../workers/formats/session/streams-to-recording.ts';
import { decodeChunk, encodeChunk } from '../../contract/chunk.ts';
import type { SessionMetadata } from '../../contract/sessions.ts';

/** Samples per channel in each imported chunk (16 s at 256 Hz). */
export const IMPORT_CHUNK_SAMPLES = 4096;

type StreamKind = SessionMetadata['streams'][number]['kind'];

export interface PlannedImport {
  metadata: SessionMetadata;
  /** Per stream id, the encoded chunks in seq order. */
  chunks: { stream: string; seq: number; bytes: Uint8Array<ArrayBuffer> }[];
  events: { id: string; kind: 'marker' | 'gap'; onsetSec: number; durationSec: number; text: string }[];
}

/** Session metadata, chunks and events for a recording read from a file. */
export function planImport(recording: Recording, fileName: string): PlannedImport {
  // Channels that share a rate and a length form one stream (a chunk holds equal-length channels).
  const groups = new Map<string, RecordingChannel[]>();
  for (const channel of recording.channels) {
    if (channel.samples.length === 0) continue;
    const key = `${channel.sampleRateHz}:${channel.samples.length}`;
    groups.set(key, [...(groups.get(key) ?? []), channel]);
  }
  const streams: SessionMetadata['streams'] = [];
  const chunks: PlannedImport['chunks'] = [];
  [...groups.values()].forEach((channels, index) => {
    const kind = (channels.some((c) => c.kind === 'eeg') ? 'eeg' : channels[0].kind) as StreamKind;
    const id = index === 0 ? kind : `${kind}-${index}`;
    streams.push({
      id,
      kind,
      sampleRateHz: channels[0].sampleRateHz,
      channels: channels.map((c) => ({ label: c.label.slice(0, 64) || '?', unit: (c.unit || 'unknown').slice(0, 16) })),
    });
    const total = channels[0].samples.length;
    for (let first = 0, seq = 0; first < total; first += IMPORT_CHUNK_SAMPLES, seq++) {
      const end = Math.min(total, first + IMPORT_CHUNK_SAMPLES);
      chunks.push({
        stream: id,
        seq,
        bytes: encodeChunk({ firstSample: first, channels: channels.map((c) => Float32Array.from(c.samples.subarray(first, end))) }),
      });
    }
  });
  const device = recording.metadata?.device ?? recording.metadata?.board;
  const zoned = recording.startTime && /([zZ]|[+-]\d\d:?\d\d)$/.test(recording.startTime);
  const metadata: SessionMetadata = {
    device: { name: (typeof device === 'string' && device ? device : recording.format).slice(0, 128) },
    streams,
    // A file time without a zone is read as UTC; a file without a start time gets the import time and a tag.
    startTime: new Date(recording.startTime ? (zoned ? recording.startTime : `${recording.startTime}Z`) : Date.now()).toISOString(),
    timeBase: 'sample-rate',
    tags: ['imported', recording.format, ...(recording.startTime ? [] : ['start-time-unknown'])],
    notes: [`Imported from ${fileName}.`, ...recording.warnings].join('\n').slice(0, 20_000),
  };
  const events: PlannedImport['events'] = [
    ...recording.markers.map((m, i) => ({
      id: `m${i}`,
      kind: 'marker' as const,
      onsetSec: m.onsetSec,
      durationSec: m.durationSec,
      text: m.text.slice(0, 1000),
    })),
    ...recording.gaps.map((g, i) => ({ id: `g${i}`, kind: 'gap' as const, onsetSec: g.onsetSec, durationSec: g.durationSec, text: '' })),
  ];
  return { metadata, chunks, events };
}

/**
 * Builds a Recording from a stored session: all streams, chunks joined in order, holes as gaps of
 * every signal (a recorded session's gap events repeat its holes); a session without holes (an
 * import) takes its gap events. The studio builds its exports the same way (streamsToRecording).
 */
export function recordingFromSession(
  metadata: SessionMetadata,
  chunksByStream: Map<string, Uint8Array[]>,
  events: { kind: string; onsetSec: number; durationSec: number; text: string }[],
): Recording {
  const recording = streamsToRecording(
    metadata.streams.map((stream) => ({ stream, pieces: (chunksByStream.get(stream.id) ?? []).map((bytes) => decodeChunk(bytes)) })),
    {
      startTime: metadata.startTime,
      markers: events.filter((e) => e.kind === 'marker').map((e) => ({ onsetSec: e.onsetSec, durationSec: e.durationSec, text: e.text })),
      gaps: events.filter((e) => e.kind === 'gap').map((e) => ({ onsetSec: e.onsetSec, durationSec: e.durationSec })),
      metadata: { device: metadata.device.name, tags: metadata.tags },
    },
  );
  recording.markers.sort((a, b) => a.onsetSec - b.onsetSec);
  return recording;
}
