// Kernel behaviour: clicks, limiter ceiling, determinism, block-size independence, errors, ABI.
import { describe, expect, it } from 'vitest';
import { JonaError, loadJona, MAX_VOICES, BLOCK_MAX, ProgramError, validateProgram, type Program } from '../src/jona/index.ts';
import { NUM_PARAMS } from '../src/jona/kernel-abi.ts';
import { renderProgram, truePeak } from './jona-helpers.ts';

const SR = 48000;
const CEIL_MINUS_1_DBFS = 10 ** (-1 / 20);

/** Largest sample-to-sample step of a channel. */
const maxStep = (x: Float32Array, from = 1): number => {
  let m = 0;
  for (let i = Math.max(1, from); i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - x[i - 1]!));
  return m;
};

// Slides, fades and parameter steps placed mid-quantum (frames that are not multiples of 128).
const sweeping: Program = {
  durationSec: 6,
  masterGain: 1,
  voices: [
    { kind: 'binaural', level: 0.3, carrierHz: 200, beatHz: 10 },
    { kind: 'isochronic', level: 0.2, carrierHz: 300, beatHz: 8, duty: 0.4 },
    { kind: 'tone', level: 0.1, carrierHz: 440, pan: -0.5 },
    { kind: 'monaural', level: 0.1, carrierHz: 250, beatHz: 6 },
  ],
  events: [
    { type: 'param', atSec: 0.5003, voice: 0, param: 'carrierHz', value: 400, rampSec: 2, curve: 'exp' },
    { type: 'param', atSec: 0.777, voice: 0, param: 'beatHz', value: 4, rampSec: 1.5 },
    { type: 'param', atSec: 1.0011, voice: 2, param: 'carrierHz', value: 600 }, // step -> smoothed
    { type: 'param', atSec: 1.3337, voice: 2, param: 'level', value: 0.25 }, // level step -> smoothed
    { type: 'param', atSec: 2.00051, voice: 2, param: 'pan', value: 0.7 },
    { type: 'param', atSec: 2.5, voice: 1, param: 'beatHz', value: 12, rampSec: 0.3 },
    { type: 'param', atSec: 3.2, voice: 'master', param: 'gain', value: 0, rampSec: 2 }, // fade out
    { type: 'param', atSec: 5.5, voice: 'master', param: 'gain', value: 1 }, // back in with one step
  ],
};

