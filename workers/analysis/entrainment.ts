// Does the EEG follow the beat? The steady-state response at the stimulation frequency, measured over
// epochs whose phase is referred to the stimulus:
//
//   signal (µV) -> K epochs of whole stimulus cycles (~2 s; an epoch over the artifact limit is dropped)
//     -> per epoch, the Fourier coefficient X_k(f) at the stimulus frequency, its time measured from
//        the stimulus phase 0 (so a response locked to the stimulus has the same phase in every epoch)
//     -> the locked response: Victor and Mast's circular T² (1991). With X̄ the mean coefficient,
//          T² = K (K - 1) |X̄|² / Σ_k |X_k - X̄|²  ~  F(2, 2K - 2) when nothing is locked,
//        whatever the spectrum's shape (the noise is estimated at f itself, across epochs): p_locked
//     -> beside it, in words: SNR = mean_k |X_k(f)|² / mean_k,j |X_k(f_j)|² over 2M neighbouring
//        frequencies f ± jΔ (j = 2..M+1, Δ = 1 / epoch; j = 1 is skipped for leakage), and the phase
//        locking R = |mean_k X_k / |X_k|| with Rayleigh's p
//     -> "following" when p_locked < alpha (default 0.01: telling someone their brain follows the
//        beat should be rare by chance; noise alone says so about 1 % of the time), "not following"
//        otherwise, "not enough data" under the minimum of epochs.
//
// One signal: the caller passes one electrode or the mean of the electrodes it chose. Pure: no DOM.
import { fSurvival, rayleighP } from '../../dsp-wasm/src/distributions.ts';

export type EntrainmentVerdict = 'following' | 'not following' | 'not enough data';

export interface EntrainmentInput {
  /** The EEG, µV, one channel (or an average of channels). */
  samples: ArrayLike<number>;
  sampleRateHz: number;
  /** The beat (binaural, monaural) or pulse (isochronic) frequency, Hz, constant over `samples`. */
  stimulusHz: number;
  /**
   * The index into `samples` (may be fractional, negative or past the end) at which the stimulus
   * waveform is at phase 0: what makes a response phase-locked rather than merely present.
   */
  stimulusPhaseZeroSample: number;
}

export interface EntrainmentOptions {
  /** Epoch length, s, rounded to whole stimulus cycles (default 2). */
  epochSec?: number;
  /** Neighbouring frequencies on each side for the SNR (default 4: ±1 to ±2.5 Hz at 2 s epochs). */
  neighbours?: number;
  /** Epochs needed for a verdict (default 10). */
  minEpochs?: number;
  /** An epoch whose peak-to-peak exceeds this many µV (a blink, a movement) is left out (default 150). */
  rejectPeakToPeakUv?: number;
  /** Significance of the locked-response test (default 0.01). */
  alpha?: number;
}

export interface EntrainmentResult {
  verdict: EntrainmentVerdict;
  /** The verdict in words, with its figures. */
  words: string;
  stimulusHz: number;
  /** Epochs used and epochs left out as artifacts. */
  epochs: number;
  rejectedEpochs: number;
  epochSec: number;
  /** Circular T² of the locked response and its p (F(2, 2K - 2)). */
  lockedT2: number;
  lockedP: number;
  /** Power at the stimulus frequency over the mean of its neighbours (1 = no response), descriptive. */
  snr: number;
  /** Inter-epoch phase locking at the stimulus frequency, 0 (random) to 1 (identical phase). */
  phaseLocking: number;
  phaseP: number;
}

