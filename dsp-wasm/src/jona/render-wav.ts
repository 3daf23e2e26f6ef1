// Synchronous WAV rendering loop for the render worker: header first, then PCM chunks in order,
// with progress. The caller decides where bytes go (OPFS file, Blob parts, a Node file).
import { PCM_BYTES } from './kernel-abi.ts';
import type { JonaKernel } from './kernel.ts';
import { ProgramPlayer } from './player.ts';
import type { Program } from './program.ts';
import { WAV_HEADER_BYTES, frameBytes, writeWavHeader, type BitDepth } from './wav.ts';

export interface RenderWavOptions {
  sampleRateHz: 44100 | 48000;
  bitDepth: BitDepth;
  seed?: number;
  /** Frames per written chunk (default and maximum: what the kernel's PCM area holds, 512 KB). */
  chunkFrames?: number;
  /** Return true to stop early (cancel). */
  shouldStop?: () => boolean;
}

/**
 * Renders `program` as a WAV file: `write(bytes, offset)` receives the header and each chunk
 * (the bytes are only valid during the call), `progress(done, total)` follows every chunk.
 * Returns the byte length written (short if stopped).
 */
export function renderWav(
  kernel: JonaKernel,
  program: Program,
  options: RenderWavOptions,
  write: (bytes: Uint8Array, offset: number) => void,
  progress: (doneFrames: number, totalFrames: number) => void = () => {},
): number {
  const player = new ProgramPlayer(kernel, program, options.sampleRateHz, options.seed ?? 1);
  const total = player.totalFrames;
  const align = frameBytes(options.bitDepth);
  const maxFrames = Math.floor(PCM_BYTES / align);
  const chunkFrames = Math.min(options.chunkFrames ?? maxFrames, maxFrames);
  if (!(chunkFrames >= 1)) throw new RangeError(`chunkFrames must be at least 1, got ${options.chunkFrames}`);
  write(writeWavHeader(total, options.sampleRateHz, options.bitDepth), 0);
  let offset = WAV_HEADER_BYTES;
  while (player.frame < total) {
    if (options.shouldStop?.()) return offset;
    const n = Math.min(chunkFrames, total - player.frame);
    // Each render is encoded in place in the kernel's PCM area: the chunk is written without a copy.
    player.render(n, (at, count) => kernel.encodeAt(count, options.bitDepth, at * align));
    write(kernel.pcm(0, n * align), offset);
    offset += n * align;
    progress(player.frame, total);
  }
  return offset;
}
