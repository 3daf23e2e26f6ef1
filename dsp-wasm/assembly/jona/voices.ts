// Voice generators. Each adds `n` frames of one voice into mixL/mixR. A voice whose parameters
// are settled runs a loop with constant increments; otherwise its parameters step every sample,
// so ramps and slides are sample-accurate and the result does not depend on block sizes.
import {
  MAX_VOICES, BLOCK_MAX, P_LEVEL, P_PAN, P_CARRIER, P_BEAT, P_DUTY, P_ATTACK, P_RELEASE,
  K_BINAURAL, K_MONAURAL, K_ISOCHRONIC, K_TONE, K_WHITE, K_PINK, K_BROWN, K_BELL,
} from './constants';
import { cur, isSettled, stepVoiceParams } from './params';
import { phaseInc, sinPhase, sinPhase4, riseShape } from './sine';
import { nextWhite, colour, brownLeak, brownGain } from './noise';
import { fillPink, pinkOut } from './pink';
import { bellSample } from './bell';
import { putArray, getArray } from './snapshot';

export const kinds = new StaticArray<i32>(MAX_VOICES);
export const phaseA = new StaticArray<u32>(MAX_VOICES);
export const phaseB = new StaticArray<u32>(MAX_VOICES);
export const mixL = new StaticArray<f32>(BLOCK_MAX);
export const mixR = new StaticArray<f32>(BLOCK_MAX);
/** Fast paths (settled-voice loops, idle limiter spans) on; tests turn them off to check both agree. */
export let fastPaths: bool = true;
export function setFastPaths(on: bool): void { fastPaths = on; }

// Balance law: centre = full level in both ears (binaural voices need both ears at full level).
// @ts-ignore: decorator
@inline function gainLeft(pan: f32): f32 { return pan > 0 ? <f32>1 - pan : <f32>1; }
// @ts-ignore: decorator
@inline function gainRight(pan: f32): f32 { return pan < 0 ? <f32>1 + pan : <f32>1; }

/** Isochronic gate for gate phase g (0..1): raised-cosine attack, hold, raised-cosine release. */
// @ts-ignore: decorator
@inline function gate(g: f32, duty: f32, attack: f32, release: f32): f32 {
  if (g >= duty) return 0;
  if (g < attack) return riseShape(g / attack);
  const rs = duty - release;
  if (g > rs) return riseShape((duty - g) / release);
  return 1;
}

export function renderVoice(v: i32, n: i32): void {
  const kind = unchecked(kinds[v]);
  if (kind == 0) return;
  const settled = isSettled(v);
  const fast = settled && fastPaths;
  // Fast loops for settled voices of the common kinds; they compute exactly what the generic
  // loop below computes (same expressions, same order), only without per-sample parameter work.
  if (fast && (kind == K_BINAURAL || kind == K_TONE)) { renderSettledTone(v, n, kind == K_BINAURAL); return; }
  if (fast && kind == K_PINK) { renderSettledPink(v, n); return; }
  let pa = unchecked(phaseA[v]);
  let pb = unchecked(phaseB[v]);
  let level = cur(v, P_LEVEL), pan = cur(v, P_PAN), c = cur(v, P_CARRIER), b = cur(v, P_BEAT);
  let gl = gainLeft(pan) * level, gr = gainRight(pan) * level;
  let incA: u32 = 0, incB: u32 = 0;
  if (kind == K_BINAURAL || kind == K_MONAURAL) {
    incA = phaseInc(c - b * <f32>0.5);
    incB = phaseInc(c + b * <f32>0.5);
  } else if (kind == K_ISOCHRONIC) {
    incA = phaseInc(c);
    incB = phaseInc(b);
  } else {
    incA = phaseInc(c);
  }
  const cb = v * 8;
  if (kind == K_PINK) fillPink(v, n);
  for (let i = 0; i < n; i++) {
    if (!settled) {
      stepVoiceParams(v);
      level = cur(v, P_LEVEL); pan = cur(v, P_PAN); c = cur(v, P_CARRIER); b = cur(v, P_BEAT);
      gl = gainLeft(pan) * level; gr = gainRight(pan) * level;
      if (kind == K_BINAURAL || kind == K_MONAURAL) {
        incA = phaseInc(c - b * <f32>0.5);
        incB = phaseInc(c + b * <f32>0.5);
      } else if (kind == K_ISOCHRONIC) {
        incA = phaseInc(c);
        incB = phaseInc(b);
      } else {
        incA = phaseInc(c);
      }
    }
    let l: f32 = 0, r: f32 = 0;
    if (kind == K_BINAURAL) {
      l = sinPhase(pa) * gl;
      r = sinPhase(pb) * gr;
      pa += incA; pb += incB;
    } else if (kind == K_MONAURAL) {
      const s = (sinPhase(pa) + sinPhase(pb)) * <f32>0.5;
      l = s * gl; r = s * gr;
      pa += incA; pb += incB;
    } else if (kind == K_ISOCHRONIC) {
      const g = <f32>pb * <f32>2.3283064365386963e-10;
      const duty = Mathf.min(Mathf.max(cur(v, P_DUTY), <f32>0.01), <f32>1);
      const beat = Mathf.max(Mathf.abs(b), <f32>1e-3);
      const att = Mathf.min(Mathf.max(cur(v, P_ATTACK) * beat, <f32>1e-4), duty * <f32>0.5);
      const rel = Mathf.min(Mathf.max(cur(v, P_RELEASE) * beat, <f32>1e-4), duty * <f32>0.5);
      const s = sinPhase(pa) * gate(g, duty, att, rel);
      l = s * gl; r = s * gr;
      pa += incA; pb += incB;
    } else if (kind == K_TONE) {
      const s = sinPhase(pa);
      l = s * gl; r = s * gr;
      pa += incA;
    } else if (kind == K_WHITE) {
      const s = nextWhite(v);
      l = s * gl; r = s * gr;
    } else if (kind == K_PINK) {
      const s = unchecked(pinkOut[i]);
      l = s * gl; r = s * gr;
    } else if (kind == K_BROWN) {
      const s = unchecked(colour[cb + 7]) * brownLeak + nextWhite(v) * brownGain;
      unchecked((colour[cb + 7] = s));
      l = s * gl; r = s * gr;
    } else if (kind == K_BELL) {
      const s = bellSample(v, c);
      l = s * gl; r = s * gr;
    }
    unchecked((mixL[i] += l));
    unchecked((mixR[i] += r));
  }
  unchecked((phaseA[v] = pa));
  unchecked((phaseB[v] = pb));
}

