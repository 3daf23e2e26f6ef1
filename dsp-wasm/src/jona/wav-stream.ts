// A WAV file of a Program rendered on the fly: 16384-frame chunks are rendered as the consumer
// pulls, so a one-hour file starts at once and needs a few hundred KB. Byte ranges are served by
// rendering from the start and skipping (the kernel is deterministic, so the bytes are the same).
import { BLOCK_MAX } from './kernel-abi.ts';
import { compileJona, type JonaSource } from './load.ts';
import { instantiateJona } from './kernel.ts';
import { ProgramPlayer } from './player.ts';
import { validateProgram, type Program } from './program.ts';
import { WAV_HEADER_BYTES, frameBytes, writeWavHeader, type BitDepth } from './wav.ts';

/** Frames per delivered chunk: 4 kernel blocks (64 KB at 16-bit), few enough promises per hour. */
const CHUNK_FRAMES = 4 * BLOCK_MAX;

export interface WavStreamOptions {
  sampleRateHz: 44100 | 48000;
  bitDepth: 16 | 24 | 32;
  /** Noise seed (default 1). Same program + seed = same bytes. */
  seed?: number;
  /** Where to get jona.wasm (default: dsp-wasm/build/jona.wasm in Node). */
  source?: JonaSource;
}

export interface WavStream {
  byteLength: number;
  contentType: 'audio/wav';
  frames: number;
  /** Bytes start..endInclusive (default: the whole file) as a stream of chunks. */
  read(start?: number, endInclusive?: number): ReadableStream<Uint8Array>;
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

  const read = (start = 0, endInclusive = byteLength - 1): ReadableStream<Uint8Array> => {
    if (!Number.isInteger(start) || !Number.isInteger(endInclusive) || start < 0 || endInclusive < start || endInclusive >= byteLength) {
      throw new RangeError(`byte range ${start}-${endInclusive} is outside 0-${byteLength - 1}`);
    }
    let player: ProgramPlayer | undefined;
    let pos = start; // next byte to deliver
    const end = endInclusive + 1;
    return new ReadableStream<Uint8Array>({
      async start() {
        player = new ProgramPlayer(instantiateJona(await compileJona(options.source)), program, sampleRateHz, seed);
        // Render-and-skip to the block holding the first requested sample.
        const firstFrame = Math.max(0, Math.floor((start - WAV_HEADER_BYTES) / blockAlign));
        while (player.frame < firstFrame) player.render(Math.min(BLOCK_MAX, firstFrame - player.frame), () => {});
      },
      pull(controller) {
        const p = player!;
        if (pos < WAV_HEADER_BYTES) {
          controller.enqueue(header.slice(pos, Math.min(WAV_HEADER_BYTES, end)));
          pos = Math.min(WAV_HEADER_BYTES, end);
        } else {
          // The block of frames covering bytes [pos, ...): frame p.frame starts at byte blockStart.
          const blockStart = WAV_HEADER_BYTES + p.frame * blockAlign;
          const n = Math.min(CHUNK_FRAMES, frames - p.frame);
          const chunk = new Uint8Array(n * blockAlign);
          p.render(n, (offset, count) => chunk.set(p.kernel.encode(count, bitDepth), offset * blockAlign));
          const from = pos - blockStart;
          const to = Math.min(chunk.length, end - blockStart);
          controller.enqueue(from === 0 && to === chunk.length ? chunk : chunk.slice(from, to));
          pos = blockStart + to;
        }
        if (pos >= end) controller.close();
      },
    });
  };
  return { byteLength, contentType: 'audio/wav', frames, read };
}
