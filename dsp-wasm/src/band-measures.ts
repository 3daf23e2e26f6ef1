// Band powers and band-limited spectral measures over a Spectrum (bins with lo <= f <= hi, edges
// inclusive, trapezoid integration as numpy.trapz).
import type { AlbiCore } from './albi-core.ts';
import type { BandName, BandPowers } from './analysis-types.ts';
import { DspError, DspStatus } from './dsp-error.ts';
import type { Spectrum } from './spectral.ts';

export type BandsHz = Record<string, readonly [number, number]>;

/** The reference files' bands_hz. */
export const DEFAULT_BANDS_HZ: Record<BandName, readonly [number, number]> = {
  delta: [0.5, 4],
  theta: [4, 8],
  alpha: [8, 13],
  beta: [13, 30],
  gamma: [30, 45],
};
/** The reference files' total_band_hz. */
export const DEFAULT_TOTAL_BAND_HZ: readonly [number, number] = [0.5, 45];

function requireSpectrum(spectrum: Spectrum): void {
  const { frequenciesHz, psd } = spectrum ?? ({} as Spectrum);
  if (!frequenciesHz || !psd || frequenciesHz.length !== psd.length || psd.length < 2) {
    throw new DspError(DspStatus.length, 'spectrum', 'must have frequenciesHz and psd of the same length (>= 2)');
  }
  for (let k = 0; k < psd.length; k++) {
    if (!Number.isFinite(psd[k]) || !Number.isFinite(frequenciesHz[k])) {
      throw new DspError(DspStatus.nonFinite, 'spectrum', `bin ${k} is not finite`);
    }
  }
}

function loadSpectrum(core: AlbiCore, spectrum: Spectrum): { freq: number; psd: number; n: number } {
  const { frequenciesHz, psd } = spectrum;
  return { freq: core.writeF64('bandFreq', frequenciesHz), psd: core.writeF64('bandPsd', psd), n: psd.length };
}

function checkBand(spectrum: Spectrum, band: readonly [number, number] | undefined, argument: string): readonly [number, number] {
  requireSpectrum(spectrum);
  const maxHz = spectrum.frequenciesHz[spectrum.frequenciesHz.length - 1]!;
  if (band?.length !== 2 || !Number.isFinite(band[0]) || !Number.isFinite(band[1]) || band[0] < 0 || band[1] < band[0]) {
    throw new DspError(DspStatus.param, argument, `must be [lowHz, highHz] with 0 <= lowHz <= highHz (got ${JSON.stringify(band)})`);
  }
  if (band[1] > maxHz) {
    throw new DspError(DspStatus.range, argument, `[${band[0]}, ${band[1]}] Hz reaches beyond the Nyquist frequency ${maxHz} Hz`);
  }
  return band;
}

/** Absolute (units^2) and relative (to totalBandHz) band powers. */
export function getBandPowers(
  core: AlbiCore,
  spectrum: Spectrum,
  bands: BandsHz = DEFAULT_BANDS_HZ,
  totalBandHz: readonly [number, number] = DEFAULT_TOTAL_BAND_HZ,
): BandPowers {
  const total = checkBand(spectrum, totalBandHz, 'totalBandHz');
  const checked = Object.entries(bands).map(([name, band]) => [name, checkBand(spectrum, band, `bands.${name}`)] as const);
  const s = loadSpectrum(core, spectrum);
  const totalPower = core.wasm.bandPower(s.freq, s.psd, s.n, total[0], total[1]);
  const absolute: Record<string, number> = {};
  const relative: Record<string, number> = {};
  for (const [name, [lo, hi]] of checked) {
    absolute[name] = core.wasm.bandPower(s.freq, s.psd, s.n, lo, hi);
    relative[name] = totalPower > 0 ? absolute[name]! / totalPower : 0;
  }
  return { absolute: absolute as Record<BandName, number>, relative: relative as Record<BandName, number>, totalPower };
}

/** Frequency of the largest PSD bin in [loHz, hiHz] (first one on ties, no interpolation). */
export function getPeakFrequency(core: AlbiCore, spectrum: Spectrum, loHz: number, hiHz: number): number {
  const [lo, hi] = checkBand(spectrum, [loHz, hiHz], 'band');
  const s = loadSpectrum(core, spectrum);
  const f = core.wasm.peakFrequency(s.freq, s.psd, s.n, lo, hi);
  if (Number.isNaN(f)) throw new DspError(DspStatus.range, 'band', `[${lo}, ${hi}] Hz holds no frequency bin`);
  return f;
}

/** Frequency below which `fraction` of the power in [loHz, hiHz] lies (e.g. SEF95 with 0.95). */
export function getSpectralEdge(core: AlbiCore, spectrum: Spectrum, fraction = 0.95, loHz = 0.5, hiHz = 45): number {
  if (!(fraction > 0 && fraction <= 1)) throw new DspError(DspStatus.param, 'fraction', 'must be in (0, 1]');
  const [lo, hi] = checkBand(spectrum, [loHz, hiHz], 'band');
  const s = loadSpectrum(core, spectrum);
  return core.wasm.spectralEdge(s.freq, s.psd, s.n, lo, hi, fraction);
}

/** Normalised spectral entropy (0 = one line, 1 = flat) over [loHz, hiHz]. */
export function getSpectralEntropy(core: AlbiCore, spectrum: Spectrum, loHz = 0.5, hiHz = 45): number {
  const [lo, hi] = checkBand(spectrum, [loHz, hiHz], 'band');
  const s = loadSpectrum(core, spectrum);
  return core.wasm.spectralEntropy(s.freq, s.psd, s.n, lo, hi);
}
