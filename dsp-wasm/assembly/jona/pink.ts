// Pink noise, 4 samples per SIMD step. Same filter as before (Paul Kellet's refined 7-term pink
// filter, +-0.05 dB above 9.2 Hz), evaluated in block form so it vectorises:
//
//   white w[n] = fmix32(n * golden + key) / 2^31   counter-based: no serial RNG chain, lanes independent
//   b_k[n] = a_k b_k[n-1] + c_k w[n]           six one-poles (k = 0..5), states pre-scaled by G
//   s[n]   = G (sum_k b_k[n] + D w[n] + E w[n-1])
//
// For four samples n..n+3 the one-poles unroll to  s[n+i] = sum_k a_k^(i+1) b_k[n-1]
// + sum_{j<=i} h[i-j] w[n+j] + G E w[n+i-1]  (h = combined impulse response), and the states to
// b_k[n+3] = a_k^4 b_k[n-1] + sum_j G c_k a_k^(3-j) w[n+j]: 4-lane multiply-adds only.
// Samples are produced in groups of 4 aligned to the voice's own sample count (leftovers wait in
// a per-voice buffer), so the output does not depend on how renders split the stream, and every
// path (Node, worklet, API) computes the same float operations in the same order.
import { MAX_VOICES, BLOCK_MAX } from './constants';
import { putArray, getArray } from './snapshot';

const A: StaticArray<f64> = [0.99886, 0.99332, 0.969, 0.8665, 0.55, -0.7616];
const C: StaticArray<f64> = [0.0555179, 0.0750759, 0.153852, 0.3104856, 0.5329522, -0.016898];
const D: f64 = 0.5362;
const E: f64 = 0.115926;
/** Output scale: RMS about 0.2 for white input uniform in [-1, 1). */
const G: f64 = 0.11;
const TO_UNIT: f32 = 4.656612873077393e-10; // 2^-31

// Per-voice state, 4 floats (one v128) per entry.
const s1 = new StaticArray<f32>(MAX_VOICES * 4); // b0..b3
const s2 = new StaticArray<f32>(MAX_VOICES * 4); // b4, b5, 0, 0
const wLast = new StaticArray<f32>(MAX_VOICES * 4); // previous group's white * 2^31 (lane 3 is w[n-1])
const counter = new StaticArray<u32>(MAX_VOICES);
const key = new StaticArray<u32>(MAX_VOICES);
const spare = new StaticArray<f32>(MAX_VOICES * 4); // generated, not yet delivered
const spareAt = new StaticArray<i32>(MAX_VOICES); // next spare index (4 = none left)
/** The pink samples of the current render, filled by fillPink. */
export const pinkOut = new StaticArray<f32>(BLOCK_MAX + 4);

// Coefficient vectors (see the header): P[k] lanes a_k^(i+1), H[j] lanes h[i-j] (0 above the
// diagonal), Q1[j]/Q2[j] lanes G c_k a_k^(3-j), A4 lanes a_k^4.
const P = new StaticArray<f32>(6 * 4);
const H = new StaticArray<f32>(4 * 4);
const Q1 = new StaticArray<f32>(4 * 4);
const Q2 = new StaticArray<f32>(4 * 4);
const A41 = new StaticArray<f32>(4);
const A42 = new StaticArray<f32>(4);

export function initPink(): void {
  for (let k = 0; k < 6; k++) {
    const a = unchecked(A[k]);
    for (let i = 0; i < 4; i++) unchecked((P[k * 4 + i] = <f32>Math.pow(a, <f64>(i + 1))));
    const a4 = <f32>Math.pow(a, 4);
    if (k < 4) unchecked((A41[k] = a4)); else unchecked((A42[k - 4] = a4));
    for (let j = 0; j < 4; j++) {
      const q = <f32>(G * unchecked(C[k]) * Math.pow(a, <f64>(3 - j)));
      if (k < 4) unchecked((Q1[j * 4 + k] = q * TO_UNIT)); else unchecked((Q2[j * 4 + k - 4] = q * TO_UNIT));
    }
  }
  for (let j = 0; j < 4; j++) {
    for (let i = 0; i < 4; i++) {
      let h: f64 = 0;
      if (i >= j) {
        for (let k = 0; k < 6; k++) h += unchecked(C[k]) * Math.pow(unchecked(A[k]), <f64>(i - j));
        if (i == j) h += D;
      }
      unchecked((H[j * 4 + i] = <f32>(G * h) * TO_UNIT));
    }
  }
}

