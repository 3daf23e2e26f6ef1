// Master gain and a look-ahead true-peak limiter (stereo-linked), output <= -1 dBFS.
//
//   x[m] --> true-peak estimate of segment (x[m-2], x[m-1]): 4x Catmull-Rom points
//        --> required gain r = min(1, CEIL / peak)
//        --> sliding minimum over W+2 samples  (holds the lowest gain across the look-ahead)
//        --> release: env rises back to 1 with a 150 ms one-pole, never above the minimum
//        --> box average over W samples (attack ramp; always <= r at the peak it protects)
//   y[m] = x[m - D] * gain,  D = W + 1 samples of delay (1.5 ms)
// A final clamp at -1 dBFS catches float rounding and estimate error; it does not act on
// band-limited material in practice (the tests check true peak with a 4x windowed-sinc).
import { BLOCK_MAX, MASTER, NUM_PARAMS } from './constants';
import { pCur, isSettled, stepParam } from './params';
import { mixL, mixR, fastPaths } from './voice-common';
import { CEIL, segmentPeak, spanNeedsNoGain, maxAbs } from './limiter-check';
import { putArray, getArray } from './snapshot';

const RING: i32 = 512;
const MASK: i32 = RING - 1;
/** Hard ceiling: -1 dBFS. */
export const HARD_CEIL: f32 = 0.8912509;

export const outL = new StaticArray<f32>(BLOCK_MAX);
export const outR = new StaticArray<f32>(BLOCK_MAX);
const delayL = new StaticArray<f32>(RING);
const delayR = new StaticArray<f32>(RING);
const envRing = new StaticArray<f32>(RING);
const dqVal = new StaticArray<f32>(RING);
const dqIdx = new StaticArray<i64>(RING);

let W: i32 = 72;
export let delayFrames: i32 = 73;
let relK: f32 = 0.0001;
let frame: i64 = 0;
let hL0: f32 = 0, hL1: f32 = 0, hL2: f32 = 0, hL3: f32 = 0;
let hR0: f32 = 0, hR1: f32 = 0, hR2: f32 = 0, hR3: f32 = 0;
let dqHead: i32 = 0, dqTail: i32 = 0;
let env: f32 = 1;
let envSum: f64 = 0;
let envBelow: i32 = 0;
/** Lowest gain applied during the last render (1 = idle), for meters and tests. */
export let minGainLast: f32 = 1;

export function initLimiter(sampleRateHz: f32): void {
  W = <i32>Mathf.min(Mathf.round(sampleRateHz * <f32>0.0015), <f32>(RING / 2 - 4));
  delayFrames = W + 1;
  relK = <f32>(1.0 - Math.exp(-1.0 / (0.15 * <f64>sampleRateHz)));
  frame = 0;
  hL0 = 0; hL1 = 0; hL2 = 0; hL3 = 0; hR0 = 0; hR1 = 0; hR2 = 0; hR3 = 0;
  dqHead = 0; dqTail = 0; env = 1; envSum = <f64>W; envBelow = 0; minGainLast = 1;
  for (let i = 0; i < RING; i++) {
    unchecked((delayL[i] = 0)); unchecked((delayR[i] = 0)); unchecked((envRing[i] = 1));
  }
}


// Limiter work runs in spans: an idle span is only delayed (fast path), a span holding a peak
// near the ceiling runs the per-sample path. The rest of the block is tried as one span first,
// then 512-frame spans, then 64-frame spans inside a 512 that failed, so one loud sample costs
// at most 64 per-sample frames.
const BIG: i32 = 512;
const SMALL: i32 = 64;

// @ts-ignore: decorator
@inline function maxLane(v: v128): f32 {
  return Mathf.max(Mathf.max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), Mathf.max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

/** dst[j] = src[j] * gain for j < len (byte addresses), 4 at a time: the same products as the scalar path. */
function copyScaled(dst: usize, src: usize, len: i32, gain: f32): void {
  const gv = f32x4.splat(gain);
  let j = 0;
  for (; j + 4 <= len; j += 4) v128.store(dst + (<usize>j << 2), f32x4.mul(v128.load(src + (<usize>j << 2)), gv));
  for (; j < len; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + (<usize>j << 2)) * gain);
}

