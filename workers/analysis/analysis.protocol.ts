// What crosses the analysis worker boundary. Pure: imported by the worker and the main-thread bridge.
// Every worker method answers with a Reply: errors come back as data (code, argument, message) so the
// bridge can rebuild a DspError; the worker itself carries on.
import type { AnalysisResult, ChannelStatistics, BandPowers } from '../../dsp-wasm/src/analysis-types.ts';
import type { AnalyzeOptions, BandsHz, Spectrogram, Spectrum, WelchOptions } from '../../dsp-wasm/src/index.ts';

export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: number; argument: string; message: string; name: string } };

/** Channels as transferable float64 arrays (the bridge converts other array kinds before posting). */
export type ChannelArrays = Array<{ label: string; samples: Float64Array }>;

export interface AnalysisWorkerApi {
  ping(): Promise<Reply<'pong'>>;
  analyzeChannels(channels: ChannelArrays, sampleRateHz: number, options?: AnalyzeOptions): Promise<Reply<AnalysisResult>>;
  getPsdWelch(signal: Float64Array, sampleRateHz: number, options?: WelchOptions): Promise<Reply<Spectrum>>;
  getSpectrogram(signal: Float64Array, sampleRateHz: number, options?: Omit<WelchOptions, 'average'>): Promise<Reply<Spectrogram>>;
  getBandPowers(spectrum: Spectrum, bands?: BandsHz, totalBandHz?: readonly [number, number]): Promise<Reply<BandPowers>>;
  getStatistics(signal: Float64Array): Promise<Reply<ChannelStatistics>>;
  sosfiltfilt(sos: Float64Array, signal: Float64Array): Promise<Reply<Float64Array>>;
  performBandpass(signal: Float64Array, sampleRateHz: number, lowHz: number, highHz: number): Promise<Reply<Float64Array>>;
  designButterworth(
    order: number,
    cutoffHz: number | readonly [number, number],
    type: 'lowpass' | 'highpass' | 'bandpass' | 'bandstop',
    sampleRateHz: number,
  ): Promise<Reply<Float64Array>>;
  designNotch(frequencyHz: number, quality: number, sampleRateHz: number): Promise<Reply<Float64Array>>;
  /** Where the kernels run: proves the browser path runs the WASM inside this worker. */
  describe(): Promise<Reply<{ inWorker: boolean; wasmResources: string[] }>>;
}

/** The ArrayBuffers inside a value, for Comlink.transfer (each listed once). */
export function collectBuffers(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collectBuffers(v, found);
  }
  return [...found];
}
