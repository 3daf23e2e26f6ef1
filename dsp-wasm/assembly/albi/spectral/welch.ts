// Welch's averaged periodogram and the short-time spectrogram, with scipy.signal.welch semantics:
//   segments of nperseg samples every (nperseg - noverlap), only full segments; each segment is
//   detrended, windowed, zero-padded to nfft, transformed; |X|^2 * scale; one-sided bins other than DC
//   (and Nyquist when nfft is even) doubled; then mean, or median / bias, over segments.
// scale = 1 / (fs * sum(w^2)) for density or 1 / sum(w)^2 for spectrum (computed by the caller).
import { ERR_LENGTH, ERR_PARAM, ERR_NONFINITE } from '../common/status';
import { Scratch } from '../common/alloc';
import { isFftSize, rfft64 } from '../fft/real64';
import { rfft64Windowed } from '../fft/windowed64';
import { accumulatePeriodogramPair } from '../fft/pair64';
import { rdft64 } from '../fft/dft64';
import { detrendInPlace, DETREND_CONSTANT, DETREND_LINEAR } from '../filter/detrend';
import { findNonFinite } from '../stats/stats';
import { medianInPlace } from '../stats/select';

export const AVERAGE_MEAN: i32 = 0;
export const AVERAGE_MEDIAN: i32 = 1;
/** Keep every segment's periodogram (spectrogram). */
export const AVERAGE_NONE: i32 = 2;

const segBuf = new Scratch();
const specBuf = new Scratch();
const rowsBuf = new Scratch();
const colBuf = new Scratch();
const blockBuf = new Scratch();
const pairAcc = new Scratch();

/** Mean with two f64x2 accumulators (4 interleaved partial sums): error ~ n/4 ulp, far below 1e-7. */
function meanFast(p: usize, n: i32): f64 {
  let a = f64x2.splat(0);
  let b = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    a = f64x2.add(a, v128.load(p + (<usize>i << 3)));
    b = f64x2.add(b, v128.load(p + (<usize>i << 3), 16));
  }
  const c = f64x2.add(a, b);
  let sum = f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1);
  for (; i < n; i++) sum += load<f64>(p + (<usize>i << 3));
  return sum / <f64>n;
}

/** Sum of p[0..n) with two f64x2 accumulators (4 interleaved partial sums). */
function sumFast(p: usize, n: i32): f64 {
  let a = f64x2.splat(0);
  let b = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    a = f64x2.add(a, v128.load(p + (<usize>i << 3)));
    b = f64x2.add(b, v128.load(p + (<usize>i << 3), 16));
  }
  const c = f64x2.add(a, b);
  let sum = f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1);
  for (; i < n; i++) sum += load<f64>(p + (<usize>i << 3));
  return sum;
}

/**
 * Segment means from block sums: when nperseg is a multiple of the step (k blocks, e.g. 2 at the
 * default half overlap), each sample is summed once per block instead of once per segment, and a
 * segment's mean is the sum of its k block sums / nperseg. Returns a pointer to nseg means, or 0 when
 * the geometry does not fit (then each segment's mean is computed directly).
 */
function blockMeans(sig: usize, nseg: i32, nperseg: i32, step: i32): usize {
  const k = nperseg / step;
  if (k * step != nperseg || k > 8) return 0;
  const nblocks = nseg + k - 1;
  const sums = blockBuf.ensure(<usize>(nblocks + nseg) << 3);
  const means = sums + (<usize>nblocks << 3);
  for (let b = 0; b < nblocks; b++) store<f64>(sums + (<usize>b << 3), sumFast(sig + (<usize>(b * step) << 3), step));
  for (let s = 0; s < nseg; s++) {
    let sum = 0.0;
    for (let j = 0; j < k; j++) sum += load<f64>(sums + (<usize>(s + j) << 3));
    store<f64>(means + (<usize>s << 3), sum / <f64>nperseg);
  }
  return means;
}

/** True when no segment mean is NaN/Infinity and the samples after the last segment are finite. */
function allFinite(sig: usize, len: i32, means: usize, nseg: i32, covered: i32): bool {
  // a NaN or Infinity in a segment makes its sum (and mean) NaN or Infinity
  for (let s = 0; s < nseg; s++) {
    const m = load<f64>(means + (<usize>s << 3));
    if (m - m != 0.0) return false;
  }
  return findNonFinite(sig + (<usize>covered << 3), len - covered) < 0;
}