/** Writes inputs [j0, len) of the span (x = mix * gain) into ring slots from m0 + j0 on (wraps at most once). */
function toRing(i0: i32, j0: i32, len: i32, m0: i64, gain: f32): void {
  let j = j0;
  const one = f32x4.splat(1);
  while (j < len) {
    const slot = <i32>((m0 + <i64>j) & MASK);
    const k = len - j < RING - slot ? len - j : RING - slot;
    const src = <usize>(i0 + j) << 2, dst = <usize>slot << 2;
    copyScaled(changetype<usize>(delayL) + dst, changetype<usize>(mixL) + src, k, gain);
    copyScaled(changetype<usize>(delayR) + dst, changetype<usize>(mixR) + src, k, gain);
    const e = changetype<usize>(envRing) + dst;
    let q = 0;
    for (; q + 4 <= k; q += 4) v128.store(e + (<usize>q << 2), one);
    for (; q < k; q++) store<f32>(e + (<usize>q << 2), 1);
    j += k;
  }
}

/**
 * Idle fast path for frames [i0, i0 + len) of the block: with a constant master gain, the limiter
 * at rest (gain 1, nothing pending) and no sample of the span asking for gain reduction (the
 * per-sample path's own test, see limiter-check.ts), the gain computer outputs exactly 1, so
 * the span is only delayed: y[m] = x[m - D]. Leaves every state exactly as the per-sample path would.
 */
function idleSpan(i0: i32, len: i32, gain: f32): bool {
  if (env != 1 || envBelow != 0 || unchecked(dqVal[dqHead]) != 1) return false;
  const lp = changetype<usize>(mixL) + (<usize>i0 << 2), rp = changetype<usize>(mixR) + (<usize>i0 << 2);
  let vmax = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const off = <usize>j << 2;
    vmax = maxAbs(vmax, maxAbs(f32x4.abs(v128.load(lp + off)), f32x4.abs(v128.load(rp + off))));
  }
  let mixPeak = maxLane(vmax);
  for (; j < len; j++) mixPeak = Mathf.max(mixPeak, Mathf.max(Mathf.abs(load<f32>(lp + (<usize>j << 2))), Mathf.abs(load<f32>(rp + (<usize>j << 2)))));
  const history = Mathf.max(Mathf.max(Mathf.abs(hL1), Mathf.abs(hL2)), Mathf.max(Mathf.abs(hL3), Mathf.max(Mathf.abs(hR1), Mathf.max(Mathf.abs(hR2), Mathf.abs(hR3)))));
  // Rounding is monotonic, so max|mix| * |gain| is the largest |x| of the span.
  // Cheap test first; when it fails, the exact per-sample decision for the whole span.
  if (!(Mathf.max(history, mixPeak * Mathf.abs(gain)) * <f32>1.25 <= CEIL)
    && !spanNeedsNoGain(lp, rp, len, gain, hL1, hL2, hL3, hR1, hR2, hR3)) return false;
  const m0 = frame;
  const d = delayFrames;
  // Outputs older than the span come from the delay ring, the rest straight from its inputs.
  const head = len < d ? len : d;
  const r0 = <i32>((m0 - <i64>d) & MASK);
  const first = head < RING - r0 ? head : RING - r0; // the ring may wrap once
  const ol = changetype<usize>(outL) + (<usize>i0 << 2), or = changetype<usize>(outR) + (<usize>i0 << 2);
  memory.copy(ol, changetype<usize>(delayL) + (<usize>r0 << 2), <usize>first << 2);
  memory.copy(or, changetype<usize>(delayR) + (<usize>r0 << 2), <usize>first << 2);
  memory.copy(ol + (<usize>first << 2), changetype<usize>(delayL), <usize>(head - first) << 2);
  memory.copy(or + (<usize>first << 2), changetype<usize>(delayR), <usize>(head - first) << 2);
  if (len > d) {
    copyScaled(changetype<usize>(outL) + (<usize>(i0 + d) << 2), lp, len - d, gain);
    copyScaled(changetype<usize>(outR) + (<usize>(i0 + d) << 2), rp, len - d, gain);
  }
  toRing(i0, len > RING ? len - RING : 0, len, m0, gain);
  // History and deque exactly as the per-sample path would leave them.
  for (let k = len - 4 < 0 ? 0 : len - 4; k < len; k++) {
    hL0 = hL1; hL1 = hL2; hL2 = hL3; hL3 = load<f32>(lp + (<usize>k << 2)) * gain;
    hR0 = hR1; hR1 = hR2; hR2 = hR3; hR3 = load<f32>(rp + (<usize>k << 2)) * gain;
  }
  frame = m0 + <i64>len;
  dqHead = 0; dqTail = 1;
  unchecked((dqVal[0] = 1)); unchecked((dqIdx[0] = frame - 1));
  return true;
}

