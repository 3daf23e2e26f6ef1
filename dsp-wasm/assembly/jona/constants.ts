// Sizes and identifiers shared by every part of the JONA kernel. The TS wrapper mirrors these
// numbers in dsp-wasm/src/jona/kernel-abi.ts; a test checks both agree through the exports.

/** Largest number of voices mixed at once. */
export const MAX_VOICES: i32 = 32;
/** Pseudo-voice index that holds the master parameters (param 0 = master gain). */
export const MASTER: i32 = MAX_VOICES;
/** Parameters per voice (see P_*). */
export const NUM_PARAMS: i32 = 8;
/** Largest block one render() call may produce, in frames. */
export const BLOCK_MAX: i32 = 4096;
/** Size of the PCM output area in bytes: 16 blocks of 32-bit float stereo (512 KB). */
export const PCM_BYTES: i32 = 16 * BLOCK_MAX * 8;
/** Capacity of the checkpoint state area in bytes (a saved state takes about 24 KB). */
export const STATE_BYTES: i32 = 32768;

// Parameter ids (per voice).
export const P_LEVEL: i32 = 0; // linear amplitude, 0..1
export const P_PAN: i32 = 1; // balance, -1 (left) .. +1 (right)
export const P_CARRIER: i32 = 2; // carrier / tone / bell fundamental, Hz
export const P_BEAT: i32 = 3; // beat / gate rate, Hz
export const P_DUTY: i32 = 4; // isochronic duty cycle, 0..1 of the beat period
export const P_ATTACK: i32 = 5; // isochronic attack, s
export const P_RELEASE: i32 = 6; // isochronic release, s

// Voice kinds.
export const K_OFF: i32 = 0;
export const K_BINAURAL: i32 = 1;
export const K_MONAURAL: i32 = 2;
export const K_ISOCHRONIC: i32 = 3;
export const K_TONE: i32 = 4;
export const K_WHITE: i32 = 5;
export const K_PINK: i32 = 6;
export const K_BROWN: i32 = 7;
export const K_BELL: i32 = 8;
export const K_LAST: i32 = 8;

// Ramp curves.
export const CURVE_LINEAR: i32 = 0;
export const CURVE_EXP: i32 = 1;

// Status codes returned by exports (the TS wrapper turns them into JonaError).
export const OK: i32 = 0;
export const E_VOICE: i32 = -1;
export const E_PARAM: i32 = -2;
export const E_VALUE: i32 = -3;
export const E_FRAMES: i32 = -4;
export const E_KIND: i32 = -5;
