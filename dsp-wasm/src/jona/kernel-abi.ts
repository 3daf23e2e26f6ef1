// Numbers shared with the AssemblyScript kernel (dsp-wasm/assembly/jona/constants.ts).
// kernel.test.ts checks them against the built jona.wasm.

export const ABI_VERSION = 5;
export const MAX_VOICES = 32;
export const NUM_PARAMS = 8;
export const BLOCK_MAX = 4096;
/** Bytes of the kernel's PCM output area (16 blocks of 32-bit float stereo). */
export const PCM_BYTES = 16 * BLOCK_MAX * 8;
/** Pseudo-voice index holding master parameters. */
export const MASTER_VOICE = MAX_VOICES;

/** Voice kinds and their kernel ids. */
export const VOICE_KINDS = {
  binaural: 1,
  monaural: 2,
  isochronic: 3,
  tone: 4,
  white: 5,
  pink: 6,
  brown: 7,
  bell: 8,
} as const;
export type VoiceKind = keyof typeof VOICE_KINDS;

/** Parameter names and their kernel ids; `gain` is the master gain (voice MASTER_VOICE, id 0). */
export const PARAM_IDS = {
  level: 0,
  pan: 1,
  carrierHz: 2,
  beatHz: 3,
  duty: 4,
  attackSec: 5,
  releaseSec: 6,
  gain: 0,
} as const;
export type ParamName = keyof typeof PARAM_IDS;

export const CURVES = { linear: 0, exp: 1 } as const;
export type Curve = keyof typeof CURVES;

const STATUS_TEXT: Record<number, string> = {
  [-1]: 'voice index out of range',
  [-2]: 'unknown parameter id',
  [-3]: 'value out of range or not finite',
  [-4]: 'frame count out of range',
  [-5]: 'unknown voice kind',
};

/** A kernel status code turned into an exception that says what was rejected. */
export class JonaError extends Error {
  constructor(
    readonly code: number,
    readonly where: string,
  ) {
    super(`JONA kernel ${where}: ${STATUS_TEXT[code] ?? `status ${code}`}`);
    this.name = 'JonaError';
  }
}