/** Applies master gain and the limiter to mixL/mixR[0..n) and writes outL/outR[0..n). */
export function limitBlock(n: i32): void {
  const gainSettled = isSettled(MASTER);
  const idleOk = gainSettled && fastPaths;
  const gain = unchecked(pCur[MASTER * NUM_PARAMS]);
  let minGain: f32 = 1;
  if (idleOk && idleSpan(0, n, gain)) { minGainLast = 1; return; }
  for (let i = 0; i < n; ) {
    const end = i + (n - i < BIG ? n - i : BIG);
    if (idleOk && idleSpan(i, end - i, gain)) { i = end; continue; }
    while (i < end) {
      const k = end - i < SMALL ? end - i : SMALL;
      if (!(idleOk && idleSpan(i, k, gain))) minGain = Mathf.min(minGain, limitSpan(i, k, gainSettled));
      i += k;
    }
  }
  minGainLast = minGain;
}

/** The per-sample limiter over frames [i0, i0 + len); returns the lowest gain it applied. */
function limitSpan(i0: i32, len: i32, gainSettled: bool): f32 {
  const gSlot = MASTER * NUM_PARAMS;
  let gain = unchecked(pCur[gSlot]);
  let minGain: f32 = 1;
  const invW: f64 = 1.0 / <f64>W;
  for (let i = i0; i < i0 + len; i++) {
    if (!gainSettled) { stepParam(gSlot); gain = unchecked(pCur[gSlot]); }
    const xl = unchecked(mixL[i]) * gain;
    const xr = unchecked(mixR[i]) * gain;
    hL0 = hL1; hL1 = hL2; hL2 = hL3; hL3 = xl;
    hR0 = hR1; hR1 = hR2; hR2 = hR3; hR3 = xr;
    // Cheap bound first: interpolated points never exceed 1.25 x the largest neighbour.
    const bound = Mathf.max(
      Mathf.max(Mathf.max(Mathf.abs(hL0), Mathf.abs(hL1)), Mathf.max(Mathf.abs(hL2), Mathf.abs(hL3))),
      Mathf.max(Mathf.max(Mathf.abs(hR0), Mathf.abs(hR1)), Mathf.max(Mathf.abs(hR2), Mathf.abs(hR3))),
    ) * <f32>1.25;
    let r: f32 = 1;
    if (bound > CEIL) {
      const peak = Mathf.max(segmentPeak(hL0, hL1, hL2, hL3), segmentPeak(hR0, hR1, hR2, hR3));
      if (peak > CEIL) r = CEIL / peak;
    }
    const m = frame;
    // Sliding minimum of r over the last W+2 samples (monotonic deque).
    while (dqTail != dqHead && unchecked(dqVal[(dqTail - 1) & MASK]) >= r) dqTail = (dqTail - 1) & MASK;
    unchecked((dqVal[dqTail] = r)); unchecked((dqIdx[dqTail] = m)); dqTail = (dqTail + 1) & MASK;
    while (unchecked(dqIdx[dqHead]) <= m - <i64>(W + 2)) dqHead = (dqHead + 1) & MASK;
    const held = unchecked(dqVal[dqHead]);
    env = Mathf.min(held, env + (<f32>1 - env) * relK);
    if (env > <f32>0.99999994) env = 1;
    // Box average of env over W samples.
    const slot = <i32>(m & MASK);
    const oldSlot = <i32>((m - <i64>W) & MASK);
    const old = unchecked(envRing[oldSlot]);
    envBelow += (env < 1 ? 1 : 0) - (old < 1 ? 1 : 0);
    envSum += <f64>env - <f64>old;
    unchecked((envRing[slot] = env));
    if (envBelow == 0) envSum = <f64>W;
    const g = envBelow == 0 ? <f32>1 : <f32>(envSum * invW);
    if (g < minGain) minGain = g;
    // Delay line: write x[m], read x[m - D].
    unchecked((delayL[slot] = xl)); unchecked((delayR[slot] = xr));
    const rd = <i32>((m - <i64>delayFrames) & MASK);
    let yl = unchecked(delayL[rd]) * g;
    let yr = unchecked(delayR[rd]) * g;
    yl = Mathf.min(Mathf.max(yl, -HARD_CEIL), HARD_CEIL);
    yr = Mathf.min(Mathf.max(yr, -HARD_CEIL), HARD_CEIL);
    unchecked((outL[i] = yl)); unchecked((outR[i] = yr));
    frame = m + 1;
  }
  return minGain;
}

