// Main-thread side of the import worker: one worker per import, terminated when done or aborted.
// `importFile` assembles whole channels (what the session library stores); `importFileChunks` passes
// chunks on for consumers that store as they go (bounded memory for very large files).

import * as Comlink from 'comlink';
import type { ImportWorkerApi } from './import.worker.ts';
import type { ReadOptions } from './parsers.ts';
import type { Recording } from './recording.ts';
import type { ChannelChunk, StreamedRecording } from './stream/stream-types.ts';

export interface ImportChunksOptions extends ReadOptions {
  onChunk(chunks: ChannelChunk[]): void;
  /** Fraction read, 0..1. */
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
}

/** Stream a file through the import worker; resolves with the recording's metadata (empty samples). */
export async function importFileChunks(file: Blob, options: ImportChunksOptions): Promise<StreamedRecording> {
  options.signal?.throwIfAborted();
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  const remote = Comlink.wrap<ImportWorkerApi>(worker);
  const aborted = new Promise<never>((_, reject) => {
    options.signal?.addEventListener('abort', () => reject(options.signal!.reason), { once: true });
  });
  try {
    const { onChunk, onProgress, signal: _signal, ...readOptions } = options;
    return await Promise.race([
      remote.importBlob(
        file,
        Comlink.proxy(onChunk),
        Comlink.proxy((done: number, total: number) => onProgress?.(total ? done / total : 1)),
        readOptions,
      ),
      aborted,
    ]);
  } finally {
    remote[Comlink.releaseProxy]();
    worker.terminate();
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
