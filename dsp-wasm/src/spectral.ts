// Spectral estimates over the kernels: windows, Welch PSD (SciPy semantics), spectrogram, band
// measures. All frequencies in Hz, PSD in units^2/Hz (density) or units^2 (spectrum).
import type { AlbiCore } from './albi-core.ts';
import { DspError, DspStatus, checkStatus } from './dsp-error.ts';
import { checkKernel, requireInteger, requireSampleRate, requireSamples } from './validate.ts';

export type WindowName = 'hann' | 'hamming' | 'blackman' | 'flattop' | 'boxcar';
const WINDOW_KIND: Record<WindowName, number> = { hann: 0, hamming: 1, blackman: 2, flattop: 3, boxcar: 4 };

export interface WelchOptions {
  /** Segment length in samples; default: smallest power of two >= 2 * fs (2 s), shrunk to the signal length. */
  nperseg?: number;
  /** Overlap in samples; default floor(nperseg / 2) of the (possibly shrunk) segment. */
  noverlap?: number;
  /** FFT length >= nperseg (zero padding); default nperseg. */
  nfft?: number;
  /** Window, periodic form (scipy get_window); default 'hann'. */
  window?: WindowName;
  /** Per-segment detrend; default 'constant'. */
  detrend?: 'constant' | 'linear' | false;
  /** 'density' (units^2/Hz, default) or 'spectrum' (units^2). */
  scaling?: 'density' | 'spectrum';
  /** Average over segments: 'mean' (default) or 'median' (bias-corrected as SciPy). */
  average?: 'mean' | 'median';
}

export interface Spectrum {
  frequenciesHz: Float64Array;
  psd: Float64Array;
}

export interface Spectrogram {
  /** Centre of each segment, seconds from the first sample. */
  timesSec: Float64Array;
  frequenciesHz: Float64Array;
  /** Row-major: power[segment * frequenciesHz.length + bin]. */
  power: Float64Array;
  segments: number;
}

/** Smallest power of two >= 2 * fs: the reference files' nperseg rule (about 2 s of signal). */
export function getDefaultNperseg(sampleRateHz: number): number {
  let n = 1;
  while (n < 2 * sampleRateHz) n *= 2;
  return n;
}

/** numpy.fft.rfftfreq(nfft, 1 / fs), with numpy's exact arithmetic. */
export function getRfftFrequencies(nfft: number, sampleRateHz: number): Float64Array {
  const val = 1.0 / (nfft * (1.0 / sampleRateHz));
  const out = new Float64Array((nfft >> 1) + 1);
  for (let k = 0; k < out.length; k++) out[k] = k * val;
  return out;
}

export function getWindow(core: AlbiCore, name: WindowName, n: number, periodic = true): Float64Array {
  const kind = WINDOW_KIND[name];
  if (kind === undefined)
    throw new DspError(DspStatus.param, 'window', `must be one of ${Object.keys(WINDOW_KIND).join(', ')} (got ${String(name)})`);
  requireInteger(n, 'n', 1, 1 << 20);
  const ptr = core.slot('window', n * 8);
  checkStatus(core.wasm.writeWindow(ptr, n, kind, periodic ? 1 : 0), 'n');
  return core.readF64(ptr, n);
}

interface ResolvedWelch {
  nperseg: number;
  noverlap: number;
  nfft: number;
  winPtr: number;
  scale: number;
  detrend: number;
}