/** Restarts voice `v`'s pink stream for `seed` (silent filter, sample counter 0). */
export function resetPink(v: i32, seed: u32): void {
  let s = (seed + 0x632be5ab) ^ (<u32>(v + 1) * 0x9e3779b9);
  s ^= s >>> 16; s *= 0x7feb352d; s ^= s >>> 15;
  unchecked((key[v] = s));
  unchecked((counter[v] = 0));
  unchecked((spareAt[v] = 4));
  for (let i = 0; i < 4; i++) {
    const o = v * 4 + i;
    unchecked((s1[o] = 0)); unchecked((s2[o] = 0)); unchecked((wLast[o] = 0)); unchecked((spare[o] = 0));
  }
}

// @ts-ignore: decorator
@inline function ld(a: StaticArray<f32>, i: i32): v128 { return v128.load(changetype<usize>(a) + (<usize>i << 2)); }
// Lane k of x in all four lanes.
// @ts-ignore: decorator
@inline function lane0(x: v128): v128 { return v128.shuffle<f32>(x, x, 0, 0, 0, 0); }
// @ts-ignore: decorator
@inline function lane1(x: v128): v128 { return v128.shuffle<f32>(x, x, 1, 1, 1, 1); }
// @ts-ignore: decorator
@inline function lane2(x: v128): v128 { return v128.shuffle<f32>(x, x, 2, 2, 2, 2); }
// @ts-ignore: decorator
@inline function lane3(x: v128): v128 { return v128.shuffle<f32>(x, x, 3, 3, 3, 3); }
// @ts-ignore: decorator
@inline function madd(acc: v128, x: v128, y: v128): v128 { return f32x4.add(acc, f32x4.mul(x, y)); }

