// Seeded noise: xorshift32 white noise (white and brown voices) and a leaky-integrator brown.
// Pink noise has its own block-form generator in pink.ts.
// State per voice lives in static arrays so one render never allocates.
import { MAX_VOICES } from './constants';
import { putArray, getArray } from './snapshot';

export const rng = new StaticArray<u32>(MAX_VOICES);
/** Colour filter state, 8 floats per voice: brown uses slot 7. */
export const colour = new StaticArray<f32>(MAX_VOICES * 8);

/** Brown leak per sample: corner at 2 Hz (0.04 dB off a pure -6 dB/oct slope at 20 Hz). */
export let brownLeak: f32 = 0.9997;
/** Brown input gain that gives an RMS of about 0.25. */
export let brownGain: f32 = 0.01;

export function initNoise(sampleRateHz: f32): void {
  const eps = (2.0 * Math.PI * 2.0) / <f64>sampleRateHz;
  brownLeak = <f32>(1.0 - eps);
  // AR(1) with white input of RMS 1/sqrt(3): RMS = g / sqrt(3 * (1 - a^2)).
  brownGain = <f32>(0.25 * Math.sqrt(3.0 * (1.0 - (1.0 - eps) * (1.0 - eps))));
}

export function resetNoise(voice: i32, seed: u32): void {
  // Golden-ratio hashing keeps each voice's stream distinct and never zero.
  let s = seed ^ (<u32>(voice + 1) * 0x9e3779b9);
  s ^= s >>> 16;
  s *= 0x85ebca6b;
  s ^= s >>> 13;
  if (s == 0) s = 0x1234567;
  unchecked((rng[voice] = s));
  for (let i = 0; i < 8; i++) unchecked((colour[voice * 8 + i] = 0));
}

/** Next white sample in [-1, 1) for `voice`. */
// @ts-ignore: decorator
@inline export function nextWhite(voice: i32): f32 {
  let x = unchecked(rng[voice]);
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  unchecked((rng[voice] = x));
  return <f32>(<i32>x) * <f32>4.656612873077393e-10;
}

/** Checkpoint support (see snapshot.ts). */
export function saveNoise(p: usize): usize { return putArray(putArray(p, rng), colour); }
export function loadNoise(p: usize): usize { return getArray(getArray(p, rng), colour); }
