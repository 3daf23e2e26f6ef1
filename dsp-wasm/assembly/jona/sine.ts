// Sine of a 32-bit phase accumulator (2^32 = one cycle), as an odd polynomial, in a scalar and
// a 4-lane SIMD form that perform the same float32 operations in the same order, so both give
// bit-identical results (the SIMD form only runs in fast loops of settled voices).
// A u32 phase wraps exactly once per cycle, so frequency resolution is sampleRate / 2^32
// (1.1e-5 Hz at 48 kHz) and phase never drifts. Accuracy: the degree-11 Taylor polynomial on
// |x| <= 1/4 cycle errs < 6e-8, with float32 rounding the result is within ~2e-7 of sin (-134 dB).

/** Phase increment per Hz at the current sample rate (2^32 / sampleRateHz). */
export let phasePerHz: f64 = 0;

export function initSine(sampleRateHz: f32): void {
  phasePerHz = 4294967296.0 / <f64>sampleRateHz;
}

/** u32 phase increment for `hz` (negative frequencies wrap, i.e. run backwards). */
// @ts-ignore: decorator
@inline export function phaseInc(hz: f32): u32 {
  return <u32>(<i64>(<f64>hz * phasePerHz));
}

// Taylor coefficients of sin(2*pi*x) in x.
const C1: f32 = 6.283185307179586;
const C3: f32 = -41.341702240399755;
const C5: f32 = 81.60524927607504;
const C7: f32 = -76.70585975306136;
const C9: f32 = 42.058693944897634;
const C11: f32 = -15.094642576822984;
const TO_CYCLES: f32 = 2.3283064365386963e-10; // 2^-32

/** sin(2*pi*phase/2^32). */
// @ts-ignore: decorator
@inline export function sinPhase(phase: u32): f32 {
  const x = <f32>(<i32>phase) * TO_CYCLES; // [-0.5, 0.5) cycles
  const a = Mathf.abs(x);
  // Fold onto [0, 1/4]: sin(pi - y) = sin(y). Both operands are >= 0 and not NaN, so a compare
  // and select is the minimum (f32.min costs a NaN/-0 fix-up sequence in V8 on x64).
  const b = <f32>0.5 - a;
  const t = a < b ? a : b;
  const z = t * t;
  const p = t * (C1 + z * (C3 + z * (C5 + z * (C7 + z * (C9 + z * C11)))));
  return reinterpret<f32>(reinterpret<u32>(p) | (reinterpret<u32>(x) & 0x80000000));
}

/** Four sines at once: the same operations as sinPhase, lane by lane. */
// @ts-ignore: decorator
@inline export function sinPhase4(phases: v128): v128 {
  const x = f32x4.mul(f32x4.convert_i32x4_s(phases), f32x4.splat(TO_CYCLES));
  const a = f32x4.abs(x);
  // Both operands are >= 0 and not NaN, so the integer minimum of their bit patterns is the float
  // minimum (one instruction; f32x4.min needs a NaN/-0 fix-up sequence on x64).
  const t = i32x4.min_s(a, f32x4.sub(f32x4.splat(0.5), a));
  const z = f32x4.mul(t, t);
  let q = f32x4.add(f32x4.splat(C9), f32x4.mul(z, f32x4.splat(C11)));
  q = f32x4.add(f32x4.splat(C7), f32x4.mul(z, q));
  q = f32x4.add(f32x4.splat(C5), f32x4.mul(z, q));
  q = f32x4.add(f32x4.splat(C3), f32x4.mul(z, q));
  q = f32x4.add(f32x4.splat(C1), f32x4.mul(z, q));
  const p = f32x4.mul(t, q);
  return v128.or(p, v128.and(x, i32x4.splat(0x80000000)));
}

/** Raised-cosine ramp 0..1 for x in [0, 1]: sin^2(pi*x/2). */
// @ts-ignore: decorator
@inline export function riseShape(x: f32): f32 {
  const s = sinPhase(<u32>(<i64>(x * <f32>1073741824.0)));
  return s * s;
}
