// JONA synthesis kernel: the only exports of jona.wasm. Float32, no imports, no allocation after
// start-up: every buffer is static, the host reads outputs through the pointers below.
//
//   setVoice/setParam/triggerVoice --> voices (mixL/mixR) --> master gain + limiter (outL/outR)
//                                                         --> encodePcm16/24/Float32 (pcm bytes)
// Status codes: 0 ok, -1 bad voice, -2 bad param, -3 bad value, -4 too many frames, -5 bad kind.
import {
  MAX_VOICES, MASTER, NUM_PARAMS, BLOCK_MAX, PCM_BYTES, STATE_BYTES, K_LAST, K_BELL, OK, E_VOICE, E_PARAM, E_VALUE, E_FRAMES, E_KIND,
} from './constants';
import { resetParams, setSmoothing, jumpParam, rampParam, saveParams, loadParams } from './params';
import { initSine } from './sine';
import { initNoise, resetNoise, saveNoise, loadNoise } from './noise';
import { initPink, resetPink, savePink, loadPink } from './pink';
import { initBell, resetBell, strikeBell, saveBell, loadBell } from './bell';
import { renderVoice } from './voices';
import { kinds, phaseA, phaseB, mixL, mixR, setFastPaths, saveVoices, loadVoices } from './voice-common';
import { skipVoice } from './skip';
import { initLimiter, limitBlock, skipLimiter, delayFrames, minGainLast, outL, outR, saveLimiter, loadLimiter } from './limiter';
import { pcm, encodePcm16Block, encodePcm24Block, encodeFloat32Block } from './encode';

let seed: u32 = 1;
let rate: f32 = 48000;

/** ABI version; the TS wrapper refuses a kernel with another number. */
export function abiVersion(): i32 { return 5; }
export function maxVoices(): i32 { return MAX_VOICES; }
export function blockMax(): i32 { return BLOCK_MAX; }
export function numParams(): i32 { return NUM_PARAMS; }

/** Resets every voice and state for `sampleRateHz`; `seedValue` seeds all noise. */
export function init(sampleRateHz: f32, seedValue: u32): i32 {
  if (!(sampleRateHz >= 8000 && sampleRateHz <= 384000)) return E_VALUE;
  rate = sampleRateHz;
  seed = seedValue;
  initSine(sampleRateHz);
  initNoise(sampleRateHz);
  initBell(sampleRateHz);
  initPink();
  initLimiter(sampleRateHz);
  resetParams();
  setSmoothing(0.005, sampleRateHz);
  for (let v = 0; v < MAX_VOICES; v++) {
    unchecked((kinds[v] = 0));
    unchecked((phaseA[v] = 0));
    unchecked((phaseB[v] = 0));
    resetNoise(v, seed);
    resetPink(v, seed);
    resetBell(v);
  }
  jumpParam(MASTER * NUM_PARAMS, 1);
  return OK;
}

/**
 * Turns the fast paths (settled-voice SIMD loops, idle limiter spans) off (0) or on (1, default).
 * Output is the same either way; tests use it to prove that, benchmarks to measure the gain.
 */
export function useFastPaths(on: i32): i32 {
  setFastPaths(on != 0);
  return OK;
}

/** Parameter smoothing time constant in seconds (default 5 ms). */
export function setSmoothingTime(timeSec: f32): i32 {
  if (!(timeSec >= 0 && timeSec <= 10)) return E_VALUE;
  setSmoothing(timeSec, rate);
  return OK;
}

/** Sets voice `v` to `kind` (0 = off) and resets its oscillator and noise state. */
export function setVoice(v: i32, kind: i32): i32 {
  if (v < 0 || v >= MAX_VOICES) return E_VOICE;
  if (kind < 0 || kind > K_LAST) return E_KIND;
  unchecked((kinds[v] = kind));
  unchecked((phaseA[v] = 0));
  unchecked((phaseB[v] = 0));
  resetNoise(v, seed);
  resetPink(v, seed);
  resetBell(v);
  return OK;
}

/**
 * Changes a parameter. rampFrames < 0: jump at once, unsmoothed (initial values only);
 * 0: step, smoothed by the one-pole; > 0: linear (curve 0) or exponential (curve 1) ramp.
 */
export function setParam(v: i32, param: i32, value: f32, rampFrames: i32, curve: i32): i32 {
  if (v < 0 || v > MASTER) return E_VOICE;
  if (param < 0 || param >= NUM_PARAMS) return E_PARAM;
  if (!isFinite(value)) return E_VALUE;
  const slot = v * NUM_PARAMS + param;
  if (rampFrames < 0) jumpParam(slot, value);
  else rampParam(slot, value, rampFrames, curve);
  return OK;
}

