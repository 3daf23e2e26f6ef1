// Streams an EDF/BDF file record batch by record batch: memory stays at one slice (default 4 MiB) plus
// what the consumer keeps, whatever the file size.

import { StatusEventDecoder } from '../edf/edf-channels.ts';
import { edfHeaderLength, parseEdfHeader } from '../edf/edf-header.ts';
import { applySubsecondStart, countEdfRecords, edfRecordingShell } from '../edf/edf-reader.ts';
import { dataSignalIndexes, decodeEdfRecords } from '../edf/edf-records.ts';
import { EdfTimeline } from '../edf/edf-timeline.ts';
import type { ByteSource } from './byte-source.ts';
import type { StreamedRecording, StreamHandlers } from './stream-types.ts';

export async function streamEdf(source: ByteSource, handlers: StreamHandlers): Promise<StreamedRecording> {
  const first = await source.read(0, 256);
  const header = parseEdfHeader(await source.read(0, edfHeaderLength(first)));
  const recording = edfRecordingShell(header);
  const total = countEdfRecords(header, source.size, recording.warnings);
  const timeline = new EdfTimeline(header);
  const statusIndex = recording.channels.findIndex((c) => c.kind === 'status');
  const status = statusIndex >= 0 ? new StatusEventDecoder(recording.channels[statusIndex].sampleRateHz) : null;
  const perBatch = Math.max(1, Math.floor((handlers.sliceBytes ?? 4 << 20) / Math.max(1, header.recordBytes)));
  const written = dataSignalIndexes(header).map(() => 0);
  for (let r = 0; r < total; r += perBatch) {
    handlers.signal?.throwIfAborted();
    const count = Math.min(perBatch, total - r);
    const bytes = await source.read(header.headerBytes + r * header.recordBytes, count * header.recordBytes);
    const batch = decodeEdfRecords(header, bytes, count, r);
    timeline.add(batch);
    if (status) status.push(batch.samples[statusIndex], written[statusIndex]);
    handlers.onChunk(batch.samples.map((samples, channel) => ({ channel, startSample: written[channel], samples })));
    batch.samples.forEach((s, k) => (written[k] += s.length));
    handlers.onProgress?.(header.headerBytes + (r + count) * header.recordBytes, source.size);
  }
  timeline.finish();
  recording.markers = [...timeline.markers, ...(status?.markers ?? [])].sort((a, b) => a.onsetSec - b.onsetSec);
  recording.gaps = timeline.gaps;
  recording.warnings.push(...timeline.warnings);
  recording.metadata.recordCount = total;
  recording.metadata.sampleCounts = written;
  applySubsecondStart(recording, timeline.firstOnsetSec ?? 0);
  return recording;
}
