// A WAV file of a Program rendered on the fly: 512 KB chunks are rendered as the consumer pulls,
// so a one-hour file starts at once and needs about a megabyte. The kernel encodes each render
// straight into its PCM area, back to back, and a chunk leaves with one copy (slice) out of wasm
// memory. Byte ranges are served by rendering from the start and skipping (the kernel is
// deterministic, so the bytes are the same), resuming from the nearest render checkpoint that any
// stream of the same program recorded on the way (checkpoints.ts), so a range near the end of a
// file that was streamed once costs at most one checkpoint interval of rendering.
import { PCM_BYTES } from './kernel-abi.ts';
import { compileJona, type JonaSource } from './load.ts';
import { instantiateJona } from './kernel.ts';
import { ProgramPlayer } from './player.ts';
import { checkpointsFor, renderRecording } from './checkpoints.ts';
import { validateProgram, type Program } from './program.ts';
import { WAV_HEADER_BYTES, frameBytes, writeWavHeader, type BitDepth } from './wav.ts';

/** Frames per delivered chunk: as many as the kernel's PCM area holds (131072 at 16-bit = 512 KB). */
export const wavChunkFrames = (bitDepth: BitDepth): number => Math.floor(PCM_BYTES / frameBytes(bitDepth));

export interface WavStreamOptions {
  sampleRateHz: 44100 | 48000;
  bitDepth: 16 | 24 | 32;
  /** Noise seed (default 1). Same program + seed = same bytes. */
  seed?: number;
  /** Where to get jona.wasm (default: dsp-wasm/build/jona.wasm in Node). */
  source?: JonaSource;
  /** Spacing of render checkpoints in frames (default 2^21: 43.7 s at 48 kHz, ~24 KB each). */
  checkpointEveryFrames?: number;
}

export interface WavStream {
  byteLength: number;
  contentType: 'audio/wav';
  frames: number;
  /** Bytes start..endInclusive (default: the whole file) as a stream of chunks. */
  read(start?: number, endInclusive?: number): ReadableStream<Uint8Array>;
  /** Frames at which render checkpoints of this program are held (resolves once jona.wasm is compiled). */
  checkpointFrames(): Promise<number[]>;
}

/**
 * Streams `program` as a stereo RIFF/WAVE file.
 * @example
 * const wav = createWavStream(programFromRequest({ mode: 'relax', frequency: 10, duration: 3600, amplitude: 0.8 }), { sampleRateHz: 48000, bitDepth: 16 });
 * return new Response(wav.read(), { headers: { 'content-type': wav.contentType, 'content-length': String(wav.byteLength) } });
 */
export function createWavStream(program: Program, options: WavStreamOptions): WavStream {
  validateProgram(program);
  const { sampleRateHz, bitDepth } = options;
  if (sampleRateHz !== 44100 && sampleRateHz !== 48000) throw new RangeError(`sampleRateHz must be 44100 or 48000, got ${sampleRateHz}`);
  if (bitDepth !== 16 && bitDepth !== 24 && bitDepth !== 32) throw new RangeError(`bitDepth must be 16, 24 or 32, got ${bitDepth}`);
  const frames = Math.round(program.durationSec * sampleRateHz);
  const blockAlign = frameBytes(bitDepth as BitDepth);
  const header = writeWavHeader(frames, sampleRateHz, bitDepth as BitDepth);
  const byteLength = WAV_HEADER_BYTES + frames * blockAlign;
  const seed = options.seed ?? 1;
  const chunkFrames = wavChunkFrames(bitDepth as BitDepth);
  const every = options.checkpointEveryFrames ?? 2 ** 21;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`checkpointEveryFrames must be a positive integer, got ${every}`);
  const checkpoints = async () => checkpointsFor(await compileJona(options.source), program, sampleRateHz, seed, every);

  const read = (start = 0, endInclusive = byteLength - 1): ReadableStream<Uint8Array> => {
    if (!Number.isInteger(start) || !Number.isInteger(endInclusive) || start < 0 || endInclusive < start || endInclusive >= byteLength) {
      throw new RangeError(`byte range ${start}-${endInclusive} is outside 0-${byteLength - 1}`);
    }
    let player: ProgramPlayer | undefined;
    let list: Awaited<ReturnType<typeof checkpoints>>;
    let pos = start; // next byte to deliver
    const end = endInclusive + 1;
    return new ReadableStream<Uint8Array>(
      {
        async start() {
          list = await checkpoints();
          player = new ProgramPlayer(instantiateJona(await compileJona(options.source)), program, sampleRateHz, seed);
          // Skip to the first requested frame: from the nearest checkpoint, rendering without encoding.
          const firstFrame = Math.max(0, Math.floor((start - WAV_HEADER_BYTES) / blockAlign));
          const from = list.nearest(firstFrame);
          if (from && from.frame > 0) player.resume(from);
          renderRecording(player, list, firstFrame - player.frame, () => {});
        },
        pull(controller) {
          const p = player!;
          if (pos < WAV_HEADER_BYTES) {
            controller.enqueue(header.slice(pos, Math.min(WAV_HEADER_BYTES, end)));
            pos = Math.min(WAV_HEADER_BYTES, end);
          } else {
            // The block of frames covering bytes [pos, ...): frame p.frame starts at byte blockStart.
            const blockStart = WAV_HEADER_BYTES + p.frame * blockAlign;
            const n = Math.min(chunkFrames, frames - p.frame);
            renderRecording(p, list, n, (offset, count) => p.kernel.encodeAt(count, bitDepth, offset * blockAlign));
            const from = pos - blockStart;
            const to = Math.min(n * blockAlign, end - blockStart);
            // slice(): the consumer keeps the chunk, the PCM area is rewritten by the next pull.
            controller.enqueue(p.kernel.pcm(from, to).slice());
            pos = blockStart + to;
          }
          if (pos >= end) controller.close();
        },
        // Two chunks ahead: the next chunk renders while the consumer is still writing the last one
        // (a file write runs on another thread), instead of render and write taking turns.
      },
      { highWaterMark: 2 },
    );
  };
  const checkpointFrames = async () => (await checkpoints()).frames();
  return { byteLength, contentType: 'audio/wav', frames, read, checkpointFrames };
}