/** Generates `groups` x 4 pink samples of voice `v` to `dst` (bytes). */
function generate(v: i32, dst: usize, groups: i32): void {
  const o = v * 4;
  let b1 = ld(s1, o), b2 = ld(s2, o), wPrev = ld(wLast, o);
  // (counter + lane) * golden + key, advanced by 4 * golden per group: the same u32 values as a
  // multiply per sample, without the multiply.
  const golden: i32 = <i32>0x9e3779b9;
  let h = i32x4.add(i32x4.mul(i32x4.add(i32x4.splat(<i32>unchecked(counter[v])), i32x4(0, 1, 2, 3)), i32x4.splat(golden)), i32x4.splat(<i32>unchecked(key[v])));
  const step = i32x4.splat(golden * 4);
  const p0 = ld(P, 0), p1 = ld(P, 4), p2 = ld(P, 8), p3 = ld(P, 12), p4 = ld(P, 16), p5 = ld(P, 20);
  const h0 = ld(H, 0), h1 = ld(H, 4), h2 = ld(H, 8), h3 = ld(H, 12);
  const q10 = ld(Q1, 0), q11 = ld(Q1, 4), q12 = ld(Q1, 8), q13 = ld(Q1, 12);
  const q20 = ld(Q2, 0), q21 = ld(Q2, 4), q22 = ld(Q2, 8), q23 = ld(Q2, 12);
  const a41 = ld(A41, 0), a42 = ld(A42, 0);
  const ge = f32x4.splat(<f32>(G * E) * TO_UNIT);
  let g = 0;
  // Two groups per iteration (measured 5% faster for the whole render): the second group's hash
  // and products are issued while the first group's filter chain is in flight. The three copies
  // below are the same operations in the same order (AssemblyScript has no multi-value inline).
  for (; g + 2 <= groups; g += 2) {
    {
      // White: a bijective integer hash of (counter * golden + key), uniform in [-1, 1).
      let x = v128.xor(h, i32x4.shr_u(h, 16)); x = i32x4.mul(x, i32x4.splat(0x21f0aaad));
      x = v128.xor(x, i32x4.shr_u(x, 15)); x = i32x4.mul(x, i32x4.splat(<i32>0x735a2d97));
      x = v128.xor(x, i32x4.shr_u(x, 15));
      // The white sample is x * 2^-31; the 2^-31 lives in the coefficients instead (a power of two:
      // fl(fl(x 2^-31) c) == fl(x fl(c 2^-31)) exactly), which saves a multiply per group.
      const w = f32x4.convert_i32x4_s(x);
      h = i32x4.add(h, step);
      const w0 = lane0(w), w1 = lane1(w), w2 = lane2(w), w3 = lane3(w);
      // Outputs: state decay, then this group's inputs, then the one-sample-delayed input.
      let y = f32x4.mul(lane0(b1), p0);
      y = madd(y, lane1(b1), p1); y = madd(y, lane2(b1), p2); y = madd(y, lane3(b1), p3);
      y = madd(y, lane0(b2), p4); y = madd(y, lane1(b2), p5);
      y = madd(y, w0, h0); y = madd(y, w1, h1); y = madd(y, w2, h2); y = madd(y, w3, h3);
      y = madd(y, v128.shuffle<f32>(wPrev, w, 3, 4, 5, 6), ge);
      v128.store(dst + (<usize>g << 4), y);
      // States after the group.
      b1 = madd(madd(madd(madd(f32x4.mul(b1, a41), w0, q10), w1, q11), w2, q12), w3, q13);
      b2 = madd(madd(madd(madd(f32x4.mul(b2, a42), w0, q20), w1, q21), w2, q22), w3, q23);
      wPrev = w;
    }
    {
      // White: a bijective integer hash of (counter * golden + key), uniform in [-1, 1).
      let x = v128.xor(h, i32x4.shr_u(h, 16)); x = i32x4.mul(x, i32x4.splat(0x21f0aaad));
      x = v128.xor(x, i32x4.shr_u(x, 15)); x = i32x4.mul(x, i32x4.splat(<i32>0x735a2d97));
      x = v128.xor(x, i32x4.shr_u(x, 15));
      // The white sample is x * 2^-31; the 2^-31 lives in the coefficients instead (a power of two:
      // fl(fl(x 2^-31) c) == fl(x fl(c 2^-31)) exactly), which saves a multiply per group.
      const w = f32x4.convert_i32x4_s(x);
      h = i32x4.add(h, step);
      const w0 = lane0(w), w1 = lane1(w), w2 = lane2(w), w3 = lane3(w);
      // Outputs: state decay, then this group's inputs, then the one-sample-delayed input.
      let y = f32x4.mul(lane0(b1), p0);
      y = madd(y, lane1(b1), p1); y = madd(y, lane2(b1), p2); y = madd(y, lane3(b1), p3);
      y = madd(y, lane0(b2), p4); y = madd(y, lane1(b2), p5);
      y = madd(y, w0, h0); y = madd(y, w1, h1); y = madd(y, w2, h2); y = madd(y, w3, h3);
      y = madd(y, v128.shuffle<f32>(wPrev, w, 3, 4, 5, 6), ge);
      v128.store(dst + (<usize>(g + 1) << 4), y);
      // States after the group.
      b1 = madd(madd(madd(madd(f32x4.mul(b1, a41), w0, q10), w1, q11), w2, q12), w3, q13);
      b2 = madd(madd(madd(madd(f32x4.mul(b2, a42), w0, q20), w1, q21), w2, q22), w3, q23);
      wPrev = w;
    }
  }
  for (; g < groups; g++) {
    // White: a bijective integer hash of (counter * golden + key), uniform in [-1, 1).
    let x = v128.xor(h, i32x4.shr_u(h, 16)); x = i32x4.mul(x, i32x4.splat(0x21f0aaad));
    x = v128.xor(x, i32x4.shr_u(x, 15)); x = i32x4.mul(x, i32x4.splat(<i32>0x735a2d97));
    x = v128.xor(x, i32x4.shr_u(x, 15));
    // The white sample is x * 2^-31; the 2^-31 lives in the coefficients instead (a power of two:
    // fl(fl(x 2^-31) c) == fl(x fl(c 2^-31)) exactly), which saves a multiply per group.
    const w = f32x4.convert_i32x4_s(x);
    h = i32x4.add(h, step);
    const w0 = lane0(w), w1 = lane1(w), w2 = lane2(w), w3 = lane3(w);
    // Outputs: state decay, then this group's inputs, then the one-sample-delayed input.
    let y = f32x4.mul(lane0(b1), p0);
    y = madd(y, lane1(b1), p1); y = madd(y, lane2(b1), p2); y = madd(y, lane3(b1), p3);
    y = madd(y, lane0(b2), p4); y = madd(y, lane1(b2), p5);
    y = madd(y, w0, h0); y = madd(y, w1, h1); y = madd(y, w2, h2); y = madd(y, w3, h3);
    y = madd(y, v128.shuffle<f32>(wPrev, w, 3, 4, 5, 6), ge);
    v128.store(dst + (<usize>g << 4), y);
    // States after the group.
    b1 = madd(madd(madd(madd(f32x4.mul(b1, a41), w0, q10), w1, q11), w2, q12), w3, q13);
    b2 = madd(madd(madd(madd(f32x4.mul(b2, a42), w0, q20), w1, q21), w2, q22), w3, q23);
    wPrev = w;
    }
  v128.store(changetype<usize>(s1) + (<usize>o << 2), b1);
  v128.store(changetype<usize>(s2) + (<usize>o << 2), b2);
  v128.store(changetype<usize>(wLast) + (<usize>o << 2), wPrev);
  unchecked((counter[v] = counter[v] + (<u32>groups << 2)));
}

