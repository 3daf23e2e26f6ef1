// Page side of the JONA render worker, on the shared worker bridge: one worker per render, stopped
// when the render ends, fails or is aborted (rendering is synchronous in the worker, so stopping the
// worker is how it is cancelled). A render that reports no progress for RENDER_SILENCE_MS counts as dead.
import type { Program } from '../../dsp-wasm/src/jona/program.ts';
import type { BitDepth } from '../../dsp-wasm/src/jona/wav.ts';
import { createWorkerBridge } from '../bridge/request-bridge.ts';
import { compileJonaModule } from './jona.main.ts';
import type { FromRender, RenderProgress, RenderResult } from './render.protocol.ts';

const RENDER_SILENCE_MS = 30_000;

export interface RenderOptions {
  sampleRateHz?: 44100 | 48000;
  bitDepth?: BitDepth;
  seed?: number;
  /** OPFS file to write (the result names it); without it the result carries a Blob. */
  fileName?: string;
  /** Frames done and the total, as the worker reports them. */
  onProgress?: (doneFrames: number, totalFrames: number) => void;
  /** Stops the render (the worker is terminated). */
  signal?: AbortSignal;
  /** Cores to render on (default navigator.hardwareConcurrency); the file is the same for any count. */
  threads?: number;
}

/**
 * Renders `program` as WAV in the render worker (default 48 kHz, 16-bit stereo).
 * @example const { blob } = await renderProgram(program, { onProgress: (done, total) => show(done / total) });
 */
export async function renderProgram(program: Program, options: RenderOptions = {}): Promise<RenderResult> {
  const module = await compileJonaModule();
  options.signal?.throwIfAborted();
  const bridge = createWorkerBridge<FromRender>({
    name: 'render worker',
    createWorker: () => new Worker(new URL('./render.worker.ts', import.meta.url), { type: 'module', name: 'jona-render' }),
    timeoutMs: RENDER_SILENCE_MS,
  });
  try {
    const { sampleRateHz = 48000, bitDepth = 16, seed, fileName, onProgress, signal, threads } = options;
    return await bridge.request<RenderResult, RenderProgress>(
      { type: 'render', module, program, sampleRateHz, bitDepth, seed, fileName, threads },
      { signal, onEvent: (e) => onProgress?.(e.doneFrames, e.totalFrames) },
    );
  } finally {
    bridge.terminate();
  }
}
