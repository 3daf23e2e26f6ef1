// AudioWorkletProcessor running the JONA kernel. The main thread compiles jona.wasm once and
// passes the Module in processorOptions; the instance is created synchronously here.
// process() never allocates, logs or awaits: events wait in a preallocated queue, the output is
// copied with plain loops, the stats table is a preallocated Float64Array.
import { instantiateJona, type JonaKernel } from '../../dsp-wasm/src/jona/kernel.ts';
import { ProgramPlayer } from '../../dsp-wasm/src/jona/player.ts';
import { MASTER_VOICE, PARAM_IDS } from '../../dsp-wasm/src/jona/kernel-abi.ts';
import type { ProgramEvent } from '../../dsp-wasm/src/jona/program.ts';
import * as S from './jona.protocol.ts';

declare const sampleRate: number;
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}
declare function registerProcessor(name: string, ctor: unknown): void;

const QUEUE = 256;
/** Quanta rendered on a throwaway kernel before the first heard one (about 21 ms of audio at 48 kHz). */
const WARM_UP_QUANTA = 8;
// Worklet scopes may lack `performance`; Date.now() then still gives an unbiased mean over many quanta.
const now: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

class JonaProcessor extends AudioWorkletProcessor {
  static get parameterDescriptors() {
    // -1 = "leave it to the program"; any other value overrides it (smoothed in the kernel).
    return [
      { name: 'masterGain', defaultValue: -1, minValue: -1, maxValue: 4, automationRate: 'k-rate' },
      { name: 'beatHz', defaultValue: -1, minValue: -1, maxValue: 100, automationRate: 'k-rate' },
      { name: 'carrierHz', defaultValue: -1, minValue: -1, maxValue: 2000, automationRate: 'k-rate' },
      { name: 'noiseLevel', defaultValue: -1, minValue: -1, maxValue: 4, automationRate: 'k-rate' },
    ];
  }

  private readonly kernel: JonaKernel;
  private player: ProgramPlayer;
  private readonly stats: Float64Array;
  private readonly queue: ({ event: ProgramEvent; atFrame: number; tag: number; sourceMs: number } | null)[] = new Array(QUEUE).fill(null);
  private qHead = 0;
  private qTail = 0;
  private outL: Float32Array | null = null;
  private outR: Float32Array | null = null;
  private base = 0;
  private readonly lastParam = new Float64Array(4).fill(-1);
  private readonly sink = (offset: number, n: number): void => {
    const l = this.kernel.left();
    const r = this.kernel.right();
    const oL = this.outL!;
    const oR = this.outR!;
    const at = this.base + offset;
    for (let i = 0; i < n; i++) {
      oL[at + i] = l[i]!;
      oR[at + i] = r[i]!;
    }
  };

  constructor(options: { processorOptions: S.JonaProcessorOptions }) {
    super(options);
    const { module, program, seed, stats } = options.processorOptions;
    // The first calls into fresh wasm code run slowly (it is not optimised yet): rendering a few quanta
    // of the same program on a second instance of the module, thrown away, makes the first quantum
    // that is heard as fast as the rest instead of counting as an underrun.
    const warmUp = new ProgramPlayer(instantiateJona(module), program, sampleRate, seed);
    for (let q = 0; q < WARM_UP_QUANTA; q++) warmUp.render(128, () => {});
    this.kernel = instantiateJona(module);
    this.player = new ProgramPlayer(this.kernel, program, sampleRate, seed);
    this.stats = stats ? new Float64Array(stats) : new Float64Array(S.STATS_SLOTS);
    this.stats[S.STATS_LIMITER_DELAY_FRAMES] = this.kernel.latencyFrames();
    this.stats[S.STATS_TAG] = -1; // no tagged event applied yet
    this.stats[S.STATS_TAG_SOURCE_MS] = Number.NaN;
    this.port.onmessage = (e: MessageEvent<S.JonaInMessage>) => this.onMessage(e.data);
  }

  private onMessage(msg: S.JonaInMessage): void {
    try {
      if (msg.type === 'event') {
        const next = (this.qTail + 1) % QUEUE;
        if (next === this.qHead) {
          this.stats[S.STATS_DROPPED_EVENTS]!++;
          return;
        }
        this.queue[this.qTail] = { event: msg.event, atFrame: msg.atFrame ?? -1, tag: msg.tag ?? -1, sourceMs: msg.sourceMs ?? Number.NaN };
        this.qTail = next;
      } else if (msg.type === 'program') {
        this.player = new ProgramPlayer(this.kernel, msg.program, sampleRate, msg.seed);
      } else if (msg.type === 'attach-port') {
        msg.port.onmessage = (e: MessageEvent<S.JonaInMessage>) => this.onMessage(e.data);
      } else if (msg.type === 'stats') {
        this.port.postMessage({ type: 'stats', stats: this.stats.slice() } satisfies S.JonaOutMessage);
      }
    } catch (error) {
      this.port.postMessage({ type: 'error', message: (error as Error).message } satisfies S.JonaOutMessage);
    }
  }

  private applyParam(index: number, value: number, voice: number, param: number): void {
    if (value !== this.lastParam[index]) {
      this.lastParam[index] = value;
      if (value >= 0) this.kernel.setParam(voice, param, value, 0);
    }
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean {
    const t0 = now();
    const out = outputs[0]!;
    this.outL = out[0]!;
    this.outR = out[1] ?? out[0]!;
    const frames = this.outL.length;
    this.applyParam(0, parameters.masterGain![0]!, MASTER_VOICE, PARAM_IDS.gain);
    this.applyParam(1, parameters.beatHz![0]!, 0, PARAM_IDS.beatHz);
    this.applyParam(2, parameters.carrierHz![0]!, 0, PARAM_IDS.carrierHz);
    this.applyParam(3, parameters.noiseLevel![0]!, 1, PARAM_IDS.level);
    // Live events: applied at their frame within this quantum (or now, if late or untimed).
    let done = 0;
    while (this.qHead !== this.qTail) {
      const item = this.queue[this.qHead]!;
      const offset = item.atFrame < 0 ? 0 : Math.min(frames, Math.max(0, item.atFrame - currentFrame));
      if (offset >= frames) break;
      if (offset > done) {
        this.base = done;
        this.player.render(offset - done, this.sink);
        done = offset;
      }
      this.player.apply(item.event);
      if (item.tag >= 0) {
        this.stats[S.STATS_TAG] = item.tag;
        this.stats[S.STATS_TAG_FRAME] = currentFrame + done;
        this.stats[S.STATS_TAG_SOURCE_MS] = item.sourceMs;
      }
      this.queue[this.qHead] = null;
      this.qHead = (this.qHead + 1) % QUEUE;
    }
    if (done < frames) {
      this.base = done;
      this.player.render(frames - done, this.sink);
    }
    const ms = now() - t0;
    const st = this.stats;
    st[S.STATS_QUANTA]!++;
    st[S.STATS_LAST_MS] = ms;
    st[S.STATS_SUM_MS]! += ms;
    st[S.STATS_MEAN_MS] = st[S.STATS_SUM_MS]! / st[S.STATS_QUANTA]!;
    if (ms > st[S.STATS_MAX_MS]!) st[S.STATS_MAX_MS] = ms;
    if (ms > (frames / sampleRate) * 1000) st[S.STATS_UNDERRUNS]!++;
    st[S.STATS_FRAME] = currentFrame + frames;
    st[S.STATS_LIMITER_GAIN] = this.kernel.limiterGain();
    return true;
  }
}

registerProcessor(S.JONA_PROCESSOR, JonaProcessor);
