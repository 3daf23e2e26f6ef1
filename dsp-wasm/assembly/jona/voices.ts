// Voice generators. Each adds `n` frames of one voice into mixL/mixR. A voice whose parameters
// are settled runs a loop with constant increments; otherwise its parameters step every sample,
// so ramps and slides are sample-accurate and the result does not depend on block sizes.
import {
  P_LEVEL, P_PAN, P_CARRIER, P_BEAT, P_DUTY, P_ATTACK, P_RELEASE,
  K_BINAURAL, K_MONAURAL, K_ISOCHRONIC, K_TONE, K_WHITE, K_PINK, K_BROWN, K_BELL,
} from './constants';
import { cur, isSettled, stepVoiceParams } from './params';
import { phaseInc, sinPhase } from './sine';
import { nextWhite, colour, brownLeak, brownGain } from './noise';
import { fillPink, pinkOut } from './pink';
import { bellSample } from './bell';
import { kinds, phaseA, phaseB, mixL, mixR, fastPaths, gainLeft, gainRight, gate } from './voice-common';
import {
  renderSettledTone, renderSettledPink, renderSettledMonaural, renderSettledIsochronic, renderSettledNoise, renderSettledBell,
} from './voices-settled';

export function renderVoice(v: i32, n: i32): void {
  const kind = unchecked(kinds[v]);
  if (kind == 0) return;
  const settled = isSettled(v);
  const fast = settled && fastPaths;
  // Fast loops for settled voices of the common kinds; they compute exactly what the generic
  // loop below computes (same expressions, same order), only without per-sample parameter work.
  if (fast && (kind == K_BINAURAL || kind == K_TONE)) { renderSettledTone(v, n, kind == K_BINAURAL); return; }
  if (fast && kind == K_PINK) { renderSettledPink(v, n); return; }
  if (fast && kind == K_MONAURAL) { renderSettledMonaural(v, n); return; }
  if (fast && kind == K_ISOCHRONIC) { renderSettledIsochronic(v, n); return; }
  if (fast && (kind == K_WHITE || kind == K_BROWN)) { renderSettledNoise(v, n, kind == K_BROWN); return; }
  if (fast && kind == K_BELL) { renderSettledBell(v, n); return; }
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
