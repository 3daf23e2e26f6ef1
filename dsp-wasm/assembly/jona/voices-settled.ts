// Fast loops for settled voices (no ramp or smoothing in progress): the same expressions in the
// same order as the per-sample loop in voices.ts, with the parameter work hoisted out and 4 frames
// per SIMD step where the voice allows it. useFastPaths(0) turns them off; tests compare.
import { P_LEVEL, P_PAN, P_CARRIER, P_BEAT, P_DUTY, P_ATTACK, P_RELEASE } from './constants';
import { cur } from './params';
import { phaseInc, sinPhase, sinPhase4 } from './sine';
import { rng, colour, brownLeak, brownGain } from './noise';
import { fillPink, pinkOut } from './pink';
import { renderBellSettled } from './bell';
import { phaseA, phaseB, mixL, mixR, gainLeft, gainRight, gate } from './voice-common';

export function renderSettledTone(v: i32, n: i32, binaural: bool): void {
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
    // Two steps (8 frames) per iteration: four independent polynomials in flight instead of two,
    // so their multiply-add chains overlap. Same operations per lane, so the same floats.
    const quads = n & ~15;
    let i = 0;
    for (; i < quads; i += 16) {
      const off = <usize>i << 2;
      const va2 = i32x4.add(va, stepA), vb2 = i32x4.add(vb, stepB);
      const va3 = i32x4.add(va2, stepA), vb3 = i32x4.add(vb2, stepB);
      const va4 = i32x4.add(va3, stepA), vb4 = i32x4.add(vb3, stepB);
      const sa = sinPhase4(va), sb = sinPhase4(vb), sa2 = sinPhase4(va2), sb2 = sinPhase4(vb2);
      const sa3 = sinPhase4(va3), sb3 = sinPhase4(vb3), sa4 = sinPhase4(va4), sb4 = sinPhase4(vb4);
      v128.store(lp + off, f32x4.add(v128.load(lp + off), f32x4.mul(sa, vgl)));
      v128.store(rp + off, f32x4.add(v128.load(rp + off), f32x4.mul(sb, vgr)));
      v128.store(lp + off + 16, f32x4.add(v128.load(lp + off + 16), f32x4.mul(sa2, vgl)));
      v128.store(rp + off + 16, f32x4.add(v128.load(rp + off + 16), f32x4.mul(sb2, vgr)));
      v128.store(lp + off + 32, f32x4.add(v128.load(lp + off + 32), f32x4.mul(sa3, vgl)));
      v128.store(rp + off + 32, f32x4.add(v128.load(rp + off + 32), f32x4.mul(sb3, vgr)));
      v128.store(lp + off + 48, f32x4.add(v128.load(lp + off + 48), f32x4.mul(sa4, vgl)));
      v128.store(rp + off + 48, f32x4.add(v128.load(rp + off + 48), f32x4.mul(sb4, vgr)));
      va = i32x4.add(va4, stepA); vb = i32x4.add(vb4, stepB);
    }
    const pairs = n & ~7;
    for (; i < pairs; i += 8) {
      const off = <usize>i << 2;
      const va2 = i32x4.add(va, stepA), vb2 = i32x4.add(vb, stepB);
      const sa = sinPhase4(va), sb = sinPhase4(vb), sa2 = sinPhase4(va2), sb2 = sinPhase4(vb2);
      v128.store(lp + off, f32x4.add(v128.load(lp + off), f32x4.mul(sa, vgl)));
      v128.store(rp + off, f32x4.add(v128.load(rp + off), f32x4.mul(sb, vgr)));
      v128.store(lp + off + 16, f32x4.add(v128.load(lp + off + 16), f32x4.mul(sa2, vgl)));
      v128.store(rp + off + 16, f32x4.add(v128.load(rp + off + 16), f32x4.mul(sb2, vgr)));
      va = i32x4.add(va2, stepA); vb = i32x4.add(vb2, stepB);
    }
    for (; i < whole; i += 4) {
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

export function renderSettledPink(v: i32, n: i32): void {
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

/** Monaural: (sin a + sin b) / 2 in both ears, 4 frames per step. */
export function renderSettledMonaural(v: i32, n: i32): void {
  const level = cur(v, P_LEVEL), pan = cur(v, P_PAN), c = cur(v, P_CARRIER), b = cur(v, P_BEAT);
  const gl = gainLeft(pan) * level, gr = gainRight(pan) * level;
  let pa = unchecked(phaseA[v]), pb = unchecked(phaseB[v]);
  const incA = phaseInc(c - b * <f32>0.5), incB = phaseInc(c + b * <f32>0.5);
  let va = i32x4(pa, pa + incA, pa + incA * 2, pa + incA * 3);
  let vb = i32x4(pb, pb + incB, pb + incB * 2, pb + incB * 3);
  const stepA = i32x4.splat(incA * 4), stepB = i32x4.splat(incB * 4);
  const vgl = f32x4.splat(gl), vgr = f32x4.splat(gr), half = f32x4.splat(0.5);
  const lp = changetype<usize>(mixL), rp = changetype<usize>(mixR);
  const whole = n & ~3;
  for (let i = 0; i < whole; i += 4) {
    const off = <usize>i << 2;
    const s = f32x4.mul(f32x4.add(sinPhase4(va), sinPhase4(vb)), half);
    v128.store(lp + off, f32x4.add(v128.load(lp + off), f32x4.mul(s, vgl)));
    v128.store(rp + off, f32x4.add(v128.load(rp + off), f32x4.mul(s, vgr)));
    va = i32x4.add(va, stepA); vb = i32x4.add(vb, stepB);
  }
  pa += incA * <u32>whole; pb += incB * <u32>whole;
  for (let i = whole; i < n; i++) {
    const s = (sinPhase(pa) + sinPhase(pb)) * <f32>0.5;
    unchecked((mixL[i] += s * gl));
    unchecked((mixR[i] += s * gr));
    pa += incA; pb += incB;
  }
  unchecked((phaseA[v] = pa));
  unchecked((phaseB[v] = pb));
}

/** Isochronic: the gate's limits are constant while settled, so they are computed once. */
export function renderSettledIsochronic(v: i32, n: i32): void {
  const level = cur(v, P_LEVEL), pan = cur(v, P_PAN), c = cur(v, P_CARRIER), b = cur(v, P_BEAT);
  const gl = gainLeft(pan) * level, gr = gainRight(pan) * level;
  const duty = Mathf.min(Mathf.max(cur(v, P_DUTY), <f32>0.01), <f32>1);
  const beat = Mathf.max(Mathf.abs(b), <f32>1e-3);
  const att = Mathf.min(Mathf.max(cur(v, P_ATTACK) * beat, <f32>1e-4), duty * <f32>0.5);
  const rel = Mathf.min(Mathf.max(cur(v, P_RELEASE) * beat, <f32>1e-4), duty * <f32>0.5);
  const incA = phaseInc(c), incB = phaseInc(b);
  let pa = unchecked(phaseA[v]), pb = unchecked(phaseB[v]);
  for (let i = 0; i < n; i++) {
    const g = <f32>pb * <f32>2.3283064365386963e-10;
    const s = sinPhase(pa) * gate(g, duty, att, rel);
    unchecked((mixL[i] += s * gl));
    unchecked((mixR[i] += s * gr));
    pa += incA; pb += incB;
  }
  unchecked((phaseA[v] = pa));
  unchecked((phaseB[v] = pb));
}

/** White (brown = false) or brown noise: the xorshift stream and the leaky integrator, no branches. */
export function renderSettledNoise(v: i32, n: i32, brown: bool): void {
  const level = cur(v, P_LEVEL), pan = cur(v, P_PAN);
  const gl = gainLeft(pan) * level, gr = gainRight(pan) * level;
  let x = unchecked(rng[v]);
  const cb = v * 8 + 7;
  let acc = unchecked(colour[cb]);
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    let s = <f32>(<i32>x) * <f32>4.656612873077393e-10;
    if (brown) { s = acc * brownLeak + s * brownGain; acc = s; }
    unchecked((mixL[i] += s * gl));
    unchecked((mixR[i] += s * gr));
  }
  unchecked((rng[v] = x));
  unchecked((colour[cb] = acc));
}

/** Bell: partial increments computed once (the fundamental is constant while settled). */
export function renderSettledBell(v: i32, n: i32): void {
  const level = cur(v, P_LEVEL), pan = cur(v, P_PAN);
  renderBellSettled(v, n, cur(v, P_CARRIER), gainLeft(pan) * level, gainRight(pan) * level, changetype<usize>(mixL), changetype<usize>(mixR));
}
