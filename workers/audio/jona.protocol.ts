// Messages and the shared stats table between jona.main.ts and jona.worklet.ts.
import type { Program, ProgramEvent } from '../../dsp-wasm/src/jona/program.ts';

export const JONA_PROCESSOR = 'jona';

/** Options handed to the processor at construction (structured-cloned; the Module is shared, not copied). */
export interface JonaProcessorOptions {
  module: WebAssembly.Module;
  program: Program;
  seed: number;
  /** Float64 stats table (STATS_* slots) on a SharedArrayBuffer, when the page is crossOriginIsolated. */
  stats?: SharedArrayBuffer;
}

/** Main -> worklet. `atFrame` (context frame) applies an event mid-quantum, sample-accurately. */
export type JonaInMessage =
  /** `sourceMs` (epoch ms, with a tag): host time of the newest EEG sample the event answers (loop latency). */
  | { type: 'event'; event: ProgramEvent; atFrame?: number; tag?: number; sourceMs?: number }
  | { type: 'program'; program: Program; seed: number }
  | { type: 'stats' }
  /** Another sender of live events (the neurofeedback worker): the port takes the same messages. */
  | { type: 'attach-port'; port: MessagePort };

/** Worklet -> main. */
export type JonaOutMessage = { type: 'stats'; stats: Float64Array } | { type: 'error'; message: string };

// Stats table slots (Float64Array). One writer: the worklet.
export const STATS_QUANTA = 0; //            render quanta processed
export const STATS_UNDERRUNS = 1; //         quanta output as silence or rendered slower than real time
export const STATS_LAST_MS = 2; //           time spent in the last quantum, ms
export const STATS_MEAN_MS = 3; //           mean time per quantum, ms (sum / quanta)
export const STATS_MAX_MS = 4; //            longest quantum, ms
export const STATS_FRAME = 5; //             context frame at the end of the last quantum
export const STATS_TAG = 6; //               tag of the last applied live event (loop-latency probe)
export const STATS_TAG_FRAME = 7; //         context frame at which that event took effect
export const STATS_LIMITER_GAIN = 8; //      lowest limiter gain in the last quantum
export const STATS_DROPPED_EVENTS = 9; //    live events dropped because the queue was full
export const STATS_SUM_MS = 10; //           total processing time, ms
export const STATS_TAG_SOURCE_MS = 11; //    sourceMs of the last tagged event (epoch ms; NaN when it had none)
export const STATS_LIMITER_DELAY_FRAMES = 12; // the limiter's look-ahead: the output lags the voices by this many frames
export const STATS_SLOTS = 13;

/** Quantum budget at a sample rate: 128 frames, in ms. */
export const quantumBudgetMs = (sampleRateHz: number): number => (128 / sampleRateHz) * 1000;
