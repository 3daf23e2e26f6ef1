// Synchronous WAV rendering loop for the render worker: header first, then PCM chunks in order,
// with progress. The caller decides where bytes go (OPFS file, Blob parts, a Node file).
import { BLOCK_MAX } from './kernel-abi.ts';
import type { JonaKernel } from './kernel.ts';
import { ProgramPlayer } from './player.ts';
import type { Program } from './program.ts';
import { WAV_HEADER_BYTES, frameBytes, writeWavHeader, type BitDepth } from './wav.ts';

export interface RenderWavOptions {
  sampleRateHz: 44100 | 48000;
  bitDepth: BitDepth;
  seed?: number;
  /** Frames per written chunk (default 16 x 4096 = 1.4 s at 48 kHz). */
  chunkFrames?: number;
  /** Return true to stop early (cancel). */
  shouldStop?: () => boolean;
}

/**
 * Renders `program` as a WAV file: `write(bytes, offset)` receives the header and each chunk
 * (the bytes are only valid during the call), `progress(done, total)` follows every chunk.
 * Returns the byte length written (short if stopped).
 */
export function renderWav(kernel: JonaKernel, program: Program, options: RenderWavOptions, write: (bytes: Uint8Array, offset: number) => void, progress: (doneFrames: number, totalFrames: number) => void = () => {}): number {
  const player = new ProgramPlayer(kernel, program, options.sampleRateHz, options.seed ?? 1);
  const total = player.totalFrames;
  const align = frameBytes(options.bitDepth);
  const chunkFrames = options.chunkFrames ?? 16 * BLOCK_MAX;
  const chunk = new Uint8Array(chunkFrames * align);
  write(writeWavHeader(total, options.sampleRateHz, options.bitDepth), 0);
  let offset = WAV_HEADER_BYTES;
  while (player.frame < total) {
    if (options.shouldStop?.()) return offset;
    const n = Math.min(chunkFrames, total - player.frame);
    player.render(n, (at, count) => chunk.set(kernel.encode(count, options.bitDepth), at * align));
    write(chunk.subarray(0, n * align), offset);
    offset += n * align;
    progress(player.frame, total);
  }
  return offset;
}
