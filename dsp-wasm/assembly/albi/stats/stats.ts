// Per-channel statistics: mean, population std, min, max, median, MAD; robust-z outliers; finiteness.
// Sums use Neumaier compensation so the mean stays accurate to ~1 ulp even with large DC offsets.
import { ERR_LENGTH, ERR_NONFINITE, OK } from '../common/status';
import { Scratch } from '../common/alloc';
import { medianInPlace } from './select';

const scratch = new Scratch();

/** Index of the first NaN or +-Infinity in p[0..n), or -1 when all are finite. */
export function findNonFinite(p: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    const v = load<f64>(p + (<usize>i << 3));
    if (v - v != 0.0) return i;
  }
  return -1;
}

/** Compensated mean of p[0..n). */
export function meanOf(p: usize, n: i32): f64 {
  let sum = 0.0;
  let c = 0.0;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(p + (<usize>i << 3));
    const t = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) c += sum - t + v;
    else c += v - t + sum;
    sum = t;
  }
  return (sum + c) / <f64>n;
}

/**
 * Writes [mean, std, min, max, median, mad] (6 doubles) to `out`.
 * std is the population standard deviation (ddof = 0, as numpy.std); mad is unscaled median(|x - median|).
 */
export function computeStatistics(p: usize, n: i32, out: usize): i32 {
  if (n <= 0) return ERR_LENGTH;
  if (findNonFinite(p, n) >= 0) return ERR_NONFINITE;
  const mean = meanOf(p, n);
  let sq = 0.0;
  let c = 0.0;
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(p + (<usize>i << 3));
    const d = (v - mean) * (v - mean);
    const t = sq + d;
    if (sq >= d) c += sq - t + d;
    else c += d - t + sq;
    sq = t;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  const tmp = scratch.ensure(<usize>n << 3);
  memory.copy(tmp, p, <usize>n << 3);
  const median = medianInPlace(tmp, n);
  for (let i = 0; i < n; i++) {
    const q = tmp + (<usize>i << 3);
    store<f64>(q, Math.abs(load<f64>(q) - median));
  }
  const mad = medianInPlace(tmp, n);
  store<f64>(out, mean);
  store<f64>(out, Math.sqrt((sq + c) / <f64>n), 8);
  store<f64>(out, mn, 16);
  store<f64>(out, mx, 24);
  store<f64>(out, median, 32);
  store<f64>(out, mad, 40);
  return OK;
}

/**
 * Robust-z outliers: samples with |x - median| / (1.4826 * mad) > threshold. Writes up to `maxOut`
 * indices (i32) to `outIdx` and returns the total count. With mad == 0 the score is undefined and
 * no sample is reported.
 */
export function findOutliers(p: usize, n: i32, median: f64, mad: f64, threshold: f64, outIdx: usize, maxOut: i32): i32 {
  if (n <= 0) return ERR_LENGTH;
  if (!(mad > 0.0)) return 0;
  const limit = threshold * 1.4826 * mad;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (Math.abs(load<f64>(p + (<usize>i << 3)) - median) > limit) {
      if (count < maxOut) store<i32>(outIdx + (<usize>count << 2), i);
      count++;
    }
  }
  return count;
}
