// Public entry of the formats library, shared by the browser (import worker, playback) and the API.
// Pure TypeScript: no DOM or Node APIs, so both sides import the same code.

import { detectFormat } from './detect.ts';
import { readEdf } from './edf/edf-reader.ts';
import { lineParserFor, type ReadOptions } from './parsers.ts';
import { readWithLineParser } from './read-text.ts';
import type { Recording } from './recording.ts';
import { FormatError } from './shared/format-error.ts';
import { readClisonixJson } from './json/clisonix-json-reader.ts';
import { decodeText } from './text/lines.ts';

export type { Recording, RecordingChannel, RecordingMarker, RecordingGap, RecordingFormat, ChannelKind } from './recording.ts';
export { FormatError } from './shared/format-error.ts';
export { detectFormat } from './detect.ts';
export { lineParserFor, type ReadOptions } from './parsers.ts';
export { streamRecording, readRecordingFromSource } from './stream/stream-recording.ts';
export { blobSource, bufferSource, type ByteSource } from './stream/byte-source.ts';
export type { ChannelChunk, StreamHandlers, StreamedRecording } from './stream/stream-types.ts';
export { exportRecording, EXPORT_FORMATS, EXPORT_FILE_TYPES, type ExportFormat } from './export.ts';
export {
  sessionExportFiles,
  writeSessionExport,
  planExport,
  type PlannedExport,
  SESSION_EXPORT_FORMATS,
  SESSION_EXPORT_LABELS,
  type ExportedFile,
  type SessionExportFormat,
  type SessionExportOptions,
} from './session/session-export.ts';
export { sessionBaseName, type SessionExportSource, type SessionStreamInfo } from './session/session-source.ts';
export { DERIVED_FRAME, type DerivedOptions } from './session/derived-bands.ts';

/**
 * Read any supported recording from its bytes. The format is detected from the content; `fileName` is
 * only used in error messages. Throws FormatError when nothing can be read; partial files return what
 * was recovered with `warnings`.
 * @example const rec = readRecording(new Uint8Array(await file.arrayBuffer()), file.name);
 */
export function readRecording(bytes: Uint8Array, fileName?: string, options: ReadOptions = {}): Recording {
  const format = detectFormat(bytes);
  if (!format) {
    throw new FormatError(fileName ?? 'file', 'an EDF/BDF header, OpenBCI, BrainFlow, Muse, Mind Monitor or Clisonix content', { offset: 0 });
  }
  if (format === 'edf' || format === 'edf+' || format === 'bdf' || format === 'bdf+') return readEdf(bytes);
  if (format === 'clisonix-json') return readClisonixJson(decodeText(bytes));
  const parser = lineParserFor(format, options);
  if (!parser) throw new FormatError(fileName ?? 'file', `a reader for ${format}`, { offset: 0 });
  return readWithLineParser(bytes, parser);
}

/** Same as readRecording; the name the API uses. */
export const importRecording = readRecording;

/** Channels the reference statistics cover: electrodes (EEG, ExG, AUX inputs), not status/motion/derived columns. */
export function electrodeChannels(recording: Recording) {
  return recording.channels.filter((c) => c.kind === 'eeg' || c.kind === 'exg' || c.kind === 'aux');
}
