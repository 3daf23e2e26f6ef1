// Main-thread side of the import worker: one worker per import (on the shared worker bridge), stopped
// when done, failed or aborted. `importFile` assembles whole channels (what the session library
// stores); `importFileChunks` passes chunks on for consumers that store as they go (bounded memory for
// very large files).

import { createWorkerBridge } from '../bridge/request-bridge.ts';
import type { FromImport, ImportEvent } from './import.protocol.ts';
import type { ReadOptions } from './parsers.ts';
import type { Recording } from './recording.ts';
import type { ChannelChunk, StreamedRecording } from './stream/stream-types.ts';

/** An import that posts nothing (no chunk, no progress) for this long counts as a dead worker. */
const SILENCE_LIMIT_MS = 60_000;

export interface ImportChunksOptions extends ReadOptions {
  onChunk(chunks: ChannelChunk[]): void;
  /** Fraction read, 0..1. */
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
}

/** Stream a file through the import worker; resolves with the recording's metadata (empty samples). */
export async function importFileChunks(file: Blob, options: ImportChunksOptions): Promise<StreamedRecording> {
  options.signal?.throwIfAborted();
  const { onChunk, onProgress, signal, ...readOptions } = options;
  const bridge = createWorkerBridge<FromImport>({
    name: 'import worker',
    createWorker: () => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'clisonix-import' }),
    timeoutMs: SILENCE_LIMIT_MS,
  });
  try {
    return await bridge.request<StreamedRecording, ImportEvent>(
      { type: 'import', blob: file, options: readOptions },
      {
        signal,
        onEvent: (e) => {
          if (e.type === 'chunks') onChunk(e.chunks);
          else onProgress?.(e.totalBytes ? e.bytesRead / e.totalBytes : 1);
        },
      },
    );
  } finally {
    bridge.terminate();
  }
}

/**
 * Import a file off the main thread into a whole Recording.
 * @example const rec = await importFile(file, (f) => (bar.value = f), controller.signal);
 */
export async function importFile(
  file: Blob,
  onProgress?: (fraction: number) => void,
  signal?: AbortSignal,
  options: ReadOptions = {},
): Promise<Recording> {
  const parts: ChannelChunk[][] = [];
  const recording = await importFileChunks(file, {
    ...options,
    onProgress,
    signal,
    onChunk: (chunks) => chunks.forEach((c) => (parts[c.channel] ??= []).push(c)),
  });
  recording.channels.forEach((ch, k) => {
    const list = parts[k] ?? [];
    const out = new Float64Array(list.reduce((n, c) => n + c.samples.length, 0));
    for (const c of list) out.set(c.samples, c.startSample);
    ch.samples = out;
  });
  delete recording.metadata.sampleCounts;
  return recording;
}
