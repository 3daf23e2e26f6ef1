// Runs the four-column complex FFT of columns32.ts (length m = 4L, L >= 4) and its combining pass.
import { getCombineTwiddles, getPassTwiddles, passFirst, passMiddle } from './columns32';

let bufA: usize = 0;
let bufB: usize = 0;
let bufCap: i32 = 0;

/** Two work buffers of m complex float32 each (8m bytes), grown only. */
export function ensureBuffers32(m: i32): void {
  if (m > bufCap) {
    bufA = heap.alloc(<usize>m << 3);
    bufB = heap.alloc(<usize>m << 3);
    bufCap = m;
  }
}

/** Buffer B (8m bytes): the caller may stage interleaved input there (complexFft32 reads it before writing B). */
export function stagingBuffer32(): usize {
  return bufB;
}

/** (xr, xi) * (wr, wi) per lane, real part. */
@inline function mulRe(xr: v128, xi: v128, wr: v128, wi: v128): v128 {
  return f32x4.sub(f32x4.mul(xr, wr), f32x4.mul(xi, wi));
}
@inline function mulIm(xr: v128, xi: v128, wr: v128, wi: v128): v128 {
  return f32x4.add(f32x4.mul(xr, wi), f32x4.mul(xi, wr));
}

/**
 * Step 2 for four rows: r_j, i_j hold row k0 + j of the column spectra Y (lane b = Y_b[k0 + j]). They are
 * transposed so that vector b holds Y_b[k0..k0+3], twiddled by W_m^(b k) (w: 96 bytes of this block), and
 * combined by a radix-4 butterfly across b into Z[k0 + qL .. k0 + qL + 3] at pr + q * quarter (re) and
 * pi + q * quarter (im); q1/q3 are the byte offsets of q = 1 and 3 (swapped for the inverse).
 */
@inline export function combineRows(
  r0: v128, i0: v128, r1: v128, i1: v128, r2: v128, i2: v128, r3: v128, i3: v128,
  pr: usize, pi: usize, quarter: usize, q1: usize, q3: usize, w: usize,
): void {
  // 4x4 transposes: row j lane b -> vector b lane j
  let lo = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), hi = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t0r = v128.shuffle<f32>(lo, hi, 0, 1, 4, 5), t1r = v128.shuffle<f32>(lo, hi, 2, 3, 6, 7);
  lo = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7); hi = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  const t2r = v128.shuffle<f32>(lo, hi, 0, 1, 4, 5), t3r = v128.shuffle<f32>(lo, hi, 2, 3, 6, 7);
  lo = v128.shuffle<f32>(i0, i1, 0, 4, 1, 5); hi = v128.shuffle<f32>(i2, i3, 0, 4, 1, 5);
  const t0i = v128.shuffle<f32>(lo, hi, 0, 1, 4, 5), t1i = v128.shuffle<f32>(lo, hi, 2, 3, 6, 7);
  lo = v128.shuffle<f32>(i0, i1, 2, 6, 3, 7); hi = v128.shuffle<f32>(i2, i3, 2, 6, 3, 7);
  const t2i = v128.shuffle<f32>(lo, hi, 0, 1, 4, 5), t3i = v128.shuffle<f32>(lo, hi, 2, 3, 6, 7);
  let wr = v128.load(w), wi = v128.load(w, 16);
  const u1r = mulRe(t1r, t1i, wr, wi), u1i = mulIm(t1r, t1i, wr, wi);
  wr = v128.load(w, 32); wi = v128.load(w, 48);
  const u2r = mulRe(t2r, t2i, wr, wi), u2i = mulIm(t2r, t2i, wr, wi);
  wr = v128.load(w, 64); wi = v128.load(w, 80);
  const u3r = mulRe(t3r, t3i, wr, wi), u3i = mulIm(t3r, t3i, wr, wi);
  const s02r = f32x4.add(t0r, u2r), s02i = f32x4.add(t0i, u2i);
  const d02r = f32x4.sub(t0r, u2r), d02i = f32x4.sub(t0i, u2i);
  const s13r = f32x4.add(u1r, u3r), s13i = f32x4.add(u1i, u3i);
  const d13r = f32x4.sub(u1r, u3r), d13i = f32x4.sub(u1i, u3i);
  v128.store(pr, f32x4.add(s02r, s13r));
  v128.store(pi, f32x4.add(s02i, s13i));
  v128.store(pr + 2 * quarter, f32x4.sub(s02r, s13r));
  v128.store(pi + 2 * quarter, f32x4.sub(s02i, s13i));
  // q = 1: d02 - i d13; q = 3: d02 + i d13
  v128.store(pr + q1, f32x4.add(d02r, d13i));
  v128.store(pi + q1, f32x4.sub(d02i, d13r));
  v128.store(pr + q3, f32x4.sub(d02r, d13i));
  v128.store(pi + q3, f32x4.add(d02i, d13r));
}

