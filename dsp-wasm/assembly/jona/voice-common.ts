// State shared by the voice generators (voices.ts: per-sample loop, voices-settled.ts: fast loops
// for settled voices) and the shapes both use, so they compute the same floats.
import { MAX_VOICES, BLOCK_MAX } from './constants';
import { riseShape } from './sine';
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
@inline export function gainLeft(pan: f32): f32 { return pan > 0 ? <f32>1 - pan : <f32>1; }
// @ts-ignore: decorator
@inline export function gainRight(pan: f32): f32 { return pan < 0 ? <f32>1 + pan : <f32>1; }

/** Isochronic gate for gate phase g (0..1): raised-cosine attack, hold, raised-cosine release. */
// @ts-ignore: decorator
@inline export function gate(g: f32, duty: f32, attack: f32, release: f32): f32 {
  if (g >= duty) return 0;
  if (g < attack) return riseShape(g / attack);
  const rs = duty - release;
  if (g > rs) return riseShape((duty - g) / release);
  return 1;
}

/** Checkpoint support (see snapshot.ts). */
export function saveVoices(p: usize): usize { return putArray(putArray(putArray(p, kinds), phaseA), phaseB); }
export function loadVoices(p: usize): usize { return getArray(getArray(getArray(p, kinds), phaseA), phaseB); }