/** Strikes a bell voice (other kinds ignore it). */
export function triggerVoice(v: i32): i32 {
  if (v < 0 || v >= MAX_VOICES) return E_VOICE;
  if (unchecked(kinds[v]) == K_BELL) strikeBell(v);
  return OK;
}

/** Renders `frames` (<= blockMax) into the float outputs. */
export function render(frames: i32): i32 {
  if (frames < 0 || frames > BLOCK_MAX) return E_FRAMES;
  memory.fill(changetype<usize>(mixL), 0, <usize>frames << 2);
  memory.fill(changetype<usize>(mixR), 0, <usize>frames << 2);
  for (let v = 0; v < MAX_VOICES; v++) renderVoice(v, frames);
  limitBlock(frames);
  return OK;
}

/**
 * Moves the render state on by `frames` (any count >= 0) without producing audio: phases, ramps,
 * noise generators and the frame count exactly, the decaying filter states as a guess (skip.ts).
 * The outputs are not written; render from there on and compare states before trusting them.
 */
export function skip(frames: i32): i32 {
  if (frames < 0) return E_FRAMES;
  for (let v = 0; v < MAX_VOICES; v++) skipVoice(v, frames);
  skipLimiter(frames);
  return OK;
}

/** True when `frames` of `frameBytes` each fit in pcm at `byteOffset`. */
function fits(frames: i32, frameBytes: i32, byteOffset: i32): bool {
  return frames >= 0 && frames <= BLOCK_MAX && byteOffset >= 0 && byteOffset <= PCM_BYTES - frames * frameBytes;
}
/** Encodes the last render's `frames` into pcm at `byteOffset`; returns the bytes written. */
export function encodePcm16(frames: i32, byteOffset: i32): i32 { return fits(frames, 4, byteOffset) ? encodePcm16Block(frames, <usize>byteOffset) : E_FRAMES; }
export function encodePcm24(frames: i32, byteOffset: i32): i32 { return fits(frames, 6, byteOffset) ? encodePcm24Block(frames, <usize>byteOffset) : E_FRAMES; }
export function encodeFloat32(frames: i32, byteOffset: i32): i32 { return fits(frames, 8, byteOffset) ? encodeFloat32Block(frames, <usize>byteOffset) : E_FRAMES; }
/** Bytes in the pcm area. */
export function pcmBytes(): i32 { return PCM_BYTES; }

export function leftPtr(): usize { return changetype<usize>(outL); }
export function rightPtr(): usize { return changetype<usize>(outR); }
export function pcmPtr(): usize { return changetype<usize>(pcm); }
/** Limiter look-ahead delay in frames (output lags the voices by this much). */
export function latencyFrames(): i32 { return delayFrames; }
/** Lowest limiter gain during the last render (1 = not limiting). */
export function limiterGain(): f32 { return minGainLast; }

// Checkpoints: the render state after some frame, as bytes the host keeps and hands back later.
const STATE_MAGIC: u32 = 0x4a4f4e41; // "JONA"
const stateArea = new StaticArray<u8>(STATE_BYTES);

/** Copies the render state into the state area; returns its length in bytes. */
export function saveState(): i32 {
  const start = changetype<usize>(stateArea);
  store<u32>(start, STATE_MAGIC); store<f32>(start, rate, 4); store<u32>(start, seed, 8);
  const end = saveLimiter(saveBell(savePink(saveNoise(saveVoices(saveParams(start + 16))))));
  const bytes = <i32>(end - start);
  store<i32>(start, bytes, 12);
  return bytes;
}

/**
 * Restores a state written by saveState (and copied back into the state area by the host) into
 * a kernel initialised with the same sample rate and seed; -3 when it does not belong here.
 */
export function loadState(bytes: i32): i32 {
  const start = changetype<usize>(stateArea);
  if (bytes < 16 || bytes > STATE_BYTES || load<u32>(start) != STATE_MAGIC || load<i32>(start, 12) != bytes) return E_VALUE;
  if (load<f32>(start, 4) != rate || load<u32>(start, 8) != seed) return E_VALUE;
  loadLimiter(loadBell(loadPink(loadNoise(loadVoices(loadParams(start + 16))))));
  return OK;
}

export function statePtr(): usize { return changetype<usize>(stateArea); }
/** Capacity of the state area in bytes. */
export function stateBytes(): i32 { return STATE_BYTES; }
