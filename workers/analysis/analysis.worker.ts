// Analysis worker: runs the ALBI kernels (albi.wasm) off the UI thread, one request (ToAnalysis) at a
// time. Results go back with their buffers transferred (no copy). Errors, bad requests included, are
// answered as data and the worker keeps serving. The wasm is loaded once, on the first call.
/// <reference lib="webworker" />
import albiUrl from '../../dsp-wasm/build/albi.wasm?url';
import { loadAlbi, type Albi } from '../../dsp-wasm/src/index.ts';
import { answerRequest, collectBuffers } from '../protocol/reply.ts';
import type { AnalysisKernels, ToAnalysis } from './analysis.protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let albiPromise: Promise<Albi> | null = null;
const getAlbi = (): Promise<Albi> => (albiPromise ??= loadAlbi(albiUrl));

type Kernels = { [K in keyof AnalysisKernels]: (albi: Albi, ...args: Parameters<AnalysisKernels[K]>) => ReturnType<AnalysisKernels[K]> };

const kernels: Kernels = {
  ping: () => 'pong',
  analyzeChannels: (a, channels, fs, options) => a.analyzeChannels(channels, fs, options),
  getPsdWelch: (a, signal, fs, options) => a.getPsdWelch(signal, fs, options),
  getSpectrogram: (a, signal, fs, options) => a.getSpectrogram(signal, fs, options),
  getBandPowers: (a, spectrum, bands, total) => a.getBandPowers(spectrum, bands, total),
  getStatistics: (a, signal) => a.getStatistics(signal),
  sosfiltfilt: (a, sos, signal) => a.sosfiltfilt(sos, signal),
  performBandpass: (a, signal, fs, lo, hi) => a.performBandpass(signal, fs, lo, hi),
  designButterworth: (a, order, cutoff, type, fs) => a.designButterworth(order, cutoff, type, fs),
  designNotch: (a, f0, q, fs) => a.designNotch(f0, q, fs),
  describe: () => ({
    inWorker: typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope,
    wasmResources: performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => n.endsWith('.wasm')),
  }),
};

async function run(message: ToAnalysis): Promise<unknown> {
  const kernel = Object.hasOwn(kernels, message?.type) ? (kernels[message.type] as (albi: Albi, ...args: unknown[]) => unknown) : undefined;
  if (!kernel) throw new TypeError(`analysis worker: unknown request type ${JSON.stringify(message?.type)}`);
  if (!Array.isArray(message.args)) throw new TypeError(`analysis worker: ${message.type} needs its arguments as an array in 'args'`);
  const albi = await getAlbi().catch((error: unknown) => {
    albiPromise = null; // a failed load is retried on the next call
    throw error;
  });
  return kernel(albi, ...message.args);
}

scope.onmessage = (event: MessageEvent<ToAnalysis>) => {
  const message = event.data;
  // A DspError (bad input) is answered with its code and argument, as FromAnalysis.
  void answerRequest<unknown>(
    (reply, transfer) => scope.postMessage(reply, transfer),
    message?.requestId,
    () => run(message),
    collectBuffers,
  );
};