describe('JONA kernel', () => {
  it('exports the ABI the wrapper expects and no imports', async () => {
    const kernel = await loadJona();
    expect(kernel.raw.maxVoices()).toBe(MAX_VOICES);
    expect(kernel.raw.blockMax()).toBe(BLOCK_MAX);
    expect(kernel.raw.numParams()).toBe(NUM_PARAMS);
    const { readFile } = await import('node:fs/promises');
    const mod = await WebAssembly.compile(await readFile(new URL('../build/jona.wasm', import.meta.url)));
    expect(WebAssembly.Module.imports(mod)).toEqual([]);
  });

  it('has no clicks: during slides, fades and mid-quantum steps no sample step exceeds the bandwidth bound', async () => {
    const { left, right } = await renderProgram(sweeping, 6 * SR, { blocks: [128] });
    // A sum of sines with amplitudes a_k at f_k <= 620 Hz cannot move faster than
    // 2*pi*sum(a_k*f_k)/SR per sample; 0.3*405 + 0.2*(300+~ gate) + 0.25*600 + 0.1*253 bounds it.
    const bound = (2 * Math.PI * (0.3 * 405 + 0.2 * 300 + 0.25 * 600 + 0.1 * 253)) / SR;
    // The isochronic gate adds its own slope: amplitude 0.2 rising over 10% of a 12 Hz period.
    const gateSlope = (0.2 * Math.PI) / 2 / ((0.1 / 8) * SR);
    expect(maxStep(left)).toBeLessThan(bound + gateSlope);
    expect(maxStep(right)).toBeLessThan(bound + gateSlope);
    // And the program really moved: the fade made it silent, the step at 5.5 s brought it back.
    const rms = (x: Float32Array) => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);
    expect(rms(left.subarray(5.3 * SR, 5.45 * SR))).toBeLessThan(1e-4);
    expect(rms(left.subarray(5.6 * SR, 5.9 * SR))).toBeGreaterThan(0.1);
  });

  it('an unsmoothed reference step WOULD click (the click test can fail)', async () => {
    const kernel = await loadJona();
    kernel.init(SR, 1);
    kernel.setVoice(0, 'tone');
    kernel.setParam(0, 0, 0.5, -1);
    kernel.setParam(0, 2, 100, -1);
    kernel.render(1000);
    const before = kernel.left().slice(0, 1000);
    kernel.setParam(0, 0, 0, -1); // jump: the one case the kernel does not smooth
    kernel.render(1000);
    const after = kernel.left().slice(0, 1000);
    const joined = new Float32Array([...before, ...after]);
    expect(maxStep(joined, kernel.latencyFrames())).toBeGreaterThan(((2 * Math.PI * 0.5 * 100) / SR) * 3);
  });

  it('limiter keeps sample peak and 4x true peak at or under -1 dBFS and really limits', async () => {
    const loud: Program = {
      durationSec: 3,
      masterGain: 2.5,
      voices: [
        { kind: 'binaural', level: 0.8, carrierHz: 150, beatHz: 7 },
        { kind: 'tone', level: 0.6, carrierHz: 2500 },
        { kind: 'pink', level: 0.8 },
        { kind: 'bell', level: 1, carrierHz: 1200 },
      ],
      events: [0.3, 1.1, 1.9].map((atSec) => ({ type: 'trigger' as const, atSec, voice: 3 })),
    };
    const { left, right, minLimiterGain } = await renderProgram(loud, 3 * SR, { blocks: [128, 77, 4096] });
    for (const ch of [left, right]) {
      expect(ch.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThanOrEqual(CEIL_MINUS_1_DBFS);
      expect(truePeak(ch.subarray(0, SR))).toBeLessThanOrEqual(CEIL_MINUS_1_DBFS * 1.0012); // within 0.01 dB
    }
    expect(minLimiterGain).toBeLessThan(0.5);
  });

  it('is deterministic and independent of block sizes; the seed changes the noise', async () => {
    const prog: Program = { ...sweeping, voices: [...sweeping.voices, { kind: 'pink', level: 0.1 }, { kind: 'brown', level: 0.1 }] };
    const a = await renderProgram(prog, 2 * SR, { blocks: [4096] });
    const b = await renderProgram(prog, 2 * SR, { blocks: [128] });
    const c = await renderProgram(prog, 2 * SR, { blocks: [1, 127, 333, 4096, 5] });
    const d = await renderProgram(prog, 2 * SR, { blocks: [4096], seed: 2 });
    const bytes = (x: Float32Array) => Buffer.from(x.buffer);
    expect(bytes(b.left).equals(bytes(a.left))).toBe(true);
    expect(bytes(c.right).equals(bytes(a.right))).toBe(true);
    expect(bytes(d.left).equals(bytes(a.left))).toBe(false);
  });

  it('rejects bad calls with a JonaError that names the call', async () => {
    const kernel = await loadJona();
    kernel.init(SR, 1);
    expect(() => kernel.setVoice(MAX_VOICES, 'tone')).toThrow(/setVoice\(32, tone\).*voice index out of range/);
    expect(() => kernel.setParam(0, 99, 1)).toThrow(JonaError);
    expect(() => kernel.setParam(0, 0, Number.NaN)).toThrow(/not finite/);
    expect(() => kernel.render(BLOCK_MAX + 1)).toThrow(/frame count/);
    expect(() => kernel.init(1000, 1)).toThrow(/init\(1000 Hz\)/);
  });

  it('validates programs and names the bad field', () => {
    expect(() => validateProgram({ durationSec: 10, masterGain: 1, voices: [{ kind: 'sawtooth' as never, level: 1 }], events: [] })).toThrow(
      /voices\[0\]\.kind/,
    );
    expect(() =>
      validateProgram({ durationSec: 10, masterGain: 1, voices: [], events: [{ type: 'param', atSec: 1, voice: 3, param: 'level', value: 1 }] }),
    ).toThrow(ProgramError);
  });
});
