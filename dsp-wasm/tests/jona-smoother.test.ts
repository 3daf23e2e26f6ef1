// The one-pole smoother behind every parameter must reach its goal exactly: a value that stays a
// hair short keeps the voice "not settled", and every later sample of the render runs on the
// per-sample path (measured: the presets' 5 s master fade-in made a 1-hour render 7x slower).
import { describe, expect, it } from 'vitest';
import { loadJona, MAX_VOICES, BLOCK_MAX } from '../src/jona/index.ts';
import { NUM_PARAMS } from '../src/jona/kernel-abi.ts';

const SR = 48000;
const SLOTS = (MAX_VOICES + 1) * NUM_PARAMS;
const MASTER_GAIN_SLOT = MAX_VOICES * NUM_PARAMS; // the master voice holds its gain in param 0

/** pCur (what the DSP reads) and pVal (the ramp's position) of a slot, from a saved state. */
function paramOf(state: Uint8Array, slot: number): { cur: number; val: number } {
  // saveState: a 16-byte header, then pCur[SLOTS] and pVal[SLOTS] as float32 (snapshot.ts, params.ts).
  const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
  return { cur: view.getFloat32(16 + 4 * slot, true), val: view.getFloat32(16 + 4 * (SLOTS + slot), true) };
}

describe('JONA parameter smoother', () => {
  it.each([0.7, 0.6, 0.25, 1])('lands exactly on a master gain of %s after a 5 s fade-in from 0', async (gain) => {
    const kernel = await loadJona();
    kernel.init(SR, 1);
    kernel.setVoice(0, 'binaural');
    kernel.setParam(MAX_VOICES, 0, 0, -1); // start silent (the presets' masterGain 0)
    kernel.setParam(MAX_VOICES, 0, gain, 5 * SR); // linear ramp over 5 s
    for (let done = 0; done < 6 * SR; done += BLOCK_MAX) kernel.render(Math.min(BLOCK_MAX, 6 * SR - done));
    const { cur, val } = paramOf(kernel.saveState(), MASTER_GAIN_SLOT);
    expect(val).toBe(Math.fround(gain));
    expect(cur).toBe(val);
  });
});
