// Messages between the page and the import worker (import.worker.ts). One request per import; before
// its reply the worker posts the decoded chunks (buffers transferred) and its progress, each carrying
// the request's requestId. A FormatError comes back as data (name 'FormatError', message, offset/line).
import type { Reply } from '../protocol/reply.ts';
import type { ReadOptions } from './parsers.ts';
import type { ChannelChunk, StreamedRecording } from './stream/stream-types.ts';

/** Page to worker: stream `blob`; the reply's value is the recording's metadata (empty samples). */
export type ToImport = { type: 'import'; requestId: number; blob: Blob; options: ReadOptions };

/** Events of one import, in order, before its reply. */
export type ImportEvent =
  | { type: 'chunks'; requestId: number; chunks: ChannelChunk[] }
  | { type: 'progress'; requestId: number; bytesRead: number; totalBytes: number };

export type FromImport = ImportEvent | Reply<StreamedRecording>;
