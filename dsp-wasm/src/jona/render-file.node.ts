// A WAV file of a Program rendered on every core (Node): the program is cut into one span per
// core (render-spans.ts). This thread renders span 0 itself, a chunk at a time between its
// messages, while a worker_threads worker renders each other span; everyone writes into the file
// at its own offsets, and the join checks every split against the previous span's end state.
// The file is byte for byte the single-threaded render's (renderWav, createWavStream).
//
// Workers run a bundle of render-span-worker.node.ts that esbuild makes once per process (~55 ms):
// a worker that loads TypeScript through tsx takes ~0.5 s to start, a plain script ~50 ms. Span 0
// starts at once on this thread, so those costs overlap rendering instead of preceding it.
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compileJona, type JonaSource } from './load.ts';
import type { PlayerCheckpoint } from './player.ts';
import { type Program, validateProgram } from './program.ts';
import { joinSpans, planSpans, type RenderSpan, renderSpan, renderSpanSteps, type SpanResult } from './render-spans.ts';
import type { SpanWorkerData, SpanWorkerReply, SpanWorkerRequest } from './render-span-worker.node.ts';
import { type BitDepth, frameBytes, WAV_HEADER_BYTES, writeWavHeader } from './wav.ts';
import { instantiateJona, type JonaKernel } from './kernel.ts';

export interface RenderFileOptions {
  sampleRateHz: 44100 | 48000;
  bitDepth: BitDepth;
  /** Noise seed (default 1). */
  seed?: number;
  /** Threads, one span each (default: os.availableParallelism()): this one renders span 0, a worker each other span. */
  threads?: number;
  /** Where to get jona.wasm (default: dsp-wasm/build/jona.wasm). */
  source?: JonaSource;
  /** Warm-up frames before each span (render-spans.ts WARM_FRAMES); tests shorten it. */
  warmFrames?: number;
  /** Stops the render: the workers are terminated and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called with the workers (spans 1, 2, ...) once they are started (tests use it to kill one). */
  onWorkers?: (workers: readonly Worker[]) => void;
}

export interface RenderFileResult {
  byteLength: number;
  frames: number;
  spans: RenderSpan[];
  /** Spans rendered a second time from the exact state because the guess had not converged. */
  rerendered: number[];
}

let workerCode: Promise<string> | undefined;

/** The worker entry bundled into one CommonJS script (node: imports left to Node). */
function bundleWorker(): Promise<string> {
  workerCode ??= (async () => {
    const esbuild = await import('esbuild');
    const entry = fileURLToPath(new URL('./render-span-worker.node.ts', import.meta.url));
    const out = await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
    return out.outputFiles[0]!.text;
  })();
  workerCode.catch(() => (workerCode = undefined));
  return workerCode;
}

/** A worker that renders spans on request; rejects the pending request at once if it dies. */
class SpanWorker {
  readonly worker: Worker;
  private pending?: { resolve(result: SpanResult): void; reject(error: Error): void; index: number };
  private dead?: Error;

