// The typed ALBI API: one instance per loaded albi.wasm (see loadAlbi). Methods are verb + noun and
// take/return plain typed arrays, so the same object works in Node and in the analysis worker.
import type { AlbiCore } from './albi-core.ts';
import type { AnalysisResult, BandPowers, ChannelStatistics } from './analysis-types.ts';
import { analyzeChannels, type AnalyzeOptions, type ChannelsInput } from './analyze-channels.ts';
import { getBandPowers, getPeakFrequency, getSpectralEdge, getSpectralEntropy, type BandsHz } from './band-measures.ts';
import { fft32, fft64, ifft32, ifft64 } from './fft.ts';
import { designButterworth, designNotch, type FilterType } from './filter-design.ts';
import {
  createSosState,
  decimate,
  detrend,
  performFilter,
  sosfilt,
  sosfiltfilt,
  sosfiltfiltChannels,
  sosfiltfiltChannelsInPlace,
  type ChannelsFilterOptions,
  type PerformFilterOptions,
  type SosState,
} from './filtering.ts';
import { getPsdWelch, getSpectrogram, getWindow, type Spectrogram, type Spectrum, type WelchOptions, type WindowName } from './spectral.ts';
import { getStatistics, type StatisticsOptions } from './statistics.ts';

export class Albi {
  readonly #core: AlbiCore;
  constructor(core: AlbiCore) {
    this.#core = core;
  }

