// Import worker: reads a File/Blob in slices (bounded memory per read), reports progress and hands the
// decoded channel chunks to the main thread (buffers transferred, not copied). Exposed with Comlink.

import * as Comlink from 'comlink';
import type { ReadOptions } from './parsers.ts';
import { blobSource } from './stream/byte-source.ts';
import { streamRecording } from './stream/stream-recording.ts';
import type { ChannelChunk, StreamedRecording } from './stream/stream-types.ts';

export interface ImportWorkerApi {
  /** Stream `blob`; chunks and progress go to the (Comlink-proxied) callbacks. Rejects with FormatError text. */
  importBlob(
    blob: Blob,
    onChunk: (chunks: ChannelChunk[]) => void,
    onProgress: (bytesRead: number, totalBytes: number) => void,
    options?: ReadOptions,
  ): Promise<StreamedRecording>;
}

const api: ImportWorkerApi = {
  async importBlob(blob, onChunk, onProgress, options = {}) {
    return streamRecording(
      blobSource(blob),
      {
        onChunk: (chunks) =>
          onChunk(
            Comlink.transfer(
              chunks,
              chunks.map((c) => c.samples.buffer as ArrayBuffer),
            ),
          ),
        onProgress,
      },
      options,
    );
  },
};

Comlink.expose(api);
