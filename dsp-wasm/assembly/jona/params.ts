// Per-voice parameters with sample-accurate ramps and a one-pole smoother on top.
//
//   setParam(value, rampFrames, curve)      per sample:
//     pVal  --linear/exp ramp-->  target     (exactly `target` after rampFrames samples)
//     pCur  --one-pole (smoothMs)-->  pVal   (what the DSP reads; removes steps -> no clicks)
//
// Layout: slot = voice * NUM_PARAMS + param, voice MASTER holds master gain in param 0.
import { MAX_VOICES, NUM_PARAMS, CURVE_EXP } from './constants';
import { putArray, getArray } from './snapshot';

const SLOTS: i32 = (MAX_VOICES + 1) * NUM_PARAMS;
export const pCur = new StaticArray<f32>(SLOTS);
export const pVal = new StaticArray<f32>(SLOTS);
export const pTarget = new StaticArray<f32>(SLOTS);
export const pStep = new StaticArray<f32>(SLOTS);
export const pLeft = new StaticArray<i32>(SLOTS);
export const pCurve = new StaticArray<i32>(SLOTS);

/** One-pole smoothing coefficient per sample (set from the smoothing time and sample rate). */
export let smoothK: f32 = 1.0;

export function setSmoothing(timeSec: f32, sampleRateHz: f32): void {
  smoothK = timeSec <= 0 ? <f32>1.0 : <f32>(1.0 - Math.exp(-1.0 / (<f64>timeSec * <f64>sampleRateHz)));
}

export function resetParams(): void {
  for (let i = 0; i < SLOTS; i++) {
    unchecked((pCur[i] = 0));
    unchecked((pVal[i] = 0));
    unchecked((pTarget[i] = 0));
    unchecked((pStep[i] = 0));
    unchecked((pLeft[i] = 0));
    unchecked((pCurve[i] = 0));
  }
}

/** Sets a parameter at once, no ramp and no smoothing (initial state). */
export function jumpParam(slot: i32, value: f32): void {
  unchecked((pCur[slot] = value));
  unchecked((pVal[slot] = value));
  unchecked((pTarget[slot] = value));
  unchecked((pLeft[slot] = 0));
}

/** Starts a ramp from the current ramp position to `value` over `frames` samples. */
export function rampParam(slot: i32, value: f32, frames: i32, curve: i32): void {
  const from = unchecked(pVal[slot]);
  unchecked((pTarget[slot] = value));
  if (frames <= 0) {
    unchecked((pVal[slot] = value));
    unchecked((pLeft[slot] = 0));
    return;
  }
  // An exponential ramp needs both ends non-zero and of the same sign; otherwise it is linear.
  if (curve == CURVE_EXP && from * value > 0) {
    unchecked((pCurve[slot] = CURVE_EXP));
    unchecked((pStep[slot] = <f32>Math.pow(<f64>value / <f64>from, 1.0 / <f64>frames)));
  } else {
    unchecked((pCurve[slot] = 0));
    unchecked((pStep[slot] = (value - from) / <f32>frames));
  }
  unchecked((pLeft[slot] = frames));
}

/** Advances one parameter by one sample. */
// @ts-ignore: decorator
@inline export function stepParam(slot: i32): void {
  let left = unchecked(pLeft[slot]);
  let v = unchecked(pVal[slot]);
  if (left > 0) {
    v = unchecked(pCurve[slot]) == CURVE_EXP ? v * unchecked(pStep[slot]) : v + unchecked(pStep[slot]);
    left--;
    if (left == 0) v = unchecked(pTarget[slot]);
    unchecked((pVal[slot] = v));
    unchecked((pLeft[slot] = left));
  }
  const c = unchecked(pCur[slot]);
  if (c != v) {
    let n = c + (v - c) * smoothK;
    // Snap once within float precision of the goal so that settled voices take the fast path. A
    // step below half an ulp of c leaves n == c: the smoother has stalled (up to ~1e-5 short of v
    // with a 6.5 ms time), and without the snap the voice would stay on the slow path for good.
    if (n == c || Mathf.abs(v - n) <= <f32>1e-6 * Mathf.abs(v) + <f32>1e-9) n = v;
    unchecked((pCur[slot] = n));
  }
}

/** True when no parameter of `voice` is ramping or smoothing (its values are constant). */
export function isSettled(voice: i32): bool {
  const base = voice * NUM_PARAMS;
  for (let p = 0; p < NUM_PARAMS; p++) {
    const s = base + p;
    if (unchecked(pLeft[s]) != 0 || unchecked(pCur[s]) != unchecked(pVal[s])) return false;
  }
  return true;
}

/** Advances every parameter of `voice` by one sample. */
// @ts-ignore: decorator
@inline export function stepVoiceParams(voice: i32): void {
  const base = voice * NUM_PARAMS;
  for (let p = 0; p < NUM_PARAMS; p++) stepParam(base + p);
}

// @ts-ignore: decorator
@inline export function cur(voice: i32, param: i32): f32 {
  return unchecked(pCur[voice * NUM_PARAMS + param]);
}

/** Checkpoint support (see snapshot.ts). */
export function saveParams(p: usize): usize {
  p = putArray(p, pCur); p = putArray(p, pVal); p = putArray(p, pTarget); p = putArray(p, pStep); p = putArray(p, pLeft); p = putArray(p, pCurve);
  store<f32>(p, smoothK);
  return p + 8;
}
export function loadParams(p: usize): usize {
  p = getArray(p, pCur); p = getArray(p, pVal); p = getArray(p, pTarget); p = getArray(p, pStep); p = getArray(p, pLeft); p = getArray(p, pCurve);
  smoothK = load<f32>(p);
  return p + 8;
}
