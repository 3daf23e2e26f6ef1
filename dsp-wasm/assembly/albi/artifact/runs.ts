// Run finders for artifact detection. Each writes up to maxRuns records of 3 doubles
//   [startSample, endSample (exclusive), measure]
// to `out` and returns how many runs it found (which may exceed maxRuns; extra runs are not written).
import { ERR_LENGTH, ERR_PARAM } from '../common/status';

@inline function x(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function emit(out: usize, idx: i32, maxRuns: i32, start: i32, end: i32, measure: f64): void {
  if (idx < maxRuns) {
    const r = out + (<usize>(idx * 3) << 3);
    store<f64>(r, <f64>start);
    store<f64>(r, <f64>end, 8);
    store<f64>(r, measure, 16);
  }
}

/**
 * Stretches where x < lo or x > hi. Runs closer than mergeGap samples are merged; runs shorter than
 * minLen are dropped. measure = the largest excursion beyond the limits in the run (same units as x).
 */
export function findRunsOutside(p: usize, n: i32, lo: f64, hi: f64, mergeGap: i32, minLen: i32, out: usize, maxRuns: i32): i32 {
  if (n <= 0) return ERR_LENGTH;
  if (!(hi >= lo) || mergeGap < 0 || minLen < 1) return ERR_PARAM;
  let count = 0;
  let start = -1;
  let lastOut = -1;
  let peak = 0.0;
  for (let i = 0; i < n; i++) {
    const v = x(p, i);
    const excess = v > hi ? v - hi : v < lo ? lo - v : -1.0;
    if (excess < 0.0) continue;
    if (start >= 0 && i - lastOut > mergeGap + 1) {
      if (lastOut + 1 - start >= minLen) emit(out, count++, maxRuns, start, lastOut + 1, peak);
      start = -1;
    }
    if (start < 0) {
      start = i;
      peak = 0.0;
    }
    if (excess > peak) peak = excess;
    lastOut = i;
  }
  if (start >= 0 && lastOut + 1 - start >= minLen) emit(out, count++, maxRuns, start, lastOut + 1, peak);
  return count;
}

/** Flat stretches: at least minLen samples whose range (max - min) stays <= tolerance. measure = range. */
export function findFlatRuns(p: usize, n: i32, tolerance: f64, minLen: i32, out: usize, maxRuns: i32): i32 {
  if (n <= 0) return ERR_LENGTH;
  if (!(tolerance >= 0.0) || minLen < 2) return ERR_PARAM;
  let count = 0;
  let start = 0;
  let mn = x(p, 0);
  let mx = mn;
  for (let i = 1; i <= n; i++) {
    let broken = i == n;
    let v = 0.0;
    if (!broken) {
      v = x(p, i);
      const nmn = v < mn ? v : mn;
      const nmx = v > mx ? v : mx;
      if (nmx - nmn > tolerance) broken = true;
      else {
        mn = nmn;
        mx = nmx;
      }
    }
    if (broken) {
      if (i - start >= minLen) emit(out, count++, maxRuns, start, i, mx - mn);
      if (i < n) {
        start = i;
        mn = v;
        mx = v;
      }
    }
  }
  return count;
}

/**
 * Sudden jumps: sample-to-sample steps with |x[i] - x[i-1]| > threshold. Steps within mergeGap samples
 * of each other form one record [first, last + 1); measure = the largest step.
 */
export function findJumps(p: usize, n: i32, threshold: f64, mergeGap: i32, out: usize, maxRuns: i32): i32 {
  if (n <= 0) return ERR_LENGTH;
  if (!(threshold > 0.0) || mergeGap < 0) return ERR_PARAM;
  let count = 0;
  let start = -1;
  let last = -1;
  let peak = 0.0;
  for (let i = 1; i < n; i++) {
    const step = Math.abs(x(p, i) - x(p, i - 1));
    if (!(step > threshold)) continue;
    if (start >= 0 && i - last > mergeGap) {
      emit(out, count++, maxRuns, start, last + 1, peak);
      start = -1;
    }
    if (start < 0) {
      start = i - 1;
      peak = 0.0;
    }
    if (step > peak) peak = step;
    last = i;
  }
  if (start >= 0) emit(out, count++, maxRuns, start, last + 1, peak);
  return count;
}

/** out[i] = x[i+1] - x[i] for i < n - 1. */
export function diffSignal(p: usize, n: i32, out: usize): i32 {
  if (n < 2) return ERR_LENGTH;
  for (let i = 0; i < n - 1; i++) store<f64>(out + (<usize>i << 3), x(p, i + 1) - x(p, i));
  return n - 1;
}
