// Fast-forward: moves the render state on by n frames without producing audio, so that a render
// can start far into a program (one span of a parallel render) from a state close to the real one.
//
//   exact:   phases (u32, from the same increments the render loops use), parameter ramps and
//            smoothing, white/brown noise generators, pink sample counters, bells, frame count
//   guessed: the states that forget their past (pink and brown filters, limiter envelope and
//            delay ring, bell-free silence): left as they are or put at rest
//
// Rendering a few seconds from the guess makes the guessed states converge onto the real ones
// (float rounding of a decaying filter maps nearby states onto the same value), and the host
// checks that they did by comparing the whole saved state with the real one (render-spans.ts).
import { P_CARRIER, P_BEAT, K_BINAURAL, K_MONAURAL, K_ISOCHRONIC, K_TONE, K_WHITE, K_PINK, K_BROWN, K_BELL } from './constants';
import { cur, isSettled, stepVoiceParams } from './params';
import { phaseInc } from './sine';
import { rng } from './noise';
import { skipPink } from './pink';
import { skipBell } from './bell';
import { kinds, phaseA, phaseB } from './voice-common';

/** Per-sample steps between checks whether a ramping voice has settled. */
const CHECK: i32 = 64;

/** Phase increments of voice `v` now, as the render loops compute them. */
// @ts-ignore: decorator
@inline function incA(kind: i32, v: i32): u32 {
  const c = cur(v, P_CARRIER), b = cur(v, P_BEAT);
  return kind == K_BINAURAL || kind == K_MONAURAL ? phaseInc(c - b * <f32>0.5) : phaseInc(c);
}
// @ts-ignore: decorator
@inline function incB(kind: i32, v: i32): u32 {
  const c = cur(v, P_CARRIER), b = cur(v, P_BEAT);
  return kind == K_BINAURAL || kind == K_MONAURAL ? phaseInc(c + b * <f32>0.5) : kind == K_ISOCHRONIC ? phaseInc(b) : 0;
}

/** Advances voice `v` by `n` frames (the state render(n) would leave, up to the guessed parts). */
export function skipVoice(v: i32, n: i32): void {
  const kind = unchecked(kinds[v]);
  if (kind == 0) return;
  // Noise streams do not depend on parameters.
  if (kind == K_PINK) skipPink(v, n);
  if (kind == K_WHITE || kind == K_BROWN) {
    let x = unchecked(rng[v]);
    for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; }
    unchecked((rng[v] = x));
  }
  const oscillator = kind == K_BINAURAL || kind == K_MONAURAL || kind == K_ISOCHRONIC || kind == K_TONE;
  let pa = unchecked(phaseA[v]), pb = unchecked(phaseB[v]);
  let i = 0;
  while (i < n) {
    if (isSettled(v)) {
      // Constant increments: n steps of u32 addition are one multiply (mod 2^32), as in the fast loops.
      const m = n - i;
      if (oscillator) { pa += incA(kind, v) * <u32>m; pb += incB(kind, v) * <u32>m; }
      if (kind == K_BELL) skipBell(v, m, cur(v, P_CARRIER));
      break;
    }
    // Ramping: the per-sample loop of voices.ts, without the audio.
    const end = n - i < CHECK ? n : i + CHECK;
    for (; i < end; i++) {
      stepVoiceParams(v);
      if (oscillator) { pa += incA(kind, v); pb += incB(kind, v); }
      if (kind == K_BELL) skipBell(v, 1, cur(v, P_CARRIER));
    }
  }
  unchecked((phaseA[v] = pa));
  unchecked((phaseB[v] = pb));
}