  /** Forward real FFT: n (power of two, 16..65536) samples -> n/2+1 bins as [re, im, ...]. */
  fft(signal: Float64Array): Float64Array;
  fft(signal: Float32Array): Float32Array;
  fft(signal: Float64Array | Float32Array): Float64Array | Float32Array {
    return signal instanceof Float32Array ? fft32(this.#core, signal) : fft64(this.#core, signal);
  }

  /** Inverse real FFT of n/2+1 bins ([re, im, ...], n + 2 numbers) -> n samples, scaled by 1/n. */
  ifft(spectrum: Float64Array): Float64Array;
  ifft(spectrum: Float32Array): Float32Array;
  ifft(spectrum: Float64Array | Float32Array): Float64Array | Float32Array {
    return spectrum instanceof Float32Array ? ifft32(this.#core, spectrum) : ifft64(this.#core, spectrum);
  }

  /** Window of length n (periodic by default, as scipy.signal.get_window). */
  getWindow(name: WindowName, n: number, periodic = true): Float64Array {
    return getWindow(this.#core, name, n, periodic);
  }

  /** Welch PSD with scipy.signal.welch semantics; defaults = the reference files' welch field. */
  getPsdWelch(signal: ArrayLike<number>, sampleRateHz: number, options?: WelchOptions): Spectrum {
    return getPsdWelch(this.#core, signal, sampleRateHz, options);
  }

  /** Short-time periodograms (one PSD per segment). */
  getSpectrogram(signal: ArrayLike<number>, sampleRateHz: number, options?: Omit<WelchOptions, 'average'>): Spectrogram {
    return getSpectrogram(this.#core, signal, sampleRateHz, options);
  }

  /** Absolute and relative band powers of a spectrum (default EEG bands, total 0.5-45 Hz). */
  getBandPowers(spectrum: Spectrum, bands?: BandsHz, totalBandHz?: readonly [number, number]): BandPowers {
    return getBandPowers(this.#core, spectrum, bands, totalBandHz);
  }

  getPeakFrequency(spectrum: Spectrum, loHz: number, hiHz: number): number {
    return getPeakFrequency(this.#core, spectrum, loHz, hiHz);
  }

  getSpectralEdge(spectrum: Spectrum, fraction?: number, loHz?: number, hiHz?: number): number {
    return getSpectralEdge(this.#core, spectrum, fraction, loHz, hiHz);
  }

  getSpectralEntropy(spectrum: Spectrum, loHz?: number, hiHz?: number): number {
    return getSpectralEntropy(this.#core, spectrum, loHz, hiHz);
  }

  /** Butterworth design as scipy.signal.butter(order, cutoff, type, fs=sampleRateHz, output='sos'), flattened. */
  designButterworth(order: number, cutoffHz: number | readonly [number, number], type: FilterType, sampleRateHz: number): Float64Array {
    return designButterworth(order, cutoffHz, type, sampleRateHz);
  }

  /** Notch as scipy.signal.iirnotch(frequencyHz, quality, fs), as one section. */
  designNotch(frequencyHz: number, quality: number, sampleRateHz: number): Float64Array {
    return designNotch(frequencyHz, quality, sampleRateHz);
  }

  createSosState(sos: ArrayLike<number>): SosState {
    return createSosState(sos);
  }

  /** Causal SOS filtering; pass a state to filter a stream chunk by chunk. */
  sosfilt(sos: ArrayLike<number>, signal: ArrayLike<number>, state?: SosState): Float64Array {
    return sosfilt(this.#core, sos, signal, state);
  }

  /** Zero-phase SOS filtering (scipy.signal.sosfiltfilt defaults). */
  sosfiltfilt(sos: ArrayLike<number>, signal: ArrayLike<number>, options?: { padlen?: number }): Float64Array {
    return sosfiltfilt(this.#core, sos, signal, options);
  }

  /** Zero-phase filtering of many equal-length channels, two at a time in SIMD lanes (into `options.into` when given). */
  sosfiltfiltChannels(sos: ArrayLike<number>, channels: ArrayLike<number>[], options?: ChannelsFilterOptions): Float64Array[] {
    return sosfiltfiltChannels(this.#core, sos, channels, options);
  }

  /** sosfiltfiltChannels with each result written over its input (Float64Array channels only). */
  sosfiltfiltChannelsInPlace(sos: ArrayLike<number>, channels: Float64Array[], options?: { padlen?: number }): Float64Array[] {
    return sosfiltfiltChannelsInPlace(this.#core, sos, channels, options);
  }

  performBandpass(signal: ArrayLike<number>, sampleRateHz: number, lowHz: number, highHz: number, options?: PerformFilterOptions): Float64Array {
    return performFilter(this.#core, signal, sampleRateHz, 'bandpass', [lowHz, highHz], options);
  }

  performBandstop(signal: ArrayLike<number>, sampleRateHz: number, lowHz: number, highHz: number, options?: PerformFilterOptions): Float64Array {
    return performFilter(this.#core, signal, sampleRateHz, 'bandstop', [lowHz, highHz], options);
  }

  performLowpass(signal: ArrayLike<number>, sampleRateHz: number, cutoffHz: number, options?: PerformFilterOptions): Float64Array {
    return performFilter(this.#core, signal, sampleRateHz, 'lowpass', cutoffHz, options);
  }

  performHighpass(signal: ArrayLike<number>, sampleRateHz: number, cutoffHz: number, options?: PerformFilterOptions): Float64Array {
    return performFilter(this.#core, signal, sampleRateHz, 'highpass', cutoffHz, options);
  }

  detrend(signal: ArrayLike<number>, type?: 'constant' | 'linear'): Float64Array {
    return detrend(this.#core, signal, type);
  }

  /** Anti-aliased decimation by an integer factor (result at sampleRateHz / factor). */
  decimate(signal: ArrayLike<number>, factor: number, options?: { order?: number }): Float64Array {
    return decimate(this.#core, signal, factor, options);
  }

  getStatistics(signal: ArrayLike<number>, options?: StatisticsOptions): ChannelStatistics {
    return getStatistics(this.#core, signal, options);
  }

  /** Statistics, band powers, peak alpha, anomalies, quality and confidence for a set of channels. */
  analyzeChannels(channels: ChannelsInput, sampleRateHz: number, options?: AnalyzeOptions): AnalysisResult {
    return analyzeChannels(this.#core, channels, sampleRateHz, options);
  }
}
