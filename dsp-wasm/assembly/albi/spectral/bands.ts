// Band measures over a one-sided spectrum (freq[k] in Hz, psd[k] in units^2/Hz), bins with
// lo <= f <= hi (both edges inclusive, as the reference files' band_integration).
import { ERR_LENGTH, ERR_RANGE } from '../common/status';

@inline function f(p: usize, k: i32): f64 {
  return load<f64>(p + (<usize>k << 3));
}

/** Trapezoid integral of psd over the bins inside [lo, hi] (numpy.trapz(psd[mask], f[mask])); 0 for < 2 bins. */
export function bandPower(freq: usize, psd: usize, nbins: i32, lo: f64, hi: f64): f64 {
  let total = 0.0;
  let prevF = 0.0;
  let prevP = 0.0;
  let seen = false;
  for (let k = 0; k < nbins; k++) {
    const fk = f(freq, k);
    if (fk < lo || fk > hi) continue;
    const pk = f(psd, k);
    if (seen) total += (fk - prevF) * (pk + prevP) / 2.0;
    prevF = fk;
    prevP = pk;
    seen = true;
  }
  return total;
}

/** Frequency of the first maximum of psd over [lo, hi] (no interpolation); NaN when no bin is inside. */
export function peakFrequency(freq: usize, psd: usize, nbins: i32, lo: f64, hi: f64): f64 {
  let best = -Infinity;
  let bestF = NaN;
  for (let k = 0; k < nbins; k++) {
    const fk = f(freq, k);
    if (fk < lo || fk > hi) continue;
    const pk = f(psd, k);
    if (pk > best) {
      best = pk;
      bestF = fk;
    }
  }
  return bestF;
}

/**
 * Spectral edge frequency: the lowest bin frequency at which the cumulative trapezoid power over
 * [lo, hi] reaches `fraction` (0..1) of the band's total. NaN when the band holds < 2 bins or no power.
 */
export function spectralEdge(freq: usize, psd: usize, nbins: i32, lo: f64, hi: f64, fraction: f64): f64 {
  const total = bandPower(freq, psd, nbins, lo, hi);
  if (!(total > 0.0)) return NaN;
  const target = fraction * total;
  let cum = 0.0;
  let prevF = 0.0;
  let prevP = 0.0;
  let seen = false;
  for (let k = 0; k < nbins; k++) {
    const fk = f(freq, k);
    if (fk < lo || fk > hi) continue;
    const pk = f(psd, k);
    if (seen) {
      cum += (fk - prevF) * (pk + prevP) / 2.0;
      if (cum >= target) return fk;
    }
    prevF = fk;
    prevP = pk;
    seen = true;
  }
  return prevF;
}

/** Normalised Shannon entropy (0..1) of the psd bins in [lo, hi]; NaN for < 2 bins or no power. */
export function spectralEntropy(freq: usize, psd: usize, nbins: i32, lo: f64, hi: f64): f64 {
  let sum = 0.0;
  let count = 0;
  for (let k = 0; k < nbins; k++) {
    const fk = f(freq, k);
    if (fk >= lo && fk <= hi) {
      sum += f(psd, k);
      count++;
    }
  }
  if (count < 2 || !(sum > 0.0)) return NaN;
  let h = 0.0;
  for (let k = 0; k < nbins; k++) {
    const fk = f(freq, k);
    if (fk < lo || fk > hi) continue;
    const q = f(psd, k) / sum;
    if (q > 0.0) h -= q * Math.log(q);
  }
  return h / Math.log(<f64>count);
}

/** Validates a band against the spectrum: 0, ERR_RANGE (outside 0..max frequency or lo > hi), ERR_LENGTH. */
export function checkBand(freq: usize, nbins: i32, lo: f64, hi: f64): i32 {
  if (nbins < 2) return ERR_LENGTH;
  if (!(lo >= 0.0) || !(hi >= lo) || hi > f(freq, nbins - 1)) return ERR_RANGE;
  return 0;
}
