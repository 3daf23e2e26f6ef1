// What the streaming readers report while they go.

import type { Recording } from '../recording.ts';

/** Samples of one channel: `samples[0]` is sample number `startSample` of that channel. */
export interface ChannelChunk {
  channel: number;
  startSample: number;
  samples: Float64Array;
}

export interface StreamHandlers {
  /** Called with every batch of decoded samples, in order per channel. */
  onChunk(chunks: ChannelChunk[]): void;
  /** Bytes read so far and the total. */
  onProgress?(bytesRead: number, totalBytes: number): void;
  /** Stops the read between slices (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Upper bound for one read in bytes (default 4 MiB): the memory a read holds at once. */
  sliceBytes?: number;
}

/** The result of a streamed read: a Recording whose channels have EMPTY samples (they went to onChunk). */
export type StreamedRecording = Recording;
