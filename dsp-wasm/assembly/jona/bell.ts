// Bell / chime cue: four inharmonic partials struck at phase 0 and decaying exponentially.
import { MAX_VOICES } from './constants';
import { phaseInc, sinPhase } from './sine';
import { putArray, getArray } from './snapshot';

const PARTIALS: i32 = 4;
// Ratios of a small struck bar/bell, gains and decay times (s): bright attack, warm tail.
const RATIO: StaticArray<f32> = [1.0, 2.0, 2.76, 5.4];
const GAIN: StaticArray<f32> = [0.5, 0.25, 0.15, 0.1];
const TAU_SEC: StaticArray<f32> = [1.6, 0.9, 0.5, 0.2];

const phase = new StaticArray<u32>(MAX_VOICES * PARTIALS);
const amp = new StaticArray<f32>(MAX_VOICES * PARTIALS);
const decay = new StaticArray<f32>(PARTIALS);
const step = new StaticArray<f32>(MAX_VOICES * PARTIALS);
const attackLeft = new StaticArray<i32>(MAX_VOICES);
/** Strike attack, in frames (2 ms): a ramp instead of a step keeps the strike click-free. */
let attackFrames: i32 = 96;

export function initBell(sampleRateHz: f32): void {
  attackFrames = <i32>Mathf.round(sampleRateHz * <f32>0.002);
  for (let k = 0; k < PARTIALS; k++) {
    unchecked((decay[k] = <f32>Math.exp(-1.0 / (<f64>unchecked(TAU_SEC[k]) * <f64>sampleRateHz))));
  }
}

export function resetBell(v: i32): void {
  for (let k = 0; k < PARTIALS; k++) {
    unchecked((phase[v * PARTIALS + k] = 0));
    unchecked((amp[v * PARTIALS + k] = 0));
  }
  unchecked((attackLeft[v] = 0));
}

/** Strikes the bell: partials ramp up to full gain over 2 ms; a silent bell restarts at phase 0. */
export function strikeBell(v: i32): void {
  const silent = unchecked(amp[v * PARTIALS]) < <f32>1e-4;
  for (let k = 0; k < PARTIALS; k++) {
    const i = v * PARTIALS + k;
    if (silent) unchecked((phase[i] = 0));
    unchecked((step[i] = (unchecked(GAIN[k]) - unchecked(amp[i])) / <f32>attackFrames));
  }
  unchecked((attackLeft[v] = attackFrames));
}

/** One sample of bell voice `v` whose partials advance by inc0..inc3 per sample. */
// @ts-ignore: decorator
@inline function bellStep(v: i32, inc0: u32, inc1: u32, inc2: u32, inc3: u32): f32 {
  const base = v * PARTIALS;
  const attacking = unchecked(attackLeft[v]) > 0;
  if (!attacking && unchecked(amp[base]) < <f32>1e-7) return 0;
  if (attacking) unchecked((attackLeft[v] = attackLeft[v] - 1));
  let s: f32 = 0;
  for (let k = 0; k < PARTIALS; k++) {
    const i = base + k;
    const a = unchecked(amp[i]);
    const p = unchecked(phase[i]);
    s += sinPhase(p) * a;
    unchecked((phase[i] = p + (k == 0 ? inc0 : k == 1 ? inc1 : k == 2 ? inc2 : inc3)));
    unchecked((amp[i] = attacking ? a + unchecked(step[i]) : a * unchecked(decay[k])));
  }
  return s;
}

// @ts-ignore: decorator
@inline export function bellSample(v: i32, fundamentalHz: f32): f32 {
  return bellStep(v, phaseInc(fundamentalHz * unchecked(RATIO[0])), phaseInc(fundamentalHz * unchecked(RATIO[1])), phaseInc(fundamentalHz * unchecked(RATIO[2])), phaseInc(fundamentalHz * unchecked(RATIO[3])));
}

/**
 * `n` samples of a settled bell (constant fundamental, gains gl/gr) added into the mix at lp/rp:
 * the same floats as bellSample per sample, with the partial increments computed once.
 */
export function renderBellSettled(v: i32, n: i32, fundamentalHz: f32, gl: f32, gr: f32, lp: usize, rp: usize): void {
  const i0 = phaseInc(fundamentalHz * unchecked(RATIO[0])), i1 = phaseInc(fundamentalHz * unchecked(RATIO[1]));
  const i2 = phaseInc(fundamentalHz * unchecked(RATIO[2])), i3 = phaseInc(fundamentalHz * unchecked(RATIO[3]));
  for (let i = 0; i < n; i++) {
    const s = bellStep(v, i0, i1, i2, i3);
    const o = <usize>i << 2;
    store<f32>(lp + o, load<f32>(lp + o) + s * gl);
    store<f32>(rp + o, load<f32>(rp + o) + s * gr);
  }
}

/**
 * Advances bell `v` by up to `n` samples of a constant fundamental without its sines (skip.ts):
 * phases and amplitudes move exactly as bellStep moves them. Stops early once the bell is silent
 * (a silent bell's state does not change); returns the samples advanced.
 */
export function skipBell(v: i32, n: i32, fundamentalHz: f32): i32 {
  const base = v * PARTIALS;
  const inc0 = phaseInc(fundamentalHz * unchecked(RATIO[0])), inc1 = phaseInc(fundamentalHz * unchecked(RATIO[1]));
  const inc2 = phaseInc(fundamentalHz * unchecked(RATIO[2])), inc3 = phaseInc(fundamentalHz * unchecked(RATIO[3]));
  for (let i = 0; i < n; i++) {
    const attacking = unchecked(attackLeft[v]) > 0;
    if (!attacking && unchecked(amp[base]) < <f32>1e-7) return i;
    if (attacking) unchecked((attackLeft[v] = attackLeft[v] - 1));
    for (let k = 0; k < PARTIALS; k++) {
      const j = base + k;
      const a = unchecked(amp[j]);
      unchecked((phase[j] = unchecked(phase[j]) + (k == 0 ? inc0 : k == 1 ? inc1 : k == 2 ? inc2 : inc3)));
      unchecked((amp[j] = attacking ? a + unchecked(step[j]) : a * unchecked(decay[k])));
    }
  }
  return n;
}

/** Checkpoint support (see snapshot.ts). */
export function saveBell(p: usize): usize { return putArray(putArray(putArray(putArray(p, phase), amp), step), attackLeft); }
export function loadBell(p: usize): usize { return getArray(getArray(getArray(getArray(p, phase), amp), step), attackLeft); }
