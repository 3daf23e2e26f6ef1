// Main-thread bridge to the analysis worker. Calls are queued (one at a time, in order), sample
// arrays are transferred, a DspError from the worker is rebuilt as a DspError here, and a worker
// that dies (error event, or no answer within callTimeoutMs) is terminated and replaced on the next call.
import * as Comlink from 'comlink';
import { DspError } from '../../dsp-wasm/src/dsp-error.ts';
import type { AnalysisResult, BandPowers, ChannelStatistics } from '../../dsp-wasm/src/analysis-types.ts';
import type { AnalyzeOptions, BandsHz, ChannelsInput, Spectrogram, Spectrum, WelchOptions } from '../../dsp-wasm/src/index.ts';
import type { AnalysisWorkerApi, ChannelArrays, Reply } from './analysis.protocol.ts';

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

/**
 * Creates the bridge; the worker starts on the first call.
 * @example
 *   const analysis = createAnalysisBridge();
 *   const result = await analysis.analyzeChannels({ Fp1: samples }, 256);
 */
export function createAnalysisBridge(options: AnalysisBridgeOptions = {}): AnalysisBridge {
  const createWorker = options.createWorker ?? defaultWorker;
  const timeoutMs = options.callTimeoutMs ?? 120_000;
  let worker: Worker | null = null;
  let remote: Comlink.Remote<AnalysisWorkerApi> | null = null;
  let started = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let failCurrent: ((error: Error) => void) | null = null;

  const stop = () => {
    remote?.[Comlink.releaseProxy]();
    worker?.terminate();
    worker = null;
    remote = null;
  };

  const ensure = (): Comlink.Remote<AnalysisWorkerApi> => {
    if (!remote) {
      const w = createWorker();
      started++;
      w.addEventListener('error', (event) => {
        event.preventDefault?.();
        if (worker === w) stop();
        failCurrent?.(new Error(`analysis worker died: ${(event as ErrorEvent).message ?? 'error event'}`));
      });
      worker = w;
      remote = Comlink.wrap<AnalysisWorkerApi>(w);
    }
    return remote;
  };

  function call<T>(invoke: (api: Comlink.Remote<AnalysisWorkerApi>) => Promise<Reply<T>>): Promise<T> {
    const run = () =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`analysis worker gave no answer within ${timeoutMs} ms; it was restarted`));
        }, timeoutMs);
        failCurrent = (error) => {
          clearTimeout(timer);
          reject(error);
        };
        invoke(ensure()).then(
          (reply) => {
            clearTimeout(timer);
            if (reply.ok) resolve(reply.value);
            else if (reply.error.name === 'DspError') {
              const error = new DspError(reply.error.code, reply.error.argument);
              error.message = reply.error.message;
              reject(error);
            } else reject(new Error(reply.error.message));
          },
          (error: unknown) => {
            clearTimeout(timer);
            stop();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      }).finally(() => {
        failCurrent = null;
      });
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  return {
    analyzeChannels: (channels, fs, opts) => {
      const arrays = toChannelArrays(channels);
      return call((api) =>
        api.analyzeChannels(
          Comlink.transfer(
            arrays,
            arrays.map((c) => c.samples.buffer as ArrayBuffer),
          ),
          fs,
          opts,
        ),
      );
    },
    getPsdWelch: (signal, fs, opts) => {
      const x = toTransferable(signal);
      return call((api) => api.getPsdWelch(Comlink.transfer(x, [x.buffer]), fs, opts));
    },
    getSpectrogram: (signal, fs, opts) => {
      const x = toTransferable(signal);
      return call((api) => api.getSpectrogram(Comlink.transfer(x, [x.buffer]), fs, opts));
    },
    getBandPowers: (spectrum, bands, total) => call((api) => api.getBandPowers(spectrum, bands, total)),
    getStatistics: (signal) => {
      const x = toTransferable(signal);
      return call((api) => api.getStatistics(Comlink.transfer(x, [x.buffer])));
    },
    sosfiltfilt: (sos, signal) => {
      const x = toTransferable(signal);
      return call((api) => api.sosfiltfilt(Float64Array.from(sos), Comlink.transfer(x, [x.buffer])));
    },
    performBandpass: (signal, fs, lo, hi) => {
      const x = toTransferable(signal);
      return call((api) => api.performBandpass(Comlink.transfer(x, [x.buffer]), fs, lo, hi));
    },
    designButterworth: (order, cutoff, type, fs) => call((api) => api.designButterworth(order, cutoff, type, fs)),
    designNotch: (f0, q, fs) => call((api) => api.designNotch(f0, q, fs)),
    describe: () => call((api) => api.describe()),
    get workersStarted() {
      return started;
    },
    terminate: stop,
  };
}