/** Step 2 over all rows of Y (split rows at src) into the split arrays re[0..m), im[0..m). */
function combine(src: usize, re: usize, im: usize, L: i32, tw: usize, inverse: bool): void {
  const quarter = <usize>L << 2; // bytes of L floats
  const q1 = inverse ? 3 * quarter : quarter;
  const q3 = inverse ? quarter : 3 * quarter;
  let w = tw;
  for (let k: usize = 0, end = <usize>L << 2; k < end; k += 16, w += 96) {
    const p = src + (k << 3);
    combineRows(
      v128.load(p), v128.load(p, 16), v128.load(p, 32), v128.load(p, 48),
      v128.load(p, 64), v128.load(p, 80), v128.load(p, 96), v128.load(p, 112),
      re + k, im + k, quarter, q1, q3, w,
    );
  }
}

/**
 * Step 2 fused with the last radix-2 pass (log2 L odd): rows k and k + L/2 of the unfinished spectra are
 * first combined as Y[k] = X[k] + X[k + L/2], Y[k + L/2] = X[k] - X[k + L/2], saving one pass over memory.
 */
function combineRadix2(src: usize, re: usize, im: usize, L: i32, tw: usize, inverse: bool): void {
  const quarter = <usize>L << 2;
  const q1 = inverse ? 3 * quarter : quarter;
  const q3 = inverse ? quarter : 3 * quarter;
  const halfRows = <usize>L << 4; // bytes of L/2 rows
  const halfTw = <usize>(L >> 3) * 96;
  const halfOut = <usize>L << 1; // bytes of L/2 floats
  let w = tw;
  for (let k: usize = 0, end = <usize>L << 1; k < end; k += 16, w += 96) {
    const p = src + (k << 3);
    const q = p + halfRows;
    // rows are loaded again for the differences (L1 hits) rather than kept live: 16 vectors would spill
    combineRows(
      f32x4.add(v128.load(p), v128.load(q)), f32x4.add(v128.load(p, 16), v128.load(q, 16)),
      f32x4.add(v128.load(p, 32), v128.load(q, 32)), f32x4.add(v128.load(p, 48), v128.load(q, 48)),
      f32x4.add(v128.load(p, 64), v128.load(q, 64)), f32x4.add(v128.load(p, 80), v128.load(q, 80)),
      f32x4.add(v128.load(p, 96), v128.load(q, 96)), f32x4.add(v128.load(p, 112), v128.load(q, 112)),
      re + k, im + k, quarter, q1, q3, w,
    );
    combineRows(
      f32x4.sub(v128.load(p), v128.load(q)), f32x4.sub(v128.load(p, 16), v128.load(q, 16)),
      f32x4.sub(v128.load(p, 32), v128.load(q, 32)), f32x4.sub(v128.load(p, 48), v128.load(q, 48)),
      f32x4.sub(v128.load(p, 64), v128.load(q, 64)), f32x4.sub(v128.load(p, 80), v128.load(q, 80)),
      f32x4.sub(v128.load(p, 96), v128.load(q, 96)), f32x4.sub(v128.load(p, 112), v128.load(q, 112)),
      re + k + halfOut, im + k + halfOut, quarter, q1, q3, w + halfTw,
    );
  }
}

/**
 * Step 1: the L-point FFT of each of the four columns of the m = 4L interleaved complex values at `input`,
 * except the last radix-2 pass when log2 L is odd. Returns where the rows are (bufA or bufB).
 */
export function runColumns32(input: usize, log2L: i32, inverse: bool): usize {
  const L = 1 << log2L;
  const quarter = <usize>(L >> 2) << 5;
  const offB = inverse ? 3 * quarter : quarter;
  const offD = inverse ? quarter : 3 * quarter;
  let tw = getPassTwiddles(log2L, inverse);
  let src = bufA;
  let dst = bufB;
  passFirst(input, src, L, offB, offD, tw);
  tw += <usize>(L >> 2) * 24;
  for (let nn = L >> 2; nn >= 4; nn >>= 2) {
    passMiddle(src, dst, L, nn, offB, offD, tw);
    tw += <usize>(nn >> 2) * 24;
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/**
 * Complex FFT of m = 2^log2m (m >= 16) interleaved complex float32 at `input` (unnormalised; inverse uses
 * exp(+i)). Returns the pointer of the real parts; the imaginary parts follow at + 4m. Needs
 * ensureBuffers32(m) first; `input` may be stagingBuffer32().
 */
export function complexFft32(input: usize, log2m: i32, inverse: bool): usize {
  const log2L = log2m - 2;
  const L = 1 << log2L;
  const src = runColumns32(input, log2L, inverse);
  const dst = src == bufA ? bufB : bufA;
  const ctw = getCombineTwiddles(log2L, inverse);
  if (log2L & 1) combineRadix2(src, dst, dst + (<usize>L << 4), L, ctw, inverse);
  else combine(src, dst, dst + (<usize>L << 4), L, ctw, inverse);
  return dst;
}
