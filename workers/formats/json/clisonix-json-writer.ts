// Writes the original Clisonix JSON: rows of samples (one column per channel), with channel names, units,
// kinds, start time, markers and gaps in metadata so a round trip keeps everything.

import type { Recording } from '../recording.ts';
import { uniformRate } from '../shared/uniform-rate.ts';

export function writeClisonixJson(recording: Recording, recordingId = String(recording.metadata.recordingId ?? 'export')): Uint8Array {
  const { rateHz, length } = uniformRate(recording, 'Clisonix JSON');
  const parts: string[] = [];
  const row: string[] = new Array(recording.channels.length);
  for (let i = 0; i < length; i++) {
    recording.channels.forEach((ch, k) => (row[k] = numberJson(ch.samples[i])));
    parts.push(`[${row.join(',')}]`);
  }
  const metadata = {
    channel_names: recording.channels.map((c) => c.label),
    units: recording.channels.map((c) => c.unit),
    kinds: recording.channels.map((c) => c.kind),
    sample_rate: rateHz,
    start_time: recording.startTime,
    markers: recording.markers,
    gaps: recording.gaps,
    source_format: recording.format,
  };
  const head = `{"recording_id":${JSON.stringify(recordingId)},"channels":${JSON.stringify(metadata.channel_names)},"sample_rate":${rateHz},"data":[`;
  return new TextEncoder().encode(`${head}${parts.join(',\n')}],"metadata":${JSON.stringify(metadata)}}\n`);
}

/** JSON has no NaN: missing samples are written as null (read back as NaN). */
const numberJson = (v: number) => (Number.isFinite(v) ? String(v) : 'null');
