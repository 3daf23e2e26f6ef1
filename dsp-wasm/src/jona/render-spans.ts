// A WAV render split into contiguous spans of the program that render side by side (one per core)
// and join bit-identically. Pure: the drivers (worker_threads in Node, Web Workers in the page)
// run renderSpan in each worker and joinSpans on the thread that owns the output.
//
//   span 0:  reset ------------------------------------------> render [0, F1)          end state E0
//   span 1:  reset -> skip to F1 - warm -> render warm-up to F1 (guess G1) -> render [F1, F2)   E1
//   span 2:  reset -> skip to F2 - warm -> render warm-up to F2 (guess G2) -> render [F2, end)
//
// skip() moves phases, ramps and noise counters on exactly and leaves the decaying filter states
// (pink, brown, limiter) as a guess; the warm-up renders them onto the real states. The output
// from frame F on is a function of the kernel state at F alone (checkpoints rely on the same), so
// span i is right when its guess G_i equals the state E_(i-1) that span i-1 reached at F_i, byte
// for byte. joinSpans checks that for every split and renders a span again from E_(i-1) (the
// checkpoint restored exactly) when it does not hold, so the join is bit-identical either way.
import { BLOCK_MAX, PCM_BYTES } from './kernel-abi.ts';
import type { JonaKernel } from './kernel.ts';
import { type PlayerCheckpoint, ProgramPlayer } from './player.ts';
import type { Program } from './program.ts';
import { type BitDepth, frameBytes, WAV_HEADER_BYTES } from './wav.ts';

/**
 * Frames rendered from the guessed state before a span starts: 2^17 (2.7 s at 48 kHz). The
 * slowest guessed state, brown noise's 2 Hz leak, forgets a unit error within ~61k samples
 * (0.9997^n < 2^-26); pink's slowest pole (0.99886) within ~16k.
 */
export const WARM_FRAMES = 2 ** 17;
/** Spans are not cut shorter than this (a shorter program renders as fewer spans, or one). */
export const MIN_SPAN_FRAMES = 2 ** 18;
/**
 * The last TAIL_FRAMES before a span's end, and before its start in the warm-up, are rendered as
 * one player.render call on both sides, so that both kernels' last render covers the same frames:
 * the saved state also holds the lowest limiter gain of the last render, which depends on it.
 */
const TAIL_FRAMES = BLOCK_MAX;

export interface RenderSpan {
  index: number;
  /** First frame of the span. */
  startFrame: number;
  /** One past its last frame. */
  endFrame: number;
}

export interface SpanRenderOptions {
  sampleRateHz: number;
  bitDepth: BitDepth;
  seed: number;
  /** Warm-up frames before a span (default WARM_FRAMES). Tests make it short to force a re-render. */
  warmFrames?: number;
}

export interface SpanResult {
  /** Kernel state reached at startFrame from the guess (absent for span 0 and for exact starts). */
  startState?: Uint8Array;
  /** Kernel state at endFrame (absent when the span ends the program). */
  endState?: Uint8Array;
}

/**
 * Cuts `totalFrames` into at most `count` contiguous spans of about equal length, at multiples of
 * the kernel's block size, none shorter than MIN_SPAN_FRAMES (so short programs get fewer spans).
 * @example planSpans(172_800_000, 2) // [{ index: 0, startFrame: 0, endFrame: 86_401_024 }, { index: 1, ... }]
 */
export function planSpans(totalFrames: number, count: number): RenderSpan[] {
  if (!Number.isInteger(totalFrames) || totalFrames < 1)
    throw new RangeError(`a render needs at least one frame, got ${totalFrames} (is durationSec 0?)`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`span count must be a positive integer, got ${count}`);
  const n = Math.max(1, Math.min(count, Math.floor(totalFrames / MIN_SPAN_FRAMES)));
  const cuts = [0];
  for (let i = 1; i < n; i++) cuts.push(Math.round((totalFrames * i) / n / BLOCK_MAX) * BLOCK_MAX);
  cuts.push(totalFrames);
  return cuts.slice(0, -1).map((startFrame, index) => ({ index, startFrame, endFrame: cuts[index + 1]! }));
}

/** Byte offset of frame `frame` in the WAV file. */
export const wavByteOffset = (frame: number, bitDepth: BitDepth): number => WAV_HEADER_BYTES + frame * frameBytes(bitDepth);

/**
 * Renders `player` on to frame `to` in chunks of at most `chunkFrames`, with a cut at
 * `to - TAIL_FRAMES` (see TAIL_FRAMES); `chunk(count)` follows each chunk's render, then it yields.
 */
