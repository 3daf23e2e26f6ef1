// One streaming entry for every format: detect from the first bytes, then stream EDF/BDF by records and
// text by lines. JSON needs the whole document (JSON.parse) and is read in one piece.

import { detectFormat } from '../detect.ts';
import { readClisonixJson } from '../json/clisonix-json-reader.ts';
import { lineParserFor, type ReadOptions } from '../parsers.ts';
import type { Recording } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';
import { decodeText } from '../text/lines.ts';
import type { ByteSource } from './byte-source.ts';
import { streamEdf } from './stream-edf.ts';
import { streamText } from './stream-text.ts';
import type { ChannelChunk, StreamedRecording, StreamHandlers } from './stream-types.ts';

/**
 * Read a recording from `source` in slices, handing samples to `handlers.onChunk` as they are decoded.
 * Returns the recording with empty sample arrays (metadata, markers, gaps, warnings).
 */
export async function streamRecording(source: ByteSource, handlers: StreamHandlers, options: ReadOptions = {}): Promise<StreamedRecording> {
  const format = detectFormat(await source.read(0, Math.min(source.size, 4096)));
  if (!format) throw new FormatError('file', 'an EDF/BDF header, OpenBCI, BrainFlow, Muse, Mind Monitor or Clisonix content', { offset: 0 });
  if (format === 'edf' || format === 'edf+' || format === 'bdf' || format === 'bdf+') return streamEdf(source, handlers);
  if (format === 'clisonix-json') {
    const recording = readClisonixJson(decodeText(await source.read(0, source.size)));
    handlers.onProgress?.(source.size, source.size);
    handlers.onChunk(recording.channels.map((c, channel) => ({ channel, startSample: 0, samples: c.samples })));
    recording.channels.forEach((c) => (c.samples = new Float64Array(0)));
    return recording;
  }
  return streamText(source, lineParserFor(format, options)!, handlers);
}

/** Collects chunks into whole channels (what the studio stores); memory grows with the recording. */
export async function readRecordingFromSource(
  source: ByteSource,
  handlers: Omit<StreamHandlers, 'onChunk'> = {},
  options: ReadOptions = {},
): Promise<Recording> {
  const parts: ChannelChunk[][] = [];
  const recording = await streamRecording(
    source,
    { ...handlers, onChunk: (chunks) => chunks.forEach((c) => (parts[c.channel] ??= []).push(c)) },
    options,
  );
  recording.channels.forEach((ch, k) => {
    const list = parts[k] ?? [];
    const out = new Float64Array(list.reduce((n, c) => n + c.samples.length, 0));
    for (const c of list) out.set(c.samples, c.startSample);
    ch.samples = out;
  });
  delete recording.metadata.sampleCounts;
  return recording;
}