function requirePositive(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a finite number > 0 (got ${String(value)})`);
  return value;
}

/** Σ (x[n] - mean) e^{-i 2π f (n - zero) / fs} over one epoch: [re, im]. */
function coefficient(x: ArrayLike<number>, start: number, length: number, mean: number, f: number, fs: number, zero: number): [number, number] {
  let re = 0;
  let im = 0;
  const w = (2 * Math.PI * f) / fs;
  const cw = Math.cos(w);
  const sw = Math.sin(w);
  // rotate by a unit phasor rather than calling cos/sin per sample; re-anchored every 256 samples
  let c = 0;
  let s = 0;
  for (let n = 0; n < length; n++) {
    if ((n & 255) === 0) {
      const phase = -w * (start + n - zero);
      c = Math.cos(phase);
      s = Math.sin(phase);
    }
    const v = x[start + n]! - mean;
    re += v * c;
    im += v * s;
    const cn = c * cw + s * sw;
    s = s * cw - c * sw;
    c = cn;
  }
  return [re, im];
}

/** Victor and Mast's circular T² of complex coefficients, with its p from F(2, 2K - 2). */
function circularT2(coefficients: Array<[number, number]>): { t2: number; p: number } {
  const k = coefficients.length;
  if (k < 2) return { t2: 0, p: 1 };
  let meanRe = 0;
  let meanIm = 0;
  for (const [re, im] of coefficients) {
    meanRe += re / k;
    meanIm += im / k;
  }
  let spread = 0;
  for (const [re, im] of coefficients) spread += (re - meanRe) ** 2 + (im - meanIm) ** 2;
  if (spread === 0) return { t2: Infinity, p: 0 };
  const t2 = (k * (k - 1) * (meanRe * meanRe + meanIm * meanIm)) / spread;
  return { t2, p: fSurvival(t2, 2, 2 * k - 2) };
}

/** The steady-state response test over `input` (see the file comment). */
export function measureEntrainment(input: EntrainmentInput, options: EntrainmentOptions = {}): EntrainmentResult {
  const fs = requirePositive(input.sampleRateHz, 'sampleRateHz');
  const f = requirePositive(input.stimulusHz, 'stimulusHz');
  if (f >= fs / 2) throw new RangeError(`stimulusHz ${f} must be under the Nyquist frequency (${fs / 2} Hz)`);
  if (!Number.isFinite(input.stimulusPhaseZeroSample)) throw new RangeError('stimulusPhaseZeroSample must be a finite number');
  const x = input.samples;
  const epochSecWanted = requirePositive(options.epochSec ?? 2, 'options.epochSec');
  const neighbours = options.neighbours ?? 4;
  const minEpochs = options.minEpochs ?? 10;
  const reject = options.rejectPeakToPeakUv ?? 150;
  const alpha = options.alpha ?? 0.01;
  const cycles = Math.max(1, Math.round(epochSecWanted * f));
  const length = Math.round((cycles * fs) / f);
  const resolution = fs / length;
  const neighbourHz: number[] = [];
  for (let j = 2; j <= neighbours + 1; j++) {
    for (const g of [f - j * resolution, f + j * resolution]) if (g > 0 && g < fs / 2) neighbourHz.push(g);
  }
  const coefficients: Array<[number, number]> = [];
  let noise = 0;
  let rayleighRe = 0;
  let rayleighIm = 0;
  let rejected = 0;
  for (let start = 0; start + length <= x.length; start += length) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let n = start; n < start + length; n++) {
      const v = x[n]!;
      if (!Number.isFinite(v)) throw new RangeError(`samples[${n}] is ${v}; samples must be finite`);
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    if (max - min > reject) {
      rejected++;
      continue;
    }
    const mean = sum / length;
    const [re, im] = coefficient(x, start, length, mean, f, fs, input.stimulusPhaseZeroSample);
    coefficients.push([re, im]);
    const magnitude = Math.hypot(re, im);
    if (magnitude > 0) {
      rayleighRe += re / magnitude;
      rayleighIm += im / magnitude;
    }
    for (const g of neighbourHz) {
      const [nr, ni] = coefficient(x, start, length, mean, g, fs, input.stimulusPhaseZeroSample);
      noise += nr * nr + ni * ni;
    }
  }
  const epochs = coefficients.length;
  const { t2: lockedT2, p: lockedP } = circularT2(coefficients);
  let signal = 0;
  for (const [re, im] of coefficients) signal += re * re + im * im;
  const snr = epochs > 0 && noise > 0 ? signal / epochs / (noise / (epochs * neighbourHz.length)) : 0;
  const phaseLocking = epochs > 0 ? Math.hypot(rayleighRe, rayleighIm) / epochs : 0;
  const phaseP = epochs > 0 ? rayleighP(phaseLocking, epochs) : 1;
  const epochSec = length / fs;
  const base = { stimulusHz: f, epochs, rejectedEpochs: rejected, epochSec, lockedT2, lockedP, snr, phaseLocking, phaseP };
  const figures = `locked response p = ${lockedP.toPrecision(2)}, SNR ${snr.toFixed(2)}, phase locking ${phaseLocking.toFixed(2)} over ${epochs} epochs of ${epochSec.toFixed(2)} s`;
  if (epochs < minEpochs) {
    const left = rejected > 0 ? `; ${rejected} left out as artifacts` : '';
    return {
      ...base,
      verdict: 'not enough data',
      words: `Not enough data yet: ${epochs} clean epochs of ${epochSec.toFixed(2)} s, ${minEpochs} needed${left}.`,
    };
  }
  const following = lockedP < alpha;
  return {
    ...base,
    verdict: following ? 'following' : 'not following',
    words: following
      ? `Your EEG follows the ${f} Hz beat: ${figures}.`
      : `No response locked to the ${f} Hz beat: ${figures}${snr > 2 ? ' (power is up, but its phase does not follow the beat)' : ''}.`,
  };
}
