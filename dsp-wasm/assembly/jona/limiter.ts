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
import { mixL, mixR } from './voices';

const RING: i32 = 512;
const MASK: i32 = RING - 1;
/** Target ceiling of the gain computer: -1.2 dBFS, 0.2 dB under the hard ceiling. */
const CEIL: f32 = 0.8709636;
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

// Catmull-Rom interpolation between b and c at t = 1/4, 1/2, 3/4 (weights sum |w| <= 1.25).
// @ts-ignore: decorator
@inline function segmentPeak(a: f32, b: f32, c: f32, d: f32): f32 {
  const q1 = <f32>-0.0703125 * a + <f32>0.8671875 * b + <f32>0.2265625 * c + <f32>-0.0234375 * d;
  const q2 = <f32>-0.0625 * (a + d) + <f32>0.5625 * (b + c);
  const q3 = <f32>-0.0234375 * a + <f32>0.2265625 * b + <f32>0.8671875 * c + <f32>-0.0703125 * d;
  return Mathf.max(Mathf.max(Mathf.abs(b), Mathf.abs(c)), Mathf.max(Mathf.abs(q2), Mathf.max(Mathf.abs(q1), Mathf.abs(q3))));
}

/**
 * Idle fast path: with a constant master gain, the limiter at rest (gain 1, nothing pending) and
 * every sample of the block (and the 3 before it) under CEIL / 1.25, the gain computer would
 * output exactly 1 for the whole block, so the block is only delayed. Same result as the slow path.
 */
function tryIdleBlock(n: i32, gain: f32): bool {
  if (env != 1 || envBelow != 0 || unchecked(dqVal[dqHead]) != 1) return false;
  const limit = CEIL / <f32>1.25;
  let peak = Mathf.max(Mathf.max(Mathf.abs(hL1), Mathf.abs(hL2)), Mathf.max(Mathf.abs(hL3), Mathf.max(Mathf.abs(hR1), Mathf.max(Mathf.abs(hR2), Mathf.abs(hR3)))));
  const ag = Mathf.abs(gain);
  const lp = changetype<usize>(mixL), rp = changetype<usize>(mixR);
  const whole = n & ~3;
  let vmax = f32x4.splat(0);
  for (let i = 0; i < whole; i += 4) {
    const off = <usize>i << 2;
    vmax = f32x4.max(vmax, f32x4.max(f32x4.abs(v128.load(lp + off)), f32x4.abs(v128.load(rp + off))));
  }
  peak = Mathf.max(peak, Mathf.max(Mathf.max(f32x4.extract_lane(vmax, 0), f32x4.extract_lane(vmax, 1)), Mathf.max(f32x4.extract_lane(vmax, 2), f32x4.extract_lane(vmax, 3))) * ag);
  for (let i = whole; i < n; i++) peak = Mathf.max(peak, Mathf.max(Mathf.abs(unchecked(mixL[i])), Mathf.abs(unchecked(mixR[i]))) * ag);
  if (!(peak <= limit)) return false;
  const m0 = frame;
  const d = delayFrames;
  // Outputs older than this block come from the delay ring, the rest straight from the mix.
  const head = n < d ? n : d;
  for (let i = 0; i < head; i++) {
    const rd = <i32>((m0 + <i64>(i - d)) & MASK);
    unchecked((outL[i] = delayL[rd])); unchecked((outR[i] = delayR[rd]));
  }
  const gv = f32x4.splat(gain);
  const op = changetype<usize>(outL), oq = changetype<usize>(outR);
  let i = head;
  for (; i + 4 <= n; i += 4) {
    const src = <usize>(i - d) << 2;
    v128.store(op + (<usize>i << 2), f32x4.mul(v128.load(lp + src), gv));
    v128.store(oq + (<usize>i << 2), f32x4.mul(v128.load(rp + src), gv));
  }
  for (; i < n; i++) {
    unchecked((outL[i] = mixL[i - d] * gain)); unchecked((outR[i] = mixR[i - d] * gain));
  }
  // Keep the last RING inputs (as x = mix * gain) and mark the gain ring idle for those slots.
  for (let j = n > RING ? n - RING : 0; j < n; j++) {
    const slot = <i32>((m0 + <i64>j) & MASK);
    unchecked((delayL[slot] = mixL[j] * gain)); unchecked((delayR[slot] = mixR[j] * gain));
    unchecked((envRing[slot] = 1));
  }
  // History and deque exactly as the per-sample path would leave them.
  for (let i = n - 4 < 0 ? 0 : n - 4; i < n; i++) {
    hL0 = hL1; hL1 = hL2; hL2 = hL3; hL3 = unchecked(mixL[i]) * gain;
    hR0 = hR1; hR1 = hR2; hR2 = hR3; hR3 = unchecked(mixR[i]) * gain;
  }
  frame = m0 + <i64>n;
  dqHead = 0; dqTail = 1;
  unchecked((dqVal[0] = 1)); unchecked((dqIdx[0] = frame - 1));
  minGainLast = 1;
  return true;
}

/** Applies master gain and the limiter to mixL/mixR[0..n) and writes outL/outR[0..n). */
export function limitBlock(n: i32): void {
  const gSlot = MASTER * NUM_PARAMS;
  const gainSettled = isSettled(MASTER);
  let gain = unchecked(pCur[gSlot]);
  if (gainSettled && tryIdleBlock(n, gain)) return;
  let minGain: f32 = 1;
  const invW: f64 = 1.0 / <f64>W;
  for (let i = 0; i < n; i++) {
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
  minGainLast = minGain;
}
