// What crosses the analysis worker boundary. Pure: imported by the worker and the main-thread bridge.
// Each request names a kernel and carries its arguments; the worker answers with a Reply
// (workers/protocol/reply.ts). Errors come back as data (a DspError with its code and argument) so
// the bridge can rebuild the DspError; the worker itself carries on.
import type { AnalysisResult, BandPowers, ChannelStatistics } from '../../dsp-wasm/src/analysis-types.ts';
import type { AnalyzeOptions, BandsHz, Spectrogram, Spectrum, WelchOptions } from '../../dsp-wasm/src/index.ts';
import type { Reply } from '../protocol/reply.ts';

/** Channels as transferable float64 arrays (the bridge converts other array kinds before posting). */
export type ChannelArrays = Array<{ label: string; samples: Float64Array }>;

/** The requests the worker answers: name, arguments and the value of the reply. */
export interface AnalysisKernels {
  ping(): 'pong';
  analyzeChannels(channels: ChannelArrays, sampleRateHz: number, options?: AnalyzeOptions): AnalysisResult;
  getPsdWelch(signal: Float64Array, sampleRateHz: number, options?: WelchOptions): Spectrum;
  getSpectrogram(signal: Float64Array, sampleRateHz: number, options?: Omit<WelchOptions, 'average'>): Spectrogram;
  getBandPowers(spectrum: Spectrum, bands?: BandsHz, totalBandHz?: readonly [number, number]): BandPowers;
  getStatistics(signal: Float64Array): ChannelStatistics;
  sosfiltfilt(sos: Float64Array, signal: Float64Array): Float64Array;
  performBandpass(signal: Float64Array, sampleRateHz: number, lowHz: number, highHz: number): Float64Array;
  designButterworth(
    order: number,
    cutoffHz: number | readonly [number, number],
    type: 'lowpass' | 'highpass' | 'bandpass' | 'bandstop',
    sampleRateHz: number,
  ): Float64Array;
  designNotch(frequencyHz: number, quality: number, sampleRateHz: number): Float64Array;
  /** Where the kernels run: proves the browser path runs the WASM inside this worker. */
  describe(): { inWorker: boolean; wasmResources: string[] };
}

export type AnalysisRequestType = keyof AnalysisKernels;

/** Page to worker: one kernel call (sample arrays transferred). */
export type ToAnalysis = {
  [K in AnalysisRequestType]: { type: K; requestId: number; args: Parameters<AnalysisKernels[K]> };
}[AnalysisRequestType];

/** Worker to page: only replies (result buffers transferred). */
export type FromAnalysis = Reply<ReturnType<AnalysisKernels[AnalysisRequestType]>>;
