// The limiter's per-sample peak test, in a scalar form (used by the per-sample path) and a
// 4-samples-at-a-time form (used to prove a whole span needs no gain reduction).
//
// For sample m the per-sample path looks at the window x[m-3..m] of each channel:
//   bound = 1.25 * max|x| over both windows   (interpolated points never exceed 1.25 x neighbours)
//   peak  = max over both channels of segmentPeak(window)  (4x Catmull-Rom true-peak estimate)
// and asks for gain reduction only when bound > CEIL and peak > CEIL. spanNeedsNoGain computes
// the same floats (same expressions in the same order, lane by lane) for every sample of a span,
// so "no sample needs gain reduction" is decided exactly as the per-sample path would decide it.
import { BLOCK_MAX } from './constants';

/** Target ceiling of the gain computer: -1.2 dBFS, 0.2 dB under the hard ceiling. */
export const CEIL: f32 = 0.8709636;

// Catmull-Rom interpolation between b and c at t = 1/4, 1/2, 3/4 (weights sum |w| <= 1.25).
// @ts-ignore: decorator
@inline export function segmentPeak(a: f32, b: f32, c: f32, d: f32): f32 {
  const q1 = <f32>-0.0703125 * a + <f32>0.8671875 * b + <f32>0.2265625 * c + <f32>-0.0234375 * d;
  const q2 = <f32>-0.0625 * (a + d) + <f32>0.5625 * (b + c);
  const q3 = <f32>-0.0234375 * a + <f32>0.2265625 * b + <f32>0.8671875 * c + <f32>-0.0703125 * d;
  return Mathf.max(Mathf.max(Mathf.abs(b), Mathf.abs(c)), Mathf.max(Mathf.abs(q2), Mathf.max(Mathf.abs(q1), Mathf.abs(q3))));
}

// @ts-ignore: decorator
@inline function sp(x: f32): v128 { return f32x4.splat(x); }

/**
 * Maximum of two vectors of |values| (sign bits clear): for non-negative floats the integer order
 * of the bit patterns is the float order, so this is one instruction where f32x4.max needs a NaN
 * fix-up sequence on x64. A NaN (bits above +inf) wins, and then every `<= CEIL` test fails,
 * which sends the span to the per-sample path: decisions stay exactly those of the scalar code.
 */
// @ts-ignore: decorator
@inline export function maxAbs(a: v128, b: v128): v128 { return i32x4.max_s(a, b); }

// @ts-ignore: decorator
@inline function segmentPeak4(a: v128, b: v128, c: v128, d: v128): v128 {
  const q1 = f32x4.add(f32x4.add(f32x4.add(f32x4.mul(sp(-0.0703125), a), f32x4.mul(sp(0.8671875), b)), f32x4.mul(sp(0.2265625), c)), f32x4.mul(sp(-0.0234375), d));
  const q2 = f32x4.add(f32x4.mul(sp(-0.0625), f32x4.add(a, d)), f32x4.mul(sp(0.5625), f32x4.add(b, c)));
  const q3 = f32x4.add(f32x4.add(f32x4.add(f32x4.mul(sp(-0.0234375), a), f32x4.mul(sp(0.2265625), b)), f32x4.mul(sp(0.8671875), c)), f32x4.mul(sp(-0.0703125), d));
  return maxAbs(maxAbs(f32x4.abs(b), f32x4.abs(c)), maxAbs(f32x4.abs(q2), maxAbs(f32x4.abs(q1), f32x4.abs(q3))));
}

// x values of the span with the 3 inputs before it in front: xs[3 + j] = x of span sample j.
const xsL = new StaticArray<f32>(BLOCK_MAX + 8);
const xsR = new StaticArray<f32>(BLOCK_MAX + 8);

// @ts-ignore: decorator
@inline function sampleOk(a: f32, b: f32, c: f32, d: f32, e: f32, f: f32, g: f32, h: f32): bool {
  const bound = Mathf.max(Mathf.max(Mathf.max(Mathf.abs(a), Mathf.abs(b)), Mathf.max(Mathf.abs(c), Mathf.abs(d))), Mathf.max(Mathf.max(Mathf.abs(e), Mathf.abs(f)), Mathf.max(Mathf.abs(g), Mathf.abs(h)))) * <f32>1.25;
  return bound <= CEIL || Mathf.max(segmentPeak(a, b, c, d), segmentPeak(e, f, g, h)) <= CEIL;
}

/**
 * True when no sample of the span (inputs x = mix * gain at lp/rp, `len` frames, preceded by the
 * inputs l1..l3 / r1..r3) would get a gain below 1 from the per-sample path.
 */
export function spanNeedsNoGain(lp: usize, rp: usize, len: i32, gain: f32, l1: f32, l2: f32, l3: f32, r1: f32, r2: f32, r3: f32): bool {
  const xl = changetype<usize>(xsL), xr = changetype<usize>(xsR);
  store<f32>(xl, l1); store<f32>(xl, l2, 4); store<f32>(xl, l3, 8);
  store<f32>(xr, r1); store<f32>(xr, r2, 4); store<f32>(xr, r3, 8);
  const gv = f32x4.splat(gain);
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const off = <usize>j << 2;
    v128.store(xl + 12 + off, f32x4.mul(v128.load(lp + off), gv));
    v128.store(xr + 12 + off, f32x4.mul(v128.load(rp + off), gv));
  }
  for (; j < len; j++) {
    store<f32>(xl + 12 + (<usize>j << 2), load<f32>(lp + (<usize>j << 2)) * gain);
    store<f32>(xr + 12 + (<usize>j << 2), load<f32>(rp + (<usize>j << 2)) * gain);
  }
  const ceil = f32x4.splat(CEIL), k = f32x4.splat(1.25);
  let ok = i32x4.splat(-1);
  j = 0;
  for (; j + 4 <= len; j += 4) {
    // Lanes m = j..j+3: windows (xs[m], xs[m+1], xs[m+2], xs[m+3]).
    const o = xl + (<usize>j << 2), p = xr + (<usize>j << 2);
    const a = v128.load(o), b = v128.load(o, 4), c = v128.load(o, 8), d = v128.load(o, 12);
    const e = v128.load(p), f = v128.load(p, 4), g = v128.load(p, 8), h = v128.load(p, 12);
    const bl = maxAbs(maxAbs(f32x4.abs(a), f32x4.abs(b)), maxAbs(f32x4.abs(c), f32x4.abs(d)));
    const br = maxAbs(maxAbs(f32x4.abs(e), f32x4.abs(f)), maxAbs(f32x4.abs(g), f32x4.abs(h)));
    const bound = f32x4.mul(maxAbs(bl, br), k);
    const peak = maxAbs(segmentPeak4(a, b, c, d), segmentPeak4(e, f, g, h));
    ok = v128.and(ok, v128.or(f32x4.le(bound, ceil), f32x4.le(peak, ceil)));
  }
  if (!i32x4.all_true(ok)) return false;
  for (; j < len; j++) {
    const o = xl + (<usize>j << 2), p = xr + (<usize>j << 2);
    if (!sampleOk(load<f32>(o), load<f32>(o, 4), load<f32>(o, 8), load<f32>(o, 12), load<f32>(p), load<f32>(p, 4), load<f32>(p, 8), load<f32>(p, 12))) return false;
  }
  return true;
}