function renderSettledTone(v: i32, n: i32, binaural: bool): void {
  const level = cur(v, P_LEVEL), pan = cur(v, P_PAN), c = cur(v, P_CARRIER), b = cur(v, P_BEAT);
  const gl = gainLeft(pan) * level, gr = gainRight(pan) * level;
  let pa = unchecked(phaseA[v]);
  let pb = unchecked(phaseB[v]);
  if (binaural) {
    const incA = phaseInc(c - b * <f32>0.5), incB = phaseInc(c + b * <f32>0.5);
    // Lanes hold 4 consecutive samples' phases; each step advances them by 4 increments.
    let va = i32x4(pa, pa + incA, pa + incA * 2, pa + incA * 3);
    let vb = i32x4(pb, pb + incB, pb + incB * 2, pb + incB * 3);
    const stepA = i32x4.splat(incA * 4), stepB = i32x4.splat(incB * 4);
    const vgl = f32x4.splat(gl), vgr = f32x4.splat(gr);
    const lp = changetype<usize>(mixL), rp = changetype<usize>(mixR);
    const whole = n & ~3;
    for (let i = 0; i < whole; i += 4) {
      const off = <usize>i << 2;
      v128.store(lp + off, f32x4.add(v128.load(lp + off), f32x4.mul(sinPhase4(va), vgl)));
      v128.store(rp + off, f32x4.add(v128.load(rp + off), f32x4.mul(sinPhase4(vb), vgr)));
      va = i32x4.add(va, stepA); vb = i32x4.add(vb, stepB);
    }
    pa += incA * <u32>whole; pb += incB * <u32>whole;
    for (let i = whole; i < n; i++) {
      unchecked((mixL[i] += sinPhase(pa) * gl));
      unchecked((mixR[i] += sinPhase(pb) * gr));
      pa += incA; pb += incB;
    }
  } else {
    const incA = phaseInc(c);
    for (let i = 0; i < n; i++) {
      const s = sinPhase(pa);
      unchecked((mixL[i] += s * gl));
      unchecked((mixR[i] += s * gr));
      pa += incA;
    }
  }
  unchecked((phaseA[v] = pa));
  unchecked((phaseB[v] = pb));
}

function renderSettledPink(v: i32, n: i32): void {
  const level = cur(v, P_LEVEL), pan = cur(v, P_PAN);
  const gl = gainLeft(pan) * level, gr = gainRight(pan) * level;
  fillPink(v, n);
  // Same products and sums as the generic loop, 4 samples at a time.
  const vgl = f32x4.splat(gl), vgr = f32x4.splat(gr);
  const sp = changetype<usize>(pinkOut), lp = changetype<usize>(mixL), rp = changetype<usize>(mixR);
  const whole = n & ~3;
  for (let i = 0; i < whole; i += 4) {
    const off = <usize>i << 2;
    const s = v128.load(sp + off);
    v128.store(lp + off, f32x4.add(v128.load(lp + off), f32x4.mul(s, vgl)));
    v128.store(rp + off, f32x4.add(v128.load(rp + off), f32x4.mul(s, vgr)));
  }
  for (let i = whole; i < n; i++) {
    const s = unchecked(pinkOut[i]);
    unchecked((mixL[i] += s * gl));
    unchecked((mixR[i] += s * gr));
  }
}

/** Checkpoint support (see snapshot.ts). */
export function saveVoices(p: usize): usize { return putArray(putArray(putArray(p, kinds), phaseA), phaseB); }
export function loadVoices(p: usize): usize { return getArray(getArray(getArray(p, kinds), phaseA), phaseB); }