  constructor(code: string, data: SpanWorkerData) {
    // No inherited flags: the parent's --import tsx would load tsx in every worker (~0.4 s each),
    // and --input-type=module would read the CommonJS bundle as a module.
    this.worker = new Worker(code, { eval: true, workerData: data, execArgv: [] });
    this.worker.on('message', (reply: SpanWorkerReply) => {
      const pending = this.pending;
      this.pending = undefined;
      if (!pending) return;
      if (reply.type === 'done') pending.resolve({ startState: reply.startState, endState: reply.endState });
      else pending.reject(new Error(`render of span ${reply.index} failed: ${reply.message}`));
    });
    this.worker.on('error', (error) => this.fail(new Error(`render worker crashed: ${error.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`render worker exited (code ${code}) before it finished`)));
  }

  render(span: RenderSpan, from?: PlayerCheckpoint): Promise<SpanResult> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, index: span.index };
      this.worker.postMessage({ type: 'render', span, from } satisfies SpanWorkerRequest);
    });
  }

  private fail(error: Error): void {
    this.dead ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(new Error(`span ${pending.index}: ${error.message}`));
  }
}

/** Chunks rendered on this thread between two looks at its messages (~16 x 0.5 ms). */
const CHUNKS_PER_TURN = 16;

/**
 * Renders a span on this thread, yielding to the event loop every few chunks so that a worker's
 * death or an abort is seen at once; stops when `stop` fires.
 */
async function renderHere(
  kernel: JonaKernel,
  program: Program,
  options: Parameters<typeof renderSpan>[2],
  span: RenderSpan,
  write: (bytes: Uint8Array, at: number) => void,
  stop: AbortSignal,
  from?: PlayerCheckpoint,
): Promise<SpanResult> {
  const steps = renderSpanSteps(kernel, program, options, span, write, from);
  for (let n = 1; ; n++) {
    const step = steps.next();
    if (step.done) return step.value;
    if (n % CHUNKS_PER_TURN === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (stop.aborted) throw new Error('render stopped');
    }
  }
}

/**
 * Renders `program` into the WAV file `file` (created or replaced) on `threads` threads: this one
 * and `threads - 1` worker_threads workers.
 * @example
 * const { byteLength } = await renderWavFile(program, { sampleRateHz: 48000, bitDepth: 16 }, '/tmp/hour.wav');
 */
export async function renderWavFile(program: Program, options: RenderFileOptions, file: string): Promise<RenderFileResult> {
  validateProgram(program);
  const { sampleRateHz, bitDepth } = options;
  if (sampleRateHz !== 44100 && sampleRateHz !== 48000) throw new RangeError(`sampleRateHz must be 44100 or 48000, got ${sampleRateHz}`);
  if (bitDepth !== 16 && bitDepth !== 24 && bitDepth !== 32) throw new RangeError(`bitDepth must be 16, 24 or 32, got ${bitDepth}`);
  const frames = Math.round(program.durationSec * sampleRateHz);
  const spans = planSpans(frames, options.threads ?? availableParallelism());
  const header = writeWavHeader(frames, sampleRateHz, bitDepth);
  const byteLength = WAV_HEADER_BYTES + frames * frameBytes(bitDepth);
  const spanOptions = { sampleRateHz, bitDepth, seed: options.seed ?? 1, warmFrames: options.warmFrames };
  options.signal?.throwIfAborted();
  // The bundle is made while span 0 renders here; the workers start when it is ready.
  const code = spans.length > 1 ? bundleWorker() : undefined;
  code?.catch(() => {});
  const module = await compileJona(options.source);
  options.signal?.throwIfAborted();
  const fd = openSync(file, 'w');
  const writeAt = (bytes: Uint8Array, at: number) => {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
  };
  const kernel = instantiateJona(module);
  let workers: Promise<SpanWorker[]> | undefined;
  const stop = new AbortController(); // set when the render fails: span 0 stops at its next chunk
  try {
    writeAt(header, 0);
    ftruncateSync(fd, byteLength);
    if (spans.length === 1) {
      renderSpan(kernel, program, spanOptions, spans[0]!, writeAt);
      return { byteLength, frames, spans, rerendered: [] };
    }
    const data: SpanWorkerData = { module, program, options: spanOptions, file };
    workers = code!.then((source) => {
      const started = spans.slice(1).map(() => new SpanWorker(source, data));
      options.onWorkers?.(started.map((w) => w.worker));
      return started;
    });
    const aborted = new Promise<never>((_, reject) => {
      const signal = options.signal;
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    aborted.catch(() => {});
    const ready = workers;
    const join = joinSpans(spans, (span, from) =>
      span.index === 0
        ? renderHere(kernel, program, spanOptions, span, writeAt, stop.signal, from)
        : ready.then((started) => started[span.index - 1]!.render(span, from)),
    );
    const { rerendered } = await Promise.race([join, aborted]);
    return { byteLength, frames, spans, rerendered };
  } finally {
    stop.abort();
    const started = await workers?.catch(() => []);
    await Promise.all((started ?? []).map((w) => w.worker.terminate()));
    closeSync(fd);
  }
}
