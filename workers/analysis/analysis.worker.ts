// Analysis worker: runs the ALBI kernels (albi.wasm) off the UI thread and exposes them over Comlink.
// Results go back with their buffers transferred (no copy). Errors are answered as data and the
// worker keeps serving. The wasm is loaded once, on the first call.
import * as Comlink from 'comlink';
import albiUrl from '../../dsp-wasm/build/albi.wasm?url';
import { DspError, loadAlbi, type Albi } from '../../dsp-wasm/src/index.ts';
import { collectBuffers, type AnalysisWorkerApi, type Reply } from './analysis.protocol.ts';

let albiPromise: Promise<Albi> | null = null;
const getAlbi = (): Promise<Albi> => (albiPromise ??= loadAlbi(albiUrl));

async function answer<T>(work: (albi: Albi) => T): Promise<Reply<T>> {
  try {
    const value = work(await getAlbi());
    return Comlink.transfer({ ok: true, value }, collectBuffers(value));
  } catch (error) {
    if (error instanceof DspError) {
      return { ok: false, error: { code: error.code, argument: error.argument, message: error.message, name: error.name } };
    }
    albiPromise = null; // a failed load is retried on the next call
    const e = error as Error;
    return { ok: false, error: { code: 0, argument: '', message: String(e?.message ?? e), name: e?.name ?? 'Error' } };
  }
}

const api: AnalysisWorkerApi = {
  ping: () => answer(() => 'pong' as const),
  analyzeChannels: (channels, fs, options) => answer((a) => a.analyzeChannels(channels, fs, options)),
  getPsdWelch: (signal, fs, options) => answer((a) => a.getPsdWelch(signal, fs, options)),
  getSpectrogram: (signal, fs, options) => answer((a) => a.getSpectrogram(signal, fs, options)),
  getBandPowers: (spectrum, bands, total) => answer((a) => a.getBandPowers(spectrum, bands, total)),
  getStatistics: (signal) => answer((a) => a.getStatistics(signal)),
  sosfiltfilt: (sos, signal) => answer((a) => a.sosfiltfilt(sos, signal)),
  performBandpass: (signal, fs, lo, hi) => answer((a) => a.performBandpass(signal, fs, lo, hi)),
  designButterworth: (order, cutoff, type, fs) => answer((a) => a.designButterworth(order, cutoff, type, fs)),
  designNotch: (f0, q, fs) => answer((a) => a.designNotch(f0, q, fs)),
  describe: () =>
    answer(() => ({
      inWorker: typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope,
      wasmResources: performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.endsWith('.wasm')),
    })),
};

Comlink.expose(api);
