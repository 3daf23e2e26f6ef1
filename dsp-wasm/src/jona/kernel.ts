// Typed wrapper around one instance of jona.wasm. Works in Node, Workers and the AudioWorklet
// (no Node or DOM imports here; `instantiateJona` is synchronous for the worklet).
import { ABI_VERSION, BLOCK_MAX, PCM_BYTES, CURVES, JonaError, VOICE_KINDS, type Curve, type VoiceKind } from './kernel-abi.ts';

/** Raw exports of jona.wasm (see dsp-wasm/assembly/jona/index.ts). */
export interface JonaExports {
  memory: WebAssembly.Memory;
  abiVersion(): number;
  maxVoices(): number;
  blockMax(): number;
  numParams(): number;
  init(sampleRateHz: number, seed: number): number;
  setSmoothingTime(timeSec: number): number;
  useFastPaths(on: number): number;
  setVoice(voice: number, kind: number): number;
  setParam(voice: number, param: number, value: number, rampFrames: number, curve: number): number;
  triggerVoice(voice: number): number;
  render(frames: number): number;
  skip(frames: number): number;
  encodePcm16(frames: number, byteOffset: number): number;
  encodePcm24(frames: number, byteOffset: number): number;
  encodeFloat32(frames: number, byteOffset: number): number;
  pcmBytes(): number;
  saveState(): number;
  loadState(bytes: number): number;
  statePtr(): number;
  stateBytes(): number;
  leftPtr(): number;
  rightPtr(): number;
  pcmPtr(): number;
  latencyFrames(): number;
  limiterGain(): number;
}

// Error texts are built only on failure: the worklet calls these methods inside process(),
// which must not allocate.
function fail(code: number, where: string): never {
  throw new JonaError(code, where);
}

/** One kernel instance: all voices, the limiter and the output buffers. Not shareable between streams. */
export class JonaKernel {
  private buffer: ArrayBuffer;
  private leftView: Float32Array;
  private rightView: Float32Array;
  private pcmView: Uint8Array;

  constructor(readonly raw: JonaExports) {
    const abi = raw.abiVersion();
    if (abi !== ABI_VERSION || raw.pcmBytes() !== PCM_BYTES)
      throw new Error(`jona.wasm ABI ${abi} does not match the wrapper's ${ABI_VERSION}: rebuild with npm run build:wasm`);
    this.buffer = raw.memory.buffer as ArrayBuffer;
    this.leftView = new Float32Array(this.buffer, raw.leftPtr(), BLOCK_MAX);
    this.rightView = new Float32Array(this.buffer, raw.rightPtr(), BLOCK_MAX);
    this.pcmView = new Uint8Array(this.buffer, raw.pcmPtr(), PCM_BYTES);
  }