function resolveWelch(core: AlbiCore, length: number, fs: number, options: WelchOptions, defaultNperseg: number): ResolvedWelch {
  let nperseg = options.nperseg ?? defaultNperseg;
  requireInteger(nperseg, 'options.nperseg', 1, 65536);
  if (nperseg > length) nperseg = length; // SciPy shrinks the segment to the signal
  const noverlap = options.noverlap ?? Math.floor(nperseg / 2);
  if (!Number.isInteger(noverlap) || noverlap < 0 || noverlap >= nperseg) {
    throw new DspError(
      DspStatus.param,
      'options.noverlap',
      `must be an integer in 0..${nperseg - 1} (less than the segment of ${nperseg} samples; got ${String(noverlap)})`,
    );
  }
  const nfft = options.nfft ?? nperseg;
  requireInteger(nfft, 'options.nfft', nperseg, 65536);
  const win = getWindow(core, options.window ?? 'hann', nperseg, true);
  const scaling = options.scaling ?? 'density';
  if (scaling !== 'density' && scaling !== 'spectrum') throw new DspError(DspStatus.param, 'options.scaling', `must be 'density' or 'spectrum'`);
  let sumW = 0;
  let sumW2 = 0;
  for (const w of win) {
    sumW += w;
    sumW2 += w * w;
  }
  const scale = scaling === 'density' ? 1.0 / (fs * sumW2) : 1.0 / sumW ** 2;
  const detrendMode =
    options.detrend === undefined || options.detrend === 'constant' ? 1 : options.detrend === 'linear' ? 2 : options.detrend === false ? 0 : -1;
  if (detrendMode < 0) throw new DspError(DspStatus.param, 'options.detrend', `must be 'constant', 'linear' or false`);
  return { nperseg, noverlap, nfft, winPtr: core.writeF64('window', win), scale, detrend: detrendMode };
}

/**
 * Welch PSD exactly as scipy.signal.welch (one-sided, periodic window, full segments only).
 * @example albi.getPsdWelch(samples, 256) // nperseg 512, noverlap 256, hann, density, mean
 */
export function getPsdWelch(core: AlbiCore, signal: ArrayLike<number>, sampleRateHz: number, options: WelchOptions = {}): Spectrum {
  const fs = requireSampleRate(sampleRateHz);
  const x = requireSamples(signal, 'signal', 2, false);
  const w = resolveWelch(core, x.length, fs, options, getDefaultNperseg(fs));
  const average = options.average ?? 'mean';
  if (average !== 'mean' && average !== 'median') throw new DspError(DspStatus.param, 'options.average', `must be 'mean' or 'median'`);
  const nfreq = (w.nfft >> 1) + 1;
  const sig = core.writeF64('signal', x);
  const out = core.slot('psd', nfreq * 8);
  checkKernel(
    core.wasm.welchPsd(sig, x.length, w.nperseg, w.noverlap, w.nfft, w.winPtr, w.detrend, w.scale, average === 'mean' ? 0 : 1, out),
    x,
    'signal',
  );
  return { frequenciesHz: getRfftFrequencies(w.nfft, fs), psd: core.readF64(out, nfreq) };
}

/** Short-time periodograms (scipy.signal.spectrogram, mode 'psd'); defaults: hann, 1 s segments, half overlap. */
export function getSpectrogram(
  core: AlbiCore,
  signal: ArrayLike<number>,
  sampleRateHz: number,
  options: Omit<WelchOptions, 'average'> = {},
): Spectrogram {
  const fs = requireSampleRate(sampleRateHz);
  const x = requireSamples(signal, 'signal', 2);
  const w = resolveWelch(core, x.length, fs, options, getDefaultNperseg(fs / 2));
  const nfreq = (w.nfft >> 1) + 1;
  const step = w.nperseg - w.noverlap;
  const segments = Math.floor((x.length - w.noverlap) / step);
  const sig = core.writeF64('signal', x);
  const out = core.slot('spectrogram', segments * nfreq * 8);
  checkStatus(core.wasm.welchPsd(sig, x.length, w.nperseg, w.noverlap, w.nfft, w.winPtr, w.detrend, w.scale, 2, out), 'signal');
  const timesSec = new Float64Array(segments);
  for (let s = 0; s < segments; s++) timesSec[s] = (w.nperseg / 2 + s * step) / fs;
  return { timesSec, frequenciesHz: getRfftFrequencies(w.nfft, fs), power: core.readF64(out, segments * nfreq), segments };
}
