// Main-thread bridge to the analysis worker, on the shared worker bridge (workers/bridge/request-bridge.ts):
// calls go one at a time, in order, sample arrays are transferred, a DspError from the worker is rebuilt
// as a DspError here, and a worker that dies (error event, or no answer within callTimeoutMs) fails its
// call at once and is replaced on the next call.
import { DspError } from '../../dsp-wasm/src/dsp-error.ts';
import type { AnalysisResult, BandPowers, ChannelStatistics } from '../../dsp-wasm/src/analysis-types.ts';
import type { AnalyzeOptions, BandsHz, ChannelsInput, Spectrogram, Spectrum, WelchOptions } from '../../dsp-wasm/src/index.ts';
import { createWorkerBridge, type WireError } from '../bridge/request-bridge.ts';
import type { AnalysisKernels, AnalysisRequestType, ChannelArrays } from './analysis.protocol.ts';

export interface AnalysisBridgeOptions {
  /** Creates the worker; default: the bundled analysis.worker.ts as a module worker. */
  createWorker?: () => Worker;
  /** A call with no answer after this long counts as a dead worker (default 120 s). */
  callTimeoutMs?: number;
}

export interface AnalysisBridge {
  analyzeChannels(channels: ChannelsInput, sampleRateHz: number, options?: AnalyzeOptions): Promise<AnalysisResult>;
  getPsdWelch(signal: ArrayLike<number>, sampleRateHz: number, options?: WelchOptions): Promise<Spectrum>;
  getSpectrogram(signal: ArrayLike<number>, sampleRateHz: number, options?: Omit<WelchOptions, 'average'>): Promise<Spectrogram>;
  getBandPowers(spectrum: Spectrum, bands?: BandsHz, totalBandHz?: readonly [number, number]): Promise<BandPowers>;
  getStatistics(signal: ArrayLike<number>): Promise<ChannelStatistics>;
  sosfiltfilt(sos: ArrayLike<number>, signal: ArrayLike<number>): Promise<Float64Array>;
  performBandpass(signal: ArrayLike<number>, sampleRateHz: number, lowHz: number, highHz: number): Promise<Float64Array>;
  designButterworth(
    order: number,
    cutoffHz: number | readonly [number, number],
    type: 'lowpass' | 'highpass' | 'bandpass' | 'bandstop',
    sampleRateHz: number,
  ): Promise<Float64Array>;
  designNotch(frequencyHz: number, quality: number, sampleRateHz: number): Promise<Float64Array>;
  /** Whether the kernels answered from inside a worker. */
  describe(): Promise<{ inWorker: boolean; wasmResources: string[] }>;
  /** How many workers this bridge has started (1 + restarts). */
  readonly workersStarted: number;
  /** Terminates the current worker; the next call starts a fresh one. */
  terminate(): void;
}

const defaultWorker = (): Worker => new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'clisonix-analysis' });

/** A float64 copy we can transfer (never transfers the caller's own buffer). */
const toTransferable = (x: ArrayLike<number>): Float64Array => Float64Array.from(x as ArrayLike<number>);

function toChannelArrays(channels: ChannelsInput): ChannelArrays {
  const list = Array.isArray(channels) ? channels : Object.entries(channels).map(([label, samples]) => ({ label, samples }));
  return list.map(({ label, samples }) => ({ label, samples: toTransferable(samples) }));
}

/** The worker's DspError as a DspError again (same code, argument and message); other errors as they came. */
function reviveAnalysisError(wire: WireError): Error {
  if (wire.name !== 'DspError') return Object.assign(new Error(wire.message), { name: wire.name });
  const error = new DspError(Number(wire.code), String(wire.argument));
  error.message = wire.message;
  return error;
}

/**
 * Creates the bridge; the worker starts on the first call.
 * @example
 *   const analysis = createAnalysisBridge();
 *   const result = await analysis.analyzeChannels({ Fp1: samples }, 256);
 */
export function createAnalysisBridge(options: AnalysisBridgeOptions = {}): AnalysisBridge {
  const bridge = createWorkerBridge({
    name: 'analysis worker',
    createWorker: options.createWorker ?? defaultWorker,
    timeoutMs: options.callTimeoutMs ?? 120_000,
    oneAtATime: true,
    reviveError: reviveAnalysisError,
  });

  const call = <K extends AnalysisRequestType>(type: K, args: Parameters<AnalysisKernels[K]>, transfer: Transferable[] = []) =>
    bridge.request<ReturnType<AnalysisKernels[K]>>({ type, args }, { transfer });

  return {
    analyzeChannels: (channels, fs, opts) => {
      const arrays = toChannelArrays(channels);
      return call(
        'analyzeChannels',
        [arrays, fs, opts],
        arrays.map((c) => c.samples.buffer),
      );
    },
    getPsdWelch: (signal, fs, opts) => {
      const x = toTransferable(signal);
      return call('getPsdWelch', [x, fs, opts], [x.buffer]);
    },
    getSpectrogram: (signal, fs, opts) => {
      const x = toTransferable(signal);
      return call('getSpectrogram', [x, fs, opts], [x.buffer]);
    },
    getBandPowers: (spectrum, bands, total) => call('getBandPowers', [spectrum, bands, total]),
    getStatistics: (signal) => {
      const x = toTransferable(signal);
      return call('getStatistics', [x], [x.buffer]);
    },
    sosfiltfilt: (sos, signal) => {
      const x = toTransferable(signal);
      return call('sosfiltfilt', [Float64Array.from(sos), x], [x.buffer]);
    },
    performBandpass: (signal, fs, lo, hi) => {
      const x = toTransferable(signal);
      return call('performBandpass', [x, fs, lo, hi], [x.buffer]);
    },
    designButterworth: (order, cutoff, type, fs) => call('designButterworth', [order, cutoff, type, fs]),
    designNotch: (f0, q, fs) => call('designNotch', [f0, q, fs]),
    describe: () => call('describe', []),
    get workersStarted() {
      return bridge.workersStarted;
    },
    terminate: () => bridge.terminate(),
  };
}