  /** Resets everything for a sample rate and noise seed. */
  init(sampleRateHz: number, seed = 1): void {
    const code = this.raw.init(sampleRateHz, seed >>> 0);
    if (code < 0) fail(code, `init(${sampleRateHz} Hz)`);
  }
  setVoice(voice: number, kind: VoiceKind | 'off'): void {
    const id = kind === 'off' ? 0 : VOICE_KINDS[kind];
    if (id === undefined) throw new JonaError(-5, `setVoice(${voice}, ${String(kind)})`);
    const code = this.raw.setVoice(voice, id);
    if (code < 0) fail(code, `setVoice(${voice}, ${kind})`);
  }
  /** rampFrames < 0 jumps unsmoothed; 0 steps (smoothed); > 0 ramps linearly or exponentially. */
  setParam(voice: number, param: number, value: number, rampFrames = 0, curve: Curve = 'linear'): void {
    const code = this.raw.setParam(voice, param, value, Math.round(rampFrames), CURVES[curve]);
    if (code < 0) fail(code, `setParam(voice ${voice}, param ${param}, ${value})`);
  }
  trigger(voice: number): void {
    const code = this.raw.triggerVoice(voice);
    if (code < 0) fail(code, `triggerVoice(${voice})`);
  }
  /** Fast paths on (default) or off; the output is identical either way (tests check it). */
  useFastPaths(on: boolean): void {
    this.raw.useFastPaths(on ? 1 : 0);
  }
  setSmoothingTime(timeSec: number): void {
    const code = this.raw.setSmoothingTime(timeSec);
    if (code < 0) fail(code, `setSmoothingTime(${timeSec})`);
  }
  /** Renders `frames` (<= BLOCK_MAX) into left()/right(). */
  render(frames: number): void {
    const code = this.raw.render(frames);
    if (code < 0) fail(code, `render(${frames})`);
  }
  /**
   * Moves the state on by `frames` without audio: exact for phases, ramps and noise generators, a
   * guess for decaying filter states (see dsp-wasm/assembly/jona/skip.ts). Render on from there and
   * compare saveState() with a real one before trusting the output (render-spans.ts does).
   */
  skip(frames: number): void {
    const code = this.raw.skip(frames);
    if (code < 0) fail(code, `skip(${frames})`);
  }
  /** Interleaved PCM of the last render: 16 or 24-bit integers or 32-bit float. Valid until the next encode. */
  encode(frames: number, bitDepth: 16 | 24 | 32): Uint8Array {
    return this.pcm(0, this.encodeAt(frames, bitDepth, 0));
  }
  /**
   * Encodes the last render's `frames` into the kernel's PCM area at `byteOffset` (< PCM_BYTES),
   * so consecutive renders can fill one large chunk; returns the bytes written. Does not allocate.
   */
  encodeAt(frames: number, bitDepth: 16 | 24 | 32, byteOffset: number): number {
    const raw = this.raw;
    const bytes =
      bitDepth === 16
        ? raw.encodePcm16(frames, byteOffset)
        : bitDepth === 24
          ? raw.encodePcm24(frames, byteOffset)
          : raw.encodeFloat32(frames, byteOffset);
    if (bytes < 0) fail(bytes, `encode(${frames} frames, ${bitDepth}-bit, at byte ${byteOffset})`);
    return bytes;
  }
  /** View of PCM bytes [start, end) written by encodeAt (into wasm memory: copy it to keep it). */
  pcm(start: number, end: number): Uint8Array {
    return this.views().pcmView.subarray(start, end);
  }
  /**
   * The render state now (after the last render), as bytes to keep: a checkpoint. Restoring it
   * with loadState into a kernel initialised with the same rate and seed continues bit for bit.
   */
  saveState(): Uint8Array {
    const bytes = this.raw.saveState();
    return new Uint8Array(this.views().buffer, this.raw.statePtr(), bytes).slice();
  }
  loadState(state: Uint8Array): void {
    if (state.length > this.raw.stateBytes()) fail(-3, `loadState(${state.length} bytes)`);
    new Uint8Array(this.views().buffer, this.raw.statePtr(), state.length).set(state);
    const code = this.raw.loadState(state.length);
    if (code < 0) fail(code, `loadState(${state.length} bytes: not a state of this kernel, rate and seed)`);
  }
  /** Left output of the last render (view into wasm memory, BLOCK_MAX long). */
  left(): Float32Array {
    return this.views().leftView;
  }
  right(): Float32Array {
    return this.views().rightView;
  }
  latencyFrames(): number {
    return this.raw.latencyFrames();
  }
  limiterGain(): number {
    return this.raw.limiterGain();
  }

  // Views detach if memory ever grows; the kernel never grows it, but stay correct if it does.
  private views(): this {
    if (this.buffer !== this.raw.memory.buffer) {
      this.buffer = this.raw.memory.buffer as ArrayBuffer;
      this.leftView = new Float32Array(this.buffer, this.raw.leftPtr(), BLOCK_MAX);
      this.rightView = new Float32Array(this.buffer, this.raw.rightPtr(), BLOCK_MAX);
      this.pcmView = new Uint8Array(this.buffer, this.raw.pcmPtr(), PCM_BYTES);
    }
    return this;
  }
}

/** Synchronous instantiation (AudioWorklet, render worker): the module has no imports. */
export function instantiateJona(module: WebAssembly.Module): JonaKernel {
  const instance = new WebAssembly.Instance(module, {});
  return new JonaKernel(instance.exports as unknown as JonaExports);
}