/** Writes the next `n` pink samples of voice `v` to pinkOut[0..n). */
export function fillPink(v: i32, n: i32): void {
  const out = changetype<usize>(pinkOut);
  let i = 0;
  let at = unchecked(spareAt[v]);
  while (at < 4 && i < n) { unchecked((pinkOut[i] = spare[v * 4 + at])); at++; i++; }
  const groups = (n - i) >> 2;
  if (groups > 0) generate(v, out + (<usize>i << 2), groups);
  i += groups << 2;
  if (i < n) {
    // A partial group: generate 4, deliver what is asked, keep the rest for the next render.
    generate(v, changetype<usize>(spare) + (<usize>(v * 4) << 2), 1);
    at = 0;
    while (i < n) { unchecked((pinkOut[i] = spare[v * 4 + at])); at++; i++; }
  }
  unchecked((spareAt[v] = at));
}

/**
 * Advances voice `v`'s pink stream by `n` samples without computing them (skip.ts): the sample
 * counter and the spare buffer move exactly as `fillPink(v, n)` would move them; the six filter
 * states are left where they are (a guess: they forget it within a few thousand samples).
 */
export function skipPink(v: i32, n: i32): void {
  const at = unchecked(spareAt[v]);
  if (n <= 4 - at) { unchecked((spareAt[v] = at + n)); return; }
  const m = n - (4 - at);
  unchecked((counter[v] = counter[v] + (<u32>(m >> 2) << 2)));
  if ((m & 3) != 0) {
    generate(v, changetype<usize>(spare) + (<usize>(v * 4) << 2), 1);
    unchecked((spareAt[v] = m & 3));
  } else unchecked((spareAt[v] = 4));
}

/** Checkpoint support (see snapshot.ts). */
export function savePink(p: usize): usize {
  p = putArray(p, s1); p = putArray(p, s2); p = putArray(p, wLast); p = putArray(p, counter);
  p = putArray(p, key);
  // Spare samples already delivered are saved as 0: they are never read again, and this way two
  // kernels in the same state save the same bytes (render-spans.ts compares them).
  for (let i = 0; i < MAX_VOICES * 4; i++) store<f32>(p + (<usize>i << 2), (i & 3) < unchecked(spareAt[i >> 2]) ? 0 : unchecked(spare[i]));
  p += <usize>(MAX_VOICES * 4) << 2;
  return putArray(p, spareAt);
}
export function loadPink(p: usize): usize {
  p = getArray(p, s1); p = getArray(p, s2); p = getArray(p, wLast); p = getArray(p, counter);
  p = getArray(p, key); p = getArray(p, spare); return getArray(p, spareAt);
}
