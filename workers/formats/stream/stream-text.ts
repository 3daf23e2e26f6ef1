// Streams a text recording slice by slice through its line parser. Parsers that can hand over samples
// early (OpenBCI, muse-lsl, BrainFlow) are drained after every slice; the others (Mind Monitor, our
// CSV: small files) deliver everything when the file ends.

import type { LineParser } from '../read-text.ts';
import { LineSplitter } from '../text/lines.ts';
import type { ByteSource } from './byte-source.ts';
import type { ChannelChunk, StreamedRecording, StreamHandlers } from './stream-types.ts';

type Drainable = LineParser & { drain?(): Float64Array[] | null };

export async function streamText(source: ByteSource, parser: Drainable, handlers: StreamHandlers): Promise<StreamedRecording> {
  const slice = handlers.sliceBytes ?? 4 << 20;
  const splitter = new LineSplitter((line, lineNo) => parser.pushLine(line, lineNo));
  const written: number[] = [];
  const emit = (columns: Float64Array[]) => {
    const chunks: ChannelChunk[] = columns.map((samples, channel) => ({ channel, startSample: written[channel] ?? 0, samples }));
    columns.forEach((s, k) => (written[k] = (written[k] ?? 0) + s.length));
    if (chunks.some((c) => c.samples.length)) handlers.onChunk(chunks);
  };
  for (let offset = 0; offset < source.size; offset += slice) {
    handlers.signal?.throwIfAborted();
    splitter.push(await source.read(offset, slice));
    const drained = parser.drain?.();
    if (drained) emit(drained);
    handlers.onProgress?.(Math.min(source.size, offset + slice), source.size);
  }
  splitter.end();
  const recording = parser.finish();
  emit(recording.channels.map((c) => c.samples));
  recording.channels.forEach((c) => (c.samples = new Float64Array(0)));
  recording.metadata.sampleCounts = written;
  return recording;
}