/** dst[i] = (src[i] - mean) * win[i] (dst may equal src). */
function windowInto(dst: usize, src: usize, win: usize, n: i32, mean: f64): void {
  const m = f64x2.splat(mean);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(dst + o, f64x2.mul(f64x2.sub(v128.load(src + o), m), v128.load(win + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(dst + o, (load<f64>(src + o) - mean) * load<f64>(win + o));
  }
}

/** One periodogram value: |X_k|^2 * scale, doubled for 0 < k < lastDoubled (one-sided). */
@inline function power(spec: usize, k: i32, lastDoubled: i32, scale: f64): f64 {
  const re = load<f64>(spec + (<usize>k << 4));
  const im = load<f64>(spec + (<usize>k << 4), 8);
  const p = (re * re + im * im) * scale;
  return k > 0 && k < lastDoubled ? p * 2.0 : p;
}

/** dest[k] = periodogram value k. */
function writePower(spec: usize, dest: usize, nfreq: i32, lastDoubled: i32, scale: f64): void {
  for (let k = 0; k < nfreq; k++) store<f64>(dest + (<usize>k << 3), power(spec, k, lastDoubled, scale));
}

/** out[k] += periodogram value k; the doubled interior two bins per f64x2 (same arithmetic as power()). */
function accumulatePower(spec: usize, out: usize, nfreq: i32, lastDoubled: i32, scale: f64): void {
  store<f64>(out, load<f64>(out) + power(spec, 0, lastDoubled, scale));
  const sv = f64x2.splat(scale);
  const two = f64x2.splat(2.0);
  let k = 1;
  for (; k + 1 < lastDoubled; k += 2) {
    const a = v128.load(spec + (<usize>k << 4));
    const b = v128.load(spec + (<usize>k << 4), 16);
    const aa = f64x2.mul(a, a);
    const bb = f64x2.mul(b, b);
    const sq = f64x2.add(v128.shuffle<f64>(aa, bb, 0, 2), v128.shuffle<f64>(aa, bb, 1, 3));
    const q = out + (<usize>k << 3);
    v128.store(q, f64x2.add(v128.load(q), f64x2.mul(f64x2.mul(sq, sv), two)));
  }
  for (; k < nfreq; k++) {
    const q = out + (<usize>k << 3);
    store<f64>(q, load<f64>(q) + power(spec, k, lastDoubled, scale));
  }
}

/** Mean-average periodograms of segments 0..count (count even) added to out, two segments at a time. */
function accumulatePairs(sig: usize, step: i32, n: i32, win: usize, means: usize, constant: bool, count: i32, nfreq: i32, lastDoubled: i32, scale: f64, out: usize): void {
  const acc = pairAcc.ensure(<usize>nfreq << 4);
  memory.fill(acc, 0, <usize>nfreq << 4);
  for (let s = 0; s < count; s += 2) {
    const a = sig + (<usize>(s * step) << 3);
    const b = a + (<usize>step << 3);
    const ma = means != 0 ? load<f64>(means + (<usize>s << 3)) : constant ? meanFast(a, n) : 0.0;
    const mb = means != 0 ? load<f64>(means + (<usize>(s + 1) << 3)) : constant ? meanFast(b, n) : 0.0;
    accumulatePeriodogramPair(a, b, win, ma, mb, acc, n);
  }
  for (let k = 0; k < nfreq; k++) {
    const q = acc + (<usize>k << 4);
    const p = (load<f64>(q) + load<f64>(q, 8)) * scale;
    store<f64>(out + (<usize>k << 3), load<f64>(out + (<usize>k << 3)) + (k > 0 && k < lastDoubled ? p * 2.0 : p));
  }
}

/** Number of full segments scipy uses. */
export function countSegments(len: i32, nperseg: i32, noverlap: i32): i32 {
  return (len - noverlap) / (nperseg - noverlap);
}

/** Median bias of scipy.signal._spectral_py._median_bias. */
function medianBias(n: i32): f64 {
  let bias = 1.0;
  for (let i = 1; i <= (n - 1) >> 1; i++) {
    const ii2 = 2.0 * <f64>i;
    bias += 1.0 / (ii2 + 1.0) - 1.0 / ii2;
  }
  return bias;
}

/**
 * Welch PSD of sig[0..len). Writes nfft/2+1 values to `out` (for AVERAGE_NONE: nseg rows of them).
 * Returns the number of segments, or a negative status.
 */
export function welchPsd(
  sig: usize, len: i32, nperseg: i32, noverlap: i32, nfft: i32, win: usize,
  detrendMode: i32, scale: f64, average: i32, out: usize,
): i32 {
  if (len <= 0 || nperseg <= 0 || nperseg > len) return ERR_LENGTH;
  if (noverlap < 0 || noverlap >= nperseg || nfft < nperseg || nfft > 65536) return ERR_PARAM;
  if (average < 0 || average > 2) return ERR_PARAM;
  const step = nperseg - noverlap;
  const nseg = countSegments(len, nperseg, noverlap);
  const means = detrendMode == DETREND_CONSTANT ? blockMeans(sig, nseg, nperseg, step) : 0;
  // with block means the finiteness check costs no extra pass over the signal
  if (means != 0) {
    if (!allFinite(sig, len, means, nseg, (nseg - 1) * step + nperseg)) return ERR_NONFINITE;
  } else if (findNonFinite(sig, len) >= 0) return ERR_NONFINITE;
  const nfreq = (nfft >> 1) + 1;
  const seg = segBuf.ensure(<usize>nfft << 3);
  const spec = specBuf.ensure(<usize>(nfreq + 1) << 4);
  const fast = isFftSize(nfft);
  const rows = average == AVERAGE_MEDIAN ? rowsBuf.ensure(<usize>nseg * <usize>nfreq << 3) : 0;
  const lastDoubled = (nfft & 1) == 0 ? nfreq - 1 : nfreq;
  // power-of-two segments without zero padding: window and mean applied inside the FFT's first pass
  const fused = fast && nfft == nperseg && detrendMode != DETREND_LINEAR;
  if (average == AVERAGE_MEAN) memory.fill(out, 0, <usize>nfreq << 3);
  let first = 0;
  if (fused && average == AVERAGE_MEAN && nseg >= 2) {
    // two segments per f64x2 lane pair; an odd last segment goes through the loop below
    first = nseg & ~1;
    accumulatePairs(sig, step, nperseg, win, means, detrendMode == DETREND_CONSTANT, first, nfreq, lastDoubled, scale, out);
  }
  for (let s = first; s < nseg; s++) {
    const src = sig + (<usize>(s * step) << 3);
    const mean = means != 0 ? load<f64>(means + (<usize>s << 3)) : detrendMode == DETREND_CONSTANT ? meanFast(src, nperseg) : 0.0;
    if (fused) {
      rfft64Windowed(src, win, mean, spec, nfft);
    } else if (detrendMode == DETREND_LINEAR) {
      memory.copy(seg, src, <usize>nperseg << 3);
      detrendInPlace(seg, nperseg, detrendMode);
      windowInto(seg, seg, win, nperseg, 0.0);
    } else {
      windowInto(seg, src, win, nperseg, mean);
    }
    if (!fused) {
      if (nfft > nperseg) memory.fill(seg + (<usize>nperseg << 3), 0, <usize>(nfft - nperseg) << 3);
      if (fast) rfft64(seg, spec, nfft);
      else rdft64(seg, spec, nfft);
    }
    if (average == AVERAGE_MEAN) accumulatePower(spec, out, nfreq, lastDoubled, scale);
    else writePower(spec, average == AVERAGE_MEDIAN ? rows + (<usize>(s * nfreq) << 3) : out + (<usize>(s * nfreq) << 3), nfreq, lastDoubled, scale);
  }
  if (average == AVERAGE_MEAN) {
    for (let k = 0; k < nfreq; k++) store<f64>(out + (<usize>k << 3), load<f64>(out + (<usize>k << 3)) / <f64>nseg);
    return nseg;
  }
  if (average == AVERAGE_MEDIAN) {
    const col = colBuf.ensure(<usize>nseg << 3);
    const bias = medianBias(nseg);
    for (let k = 0; k < nfreq; k++) {
      for (let s = 0; s < nseg; s++) store<f64>(col + (<usize>s << 3), load<f64>(rows + (<usize>(s * nfreq + k) << 3)));
      store<f64>(out + (<usize>k << 3), medianInPlace(col, nseg) / bias);
    }
  }
  return nseg;
}