/**
 * Advances the limiter by `n` frames without audio (skip.ts): the master gain steps exactly as the
 * per-sample path steps it and the frame count moves on; the rest is put at rest (gain 1, silent
 * history), a guess that the next few hundred rendered frames replace with the real state.
 */
export function skipLimiter(n: i32): void {
  const gSlot = MASTER * NUM_PARAMS;
  for (let i = 0; i < n; i++) {
    if ((i & 63) == 0 && isSettled(MASTER)) break;
    stepParam(gSlot);
  }
  frame += <i64>n;
  hL0 = 0; hL1 = 0; hL2 = 0; hL3 = 0; hR0 = 0; hR1 = 0; hR2 = 0; hR3 = 0;
  env = 1; envSum = <f64>W; envBelow = 0;
  for (let i = 0; i < RING; i++) unchecked((envRing[i] = 1));
  dqHead = 0; dqTail = 1;
  unchecked((dqVal[0] = 1)); unchecked((dqIdx[0] = frame - 1));
}

/** Checkpoint support (see snapshot.ts): rings, deque, history, envelope and frame count. */
export function saveLimiter(p: usize): usize {
  p = putArray(p, delayL); p = putArray(p, delayR); p = putArray(p, envRing);
  // The deque in a canonical form: live entries from slot 0, the rest zero. Where in the ring it
  // sits and what dead slots hold do not change the output, and this way two kernels in the same
  // state save the same bytes (render-spans.ts compares them).
  const live = (dqTail - dqHead) & MASK;
  for (let i = 0; i < RING; i++) {
    const from = (dqHead + i) & MASK;
    store<f32>(p + (<usize>i << 2), i < live ? unchecked(dqVal[from]) : 0);
    store<i64>(p + <usize>(RING << 2) + (<usize>i << 3), i < live ? unchecked(dqIdx[from]) : 0);
  }
  p += <usize>RING * 12;
  store<i64>(p, frame); store<f64>(p, envSum, 8);
  store<f32>(p, hL0, 16); store<f32>(p, hL1, 20); store<f32>(p, hL2, 24); store<f32>(p, hL3, 28);
  store<f32>(p, hR0, 32); store<f32>(p, hR1, 36); store<f32>(p, hR2, 40); store<f32>(p, hR3, 44);
  store<i32>(p, 0, 48); store<i32>(p, live, 52); store<f32>(p, env, 56); store<i32>(p, envBelow, 60);
  store<f32>(p, minGainLast, 64);
  return p + 72;
}
export function loadLimiter(p: usize): usize {
  p = getArray(p, delayL); p = getArray(p, delayR); p = getArray(p, envRing); p = getArray(p, dqVal); p = getArray(p, dqIdx);
  frame = load<i64>(p); envSum = load<f64>(p, 8);
  hL0 = load<f32>(p, 16); hL1 = load<f32>(p, 20); hL2 = load<f32>(p, 24); hL3 = load<f32>(p, 28);
  hR0 = load<f32>(p, 32); hR1 = load<f32>(p, 36); hR2 = load<f32>(p, 40); hR3 = load<f32>(p, 44);
  dqHead = load<i32>(p, 48); dqTail = load<i32>(p, 52); env = load<f32>(p, 56); envBelow = load<i32>(p, 60);
  minGainLast = load<f32>(p, 64);
  return p + 72;
}