function* renderTo(
  player: ProgramPlayer,
  to: number,
  chunkFrames: number,
  encode: ((at: number, count: number) => void) | undefined,
  chunk: (count: number) => void,
): Generator<void, void> {
  const tailStart = to - TAIL_FRAMES;
  while (player.frame < to) {
    let n = Math.min(chunkFrames, to - player.frame);
    if (player.frame < tailStart) n = Math.min(n, tailStart - player.frame);
    player.render(n, encode ?? (() => {}));
    chunk(n);
    yield;
  }
}

/**
 * renderSpan one chunk at a time: yields after each chunk (at most 512 KB of PCM), so a thread
 * that also has messages to answer can render a span between them. Returns the span's states.
 */
export function* renderSpanSteps(
  kernel: JonaKernel,
  program: Program,
  options: SpanRenderOptions,
  span: RenderSpan,
  write: (bytes: Uint8Array, fileOffset: number) => void,
  from?: PlayerCheckpoint,
): Generator<void, SpanResult> {
  const player = new ProgramPlayer(kernel, program, options.sampleRateHz, options.seed);
  const { startFrame, endFrame } = span;
  if (!(Number.isInteger(startFrame) && Number.isInteger(endFrame) && startFrame >= 0 && startFrame < endFrame && endFrame <= player.totalFrames))
    throw new RangeError(`span ${startFrame}-${endFrame} is outside the program's ${player.totalFrames} frames`);
  const align = frameBytes(options.bitDepth);
  const chunkFrames = Math.floor(PCM_BYTES / align);
  const result: SpanResult = {};
  if (from) {
    if (from.frame !== startFrame) throw new RangeError(`checkpoint at frame ${from.frame} cannot start a span at ${startFrame}`);
    player.resume(from);
  } else if (startFrame > 0) {
    const warm = Math.max(TAIL_FRAMES, options.warmFrames ?? WARM_FRAMES);
    player.skip(Math.max(0, startFrame - warm));
    yield* renderTo(player, startFrame, chunkFrames, undefined, () => {});
    result.startState = kernel.saveState();
  }
  // Each chunk is encoded in place in the kernel's PCM area and written from there (no copy).
  let offset = wavByteOffset(startFrame, options.bitDepth);
  yield* renderTo(
    player,
    endFrame,
    chunkFrames,
    (at, count) => kernel.encodeAt(count, options.bitDepth, at * align),
    (count) => {
      write(kernel.pcm(0, count * align), offset);
      offset += count * align;
    },
  );
  if (endFrame < player.totalFrames) result.endState = kernel.saveState();
  return result;
}

/**
 * Renders one span of `program` as 16/24/32-bit PCM: `write(bytes, fileOffset)` receives each
 * chunk with its byte offset in the whole WAV file (the bytes are a view into wasm memory, valid
 * during the call). Starts from `from` when given (an exact state at span.startFrame), else from
 * a guess (skip + warm-up) whose state it returns for joinSpans to check.
 * @example
 * const result = renderSpan(kernel, program, { sampleRateHz: 48000, bitDepth: 16, seed: 1 }, spans[1], (b, at) => writeSync(fd, b, 0, b.length, at));
 */
export function renderSpan(
  kernel: JonaKernel,
  program: Program,
  options: SpanRenderOptions,
  span: RenderSpan,
  write: (bytes: Uint8Array, fileOffset: number) => void,
  from?: PlayerCheckpoint,
): SpanResult {
  const steps = renderSpanSteps(kernel, program, options, span, write, from);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** True when two saved kernel states are the same bytes. */
export function sameState(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Renders every span through `run` at once (each call on its own worker), then checks each split:
 * span i is kept when its start state equals span i-1's end state, and rendered again from that
 * state otherwise (in order, so a re-rendered span's end state checks the next split). Rejects as
 * soon as any run rejects. Resolves with the indexes of the spans rendered twice.
 * @example const { rerendered } = await joinSpans(planSpans(frames, 2), (span, from) => pool.render(span, from));
 */
export async function joinSpans(
  spans: readonly RenderSpan[],
  run: (span: RenderSpan, from?: PlayerCheckpoint) => Promise<SpanResult>,
): Promise<{ rerendered: number[] }> {
  const results = await Promise.all(spans.map((span) => run(span)));
  const rerendered: number[] = [];
  for (let i = 1; i < spans.length; i++) {
    const before = results[i - 1]!.endState;
    if (!before) throw new Error(`span ${i - 1} returned no end state`);
    if (sameState(results[i]!.startState, before)) continue;
    results[i] = await run(spans[i]!, { frame: spans[i]!.startFrame, state: before });
    rerendered.push(i);
  }
  return { rerendered };
}
