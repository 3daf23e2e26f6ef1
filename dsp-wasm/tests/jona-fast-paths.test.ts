// The kernel's fast paths (settled-voice SIMD loops, block-form pink noise, idle limiter spans)
// must compute exactly what the per-sample code computes: same bytes with them on or off.
// And the 4-samples-at-a-time pink filter must be Kellet's filter: checked against a float64
// recursion of the same filter fed by the same counter-hash white noise.
import { describe, expect, it } from 'vitest';
import { loadJona, ProgramPlayer, type Program } from '../src/jona/index.ts';

const SR = 48000;

async function render(
  program: Program,
  frames: number,
  fast: boolean,
  blocks: number[],
): Promise<{ left: Float32Array; right: Float32Array; minGain: number }> {
  const kernel = await loadJona();
  kernel.useFastPaths(fast);
  const player = new ProgramPlayer(kernel, program, SR, 3);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  let done = 0;
  let minGain = 1;
  for (let b = 0; done < frames; b++) {
    const n = Math.min(blocks[b % blocks.length]!, frames - done);
    player.render(n, (offset, count) => {
      left.set(kernel.left().subarray(0, count), done + offset);
      right.set(kernel.right().subarray(0, count), done + offset);
      minGain = Math.min(minGain, kernel.limiterGain());
    });
    done += n;
  }
  return { left, right, minGain };
}

const same = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

const programs: Record<string, { program: Program; limits: boolean }> = {
  // The benchmark's sound: the limiter is idle except for rare peaks near the ceiling.
  'binaural + pink at full gain': {
    limits: false,
    program: {
      durationSec: 4,
      masterGain: 1,
      voices: [
        { kind: 'binaural', level: 0.5, carrierHz: 200, beatHz: 10 },
        { kind: 'pink', level: 0.3 },
      ],
      events: [],
    },
  },
  'loud mix with bells (limiting)': {
    limits: true,
    program: {
      durationSec: 4,
      masterGain: 2,
      voices: [
        { kind: 'binaural', level: 0.6, carrierHz: 150, beatHz: 7 },
        { kind: 'pink', level: 0.6 },
        { kind: 'bell', level: 1, carrierHz: 900 },
        { kind: 'tone', level: 0.2, carrierHz: 2500 },
      ],
      events: [0.2, 1.5, 3].map((atSec) => ({ type: 'trigger' as const, atSec, voice: 2 })),
    },
  },
  'every kind at once, settled (tone, binaural, monaural, isochronic, noises, bell)': {
    limits: false,
    program: {
      durationSec: 3,
      masterGain: 0.5,
      voices: [
        { kind: 'binaural', level: 0.2, carrierHz: 200, beatHz: 10 },
        { kind: 'monaural', level: 0.2, carrierHz: 250, beatHz: 6, pan: 0.3 },
        { kind: 'isochronic', level: 0.2, carrierHz: 300, beatHz: 8, duty: 0.4, pan: -0.6 },
        { kind: 'tone', level: 0.1, carrierHz: 432 },
        { kind: 'white', level: 0.05 },
        { kind: 'brown', level: 0.2, pan: 0.5 },
        { kind: 'pink', level: 0.2 },
        { kind: 'bell', level: 0.3, carrierHz: 700 },
      ],
      events: [{ type: 'trigger' as const, atSec: 0.7, voice: 7 }],
    },
  },
  'ramps on pink level, tone and master gain': {
    limits: true,
    program: {
      durationSec: 4,
      masterGain: 0.4,
      voices: [
        { kind: 'pink', level: 0.2 },
        { kind: 'tone', level: 0.5, carrierHz: 330 },
        { kind: 'brown', level: 0.2 },
      ],
      events: [
        { type: 'param', atSec: 0.5001, voice: 0, param: 'level', value: 0.7, rampSec: 1 },
        { type: 'param', atSec: 1.2, voice: 1, param: 'carrierHz', value: 660, rampSec: 0.5, curve: 'exp' },
        { type: 'param', atSec: 2, voice: 'master', param: 'gain', value: 1.8, rampSec: 1 },
      ],
    },
  },
};

describe('JONA fast paths', () => {
  for (const [name, { program, limits }] of Object.entries(programs)) {
    it(`${name}: same bytes with fast paths on or off, in any block sizes`, async () => {
      const frames = program.durationSec * SR;
      const slow = await render(program, frames, false, [4096]);
      const fast = await render(program, frames, true, [4096]);
      const odd = await render(program, frames, true, [1, 127, 333, 4096, 5, 64, 511]);
      expect(same(fast.left, slow.left) && same(fast.right, slow.right)).toBe(true);
      expect(same(odd.left, slow.left) && same(odd.right, slow.right)).toBe(true);
      // Both limiter paths really ran where expected.
      if (limits) expect(slow.minGain).toBeLessThan(0.95);
      else expect(slow.minGain).toBe(1);
      expect(slow.left.some((x) => Math.abs(x) > 0.3)).toBe(true);
    });
  }

  it("pink noise is Kellet's filter on counter-hash white noise (float64 reference)", async () => {
    const frames = 3 * SR;
    const seed = 3;
    const level = 0.5;
    const { left, right } = await render({ durationSec: 3, masterGain: 1, voices: [{ kind: 'pink', level }], events: [] }, frames, true, [4096]);
    const kernel = await loadJona();
    const delay = kernel.latencyFrames();
    // White noise of voice 0, as documented in assembly/jona/pink.ts.
    let key = ((seed + 0x632be5ab) >>> 0) ^ Math.imul(1, 0x9e3779b9);
    key ^= key >>> 16;
    key = Math.imul(key, 0x7feb352d);
    key ^= key >>> 15;
    const white = (n: number): number => {
      let x = (Math.imul(n, 0x9e3779b9) + key) | 0;
      x ^= x >>> 16;
      x = Math.imul(x, 0x21f0aaad);
      x ^= x >>> 15;
      x = Math.imul(x, 0x735a2d97);
      x ^= x >>> 15;
      return Math.fround(Math.fround(x | 0) * Math.fround(2 ** -31));
    };
    const a = [0.99886, 0.99332, 0.969, 0.8665, 0.55, -0.7616];
    const c = [0.0555179, 0.0750759, 0.153852, 0.3104856, 0.5329522, -0.016898];
    const b = [0, 0, 0, 0, 0, 0];
    let wPrev = 0;
    let maxErr = 0;
    let rms = 0;
    let unequalChannels = 0;
    for (let n = 0; n + delay < frames; n++) {
      const w = white(n);
      let sum = 0.5362 * w + 0.115926 * wPrev;
      for (let k = 0; k < 6; k++) sum += b[k] = a[k]! * b[k]! + c[k]! * w;
      wPrev = w;
      const expected = 0.11 * sum * level;
      maxErr = Math.max(maxErr, Math.abs(left[n + delay]! - expected));
      rms += expected * expected;
      if (right[n + delay] !== left[n + delay]) unequalChannels++;
    }
    expect(unequalChannels).toBe(0);
    rms = Math.sqrt(rms / (frames - delay));
    expect(rms).toBeGreaterThan(0.05); // ~0.2 * level
    expect(maxErr).toBeLessThan(2e-6); // float32 rounding only (-114 dB under full scale)
  });
});
