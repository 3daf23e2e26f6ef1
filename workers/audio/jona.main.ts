// Main-thread half of the JONA worklet: compiles jona.wasm once, loads the processor, creates
// nodes and reads their stats (SharedArrayBuffer when crossOriginIsolated, else over the port).
import workletUrl from './jona.worklet.ts?worker&url';
import jonaWasmUrl from '../../dsp-wasm/build/jona.wasm?url';
import type { Program, ProgramEvent } from '../../dsp-wasm/src/jona/program.ts';
import * as S from './jona.protocol.ts';

let compiled: Promise<WebAssembly.Module> | undefined;
const loadedContexts = new WeakSet<BaseAudioContext>();

/** Compiles jona.wasm once per page. */
export function compileJonaModule(url: string = jonaWasmUrl): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compileStreaming(fetch(url));
  return compiled;
}

export interface JonaStats {
  quanta: number;
  underruns: number;
  lastQuantumMs: number;
  meanQuantumMs: number;
  maxQuantumMs: number;
  /** Mean time per quantum as a share of its budget (128 / sampleRate). */
  budgetShare: number;
  frame: number;
  lastTag: number;
  lastTagFrame: number;
  /** Host time (epoch ms) of the newest EEG sample behind the last tagged event; NaN when it had none. */
  lastTagSourceMs: number;
  /** The limiter's look-ahead, frames: a change applied at a frame leaves the node this much later. */
  limiterDelayFrames: number;
  limiterGain: number;
  droppedEvents: number;
}

export interface JonaNode {
  node: AudioWorkletNode;
  /** Sends an event; with `atFrame` (context frame) it lands on that exact sample. */
  send(event: ProgramEvent, options?: { atFrame?: number; tag?: number; sourceMs?: number }): void;
  setProgram(program: Program, seed?: number): void;
  stats(): Promise<JonaStats>;
  /**
   * A port into the processor for another thread (the neurofeedback worker): events posted on it reach
   * the worklet directly, without the page. Transfer it to that thread.
   */
  openEventPort(): MessagePort;
  /** Reads the stats now, synchronously; null when the page is not cross-origin isolated (no shared table). */
  statsNow(): JonaStats | null;
  /** Resolves once the processor has handled every message sent before (one port round trip). */
  flush(): Promise<void>;
  param(name: 'masterGain' | 'beatHz' | 'carrierHz' | 'noiseLevel'): AudioParam;
}

/**
 * Creates a JONA node on `context` playing `program`. Connect `node` to the destination yourself.
 * @example const jona = await createJonaNode(ctx, programFromRequest({...})); jona.node.connect(ctx.destination);
 */
export async function createJonaNode(
  context: BaseAudioContext,
  program: Program,
  options: { seed?: number; module?: WebAssembly.Module } = {},
): Promise<JonaNode> {
  const module = options.module ?? (await compileJonaModule());
  if (!loadedContexts.has(context)) {
    await context.audioWorklet.addModule(workletUrl);
    loadedContexts.add(context);
  }
  const shared = globalThis.crossOriginIsolated ? new SharedArrayBuffer(S.STATS_SLOTS * 8) : undefined;
  const processorOptions: S.JonaProcessorOptions = { module, program, seed: options.seed ?? 1, stats: shared };
  const node = new AudioWorkletNode(context, S.JONA_PROCESSOR, { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [2], processorOptions });
  const post = (msg: S.JonaInMessage) => node.port.postMessage(msg);
  const waiting: ((stats: Float64Array) => void)[] = [];
  node.port.onmessage = (e: MessageEvent<S.JonaOutMessage>) => {
    if (e.data.type === 'stats') waiting.shift()?.(e.data.stats);
    else console.error(`JONA worklet: ${e.data.message}`);
  };
  const askPort = (): Promise<Float64Array> =>
    new Promise((resolve) => {
      waiting.push(resolve);
      post({ type: 'stats' });
    });
  const readRaw = (): Promise<Float64Array> => (shared ? Promise.resolve(new Float64Array(shared).slice()) : askPort());
  const toStats = (s: Float64Array): JonaStats => ({
    quanta: s[S.STATS_QUANTA]!,
    underruns: s[S.STATS_UNDERRUNS]!,
    lastQuantumMs: s[S.STATS_LAST_MS]!,
    meanQuantumMs: s[S.STATS_MEAN_MS]!,
    maxQuantumMs: s[S.STATS_MAX_MS]!,
    budgetShare: s[S.STATS_MEAN_MS]! / S.quantumBudgetMs(context.sampleRate),
    frame: s[S.STATS_FRAME]!,
    lastTag: s[S.STATS_TAG]!,
    lastTagFrame: s[S.STATS_TAG_FRAME]!,
    lastTagSourceMs: s[S.STATS_TAG_SOURCE_MS]!,
    limiterDelayFrames: s[S.STATS_LIMITER_DELAY_FRAMES]!,
    limiterGain: s[S.STATS_LIMITER_GAIN]!,
    droppedEvents: s[S.STATS_DROPPED_EVENTS]!,
  });
  return {
    node,
    send: (event, o = {}) => post({ type: 'event', event, atFrame: o.atFrame, tag: o.tag, sourceMs: o.sourceMs }),
    setProgram: (p, seed = 1) => post({ type: 'program', program: p, seed }),
    param: (name) => node.parameters.get(name)!,
    flush: async () => {
      await askPort();
    },
    openEventPort() {
      const channel = new MessageChannel();
      node.port.postMessage({ type: 'attach-port', port: channel.port2 } satisfies S.JonaInMessage, [channel.port2]);
      return channel.port1;
    },
    statsNow: () => (shared ? toStats(new Float64Array(shared).slice()) : null),
    stats: async () => toStats(await readRaw()),
  };
}
