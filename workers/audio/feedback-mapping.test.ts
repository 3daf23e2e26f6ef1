// Feedback mappings as data: validation that names the field, the curve and its clamps, the rate
// limit and smoothing of the runner, and the sentences the Listen screen shows.
import { describe, expect, test } from 'vitest';
import type { Program } from '../../dsp-wasm/src/jona/program.ts';
import { applyCurve, makeMappingRunner, MappingError, parseMappingSet, type FeedbackMapping } from './feedback-mapping.ts';
import { describeCondition, describeMapping } from './mapping-words.ts';

const program: Program = {
  durationSec: 600,
  masterGain: 0.8,
  voices: [
    { kind: 'pink', level: 0.2 },
    { kind: 'binaural', level: 0.6, carrierHz: 200, beatHz: 10 },
  ],
  events: [],
};
const followPeakAlpha: FeedbackMapping = {
  metric: { kind: 'peak-alpha' },
  target: { voice: 'beat', param: 'beatHz' },
  input: [8, 12],
  output: [8, 12],
  smoothingSec: 0,
  maxRatePerSec: 0.5,
};

describe('parseMappingSet', () => {
  test('accepts JSON text and names the bad field otherwise', () => {
    expect(parseMappingSet(JSON.stringify({ mappings: [followPeakAlpha] })).mappings).toEqual([followPeakAlpha]);
    const bad = (change: object) => () => parseMappingSet({ mappings: [{ ...followPeakAlpha, ...change }] });
    expect(bad({ input: [12, 8] })).toThrow(/^mapping\.mappings\[0\]\.input: input must rise: \[low, high\], got \[12,8\]$/);
    expect(bad({ metric: { kind: 'relative-power', band: 'alfa' } })).toThrow(/mapping\.mappings\[0\]\.metric\.band: /);
    expect(bad({ target: { voice: 'master', param: 'level' } })).toThrow(/mapping\.mappings\[0\]\.target: 'gain' is the master's parameter/);
    expect(bad({ output: [0, 20], target: { voice: 'noise', param: 'level' } })).toThrow(/mappings\[0\]\.output\[1\]: level must be 0\.\.1, got 20/);
    expect(bad({ shape: 'exp', output: [0, 12] })).toThrow(/an 'exp' curve needs both outputs above 0/);
    expect(bad({ smoothing: 2 })).toThrow(/mapping\.mappings\[0\]: .*smoothing/);
    expect(() => parseMappingSet('{"mappings": [')).toThrow(MappingError);
    expect(() => parseMappingSet('{"mappings": [')).toThrow(/^the mapping is not JSON/);
  });

  test('targets resolve against the program: beat and noise by kind, two mappings on one parameter refused', () => {
    const run = makeMappingRunner([followPeakAlpha, { ...followPeakAlpha, target: { voice: 'noise', param: 'level' }, output: [0.3, 0] }], program);
    expect(run.targets).toEqual([
      { voice: 1, param: 'beatHz' },
      { voice: 0, param: 'level' },
    ]);
    expect(() => makeMappingRunner([followPeakAlpha, { ...followPeakAlpha, target: { voice: 1, param: 'beatHz' } }], program)).toThrow(
      /mappings\[1\]\.target: voice 1 beatHz is already driven by mappings\[0\]/,
    );
    expect(() => makeMappingRunner([{ ...followPeakAlpha, target: { voice: 5, param: 'level' } }], program)).toThrow(
      /the program has no voice 5 \(2 voices: pink, binaural\)/,
    );
  });
});

describe('the runner', () => {
  test('the curve clamps at both ends; exp interpolates geometrically', () => {
    expect([6, 8, 10, 12, 14].map((x) => applyCurve(followPeakAlpha, x))).toEqual([8, 8, 10, 12, 12]);
    expect(applyCurve({ input: [0, 1], output: [0.3, 0.05] }, 0.5)).toBeCloseTo(0.175, 12);
    expect(applyCurve({ input: [0, 1], output: [100, 400], shape: 'exp' }, 0.5)).toBeCloseTo(200, 9);
  });

  test('starts from the program value and moves at most maxRatePerSec, as ramps over the interval', () => {
    const run = makeMappingRunner([followPeakAlpha], program);
    const values: number[] = [];
    for (let i = 0; i < 12; i++) {
      const [e] = run.update([12], 0.5, false);
      expect(e).toMatchObject({ type: 'param', voice: 1, param: 'beatHz', rampSec: 0.5 });
      values.push(e!.value);
    }
    // 10 Hz -> 12 Hz at 0.25 Hz per 0.5 s: eight steps, then it stays.
    expect(values).toEqual([10.25, 10.5, 10.75, 11, 11.25, 11.5, 11.75, 12, 12, 12, 12, 12]);
  });

  test('exponential smoothing with its time constant; unknown metric or a pause moves nothing', () => {
    const run = makeMappingRunner([{ ...followPeakAlpha, smoothingSec: 2, maxRatePerSec: 100 }], program);
    run.update([9], 0.5, false); // the first reading is taken as it is
    expect(run.states()[0]!.smoothed).toBe(9);
    run.update([11], 2, false); // one time constant: 63 % of the way
    expect(run.states()[0]!.smoothed).toBeCloseTo(9 + 2 * (1 - Math.exp(-1)), 12);
    const before = run.states()[0]!;
    expect(run.update([Number.NaN], 0.5, false)).toEqual([]);
    expect(run.update([12], 0.5, true)).toEqual([]);
    expect(run.states()[0]).toEqual(before);
  });
});

describe('in words', () => {
  test('mappings and conditions', () => {
    expect(describeMapping(followPeakAlpha)).toBe('Beat follows your peak alpha (8–12 Hz), at most 0.5 Hz/s');
    expect(
      describeMapping({ metric: { kind: 'score' }, target: { voice: 'noise', param: 'level' }, input: [0, 1], output: [0.3, 0.05], smoothingSec: 1 }),
    ).toBe('Noise bed goes down from 30 % to 5 % as your training score goes from 0 to 1, at most 20 %/s, smoothed over 1 s');
    expect(
      describeMapping({
        metric: { kind: 'alpha-asymmetry', left: 'AF7', right: 'AF8' },
        target: { voice: 0, param: 'carrierHz' },
        input: [-0.5, 0.5],
        output: [150, 300],
        shape: 'exp',
        maxRatePerSec: 5,
      }),
    ).toBe(
      'Carrier of voice 1 goes up from 150 Hz to 300 Hz as your frontal alpha asymmetry (AF8 vs AF7) goes from -0.5 to 0.5 (in even ratios), at most 5 Hz/s, smoothed over 2 s',
    );
    expect(describeCondition({ metric: { kind: 'relative-power', band: 'alpha' }, above: 0.3, forSec: 30 })).toBe(
      'your relative alpha stays above 0.3 for 30 s',
    );
    expect(describeCondition({ metric: { kind: 'ratio', numerator: ['delta', 'theta'], denominator: ['alpha', 'beta'] }, risesBy: 0.2 })).toBe(
      'your (delta+theta)/(alpha+beta) ratio rises by 0.2 from its baseline (first 10 s)',
    );
  });
});

test('an SBaGen program: the mapping starts where its first time line set the beat, and keeps which ear is higher', async () => {
  const { sbgToProgram } = await import('../../dsp-wasm/src/jona/sbagen-program.ts');
  const { program } = sbgToProgram('base: 200+10/40 pink/20\noff: -\nNOW base\n+00:10:00 off');
  expect(program.voices[0]).toMatchObject({ kind: 'binaural', beatHz: 0 }); // declared silent, set by the first line
  const run = makeMappingRunner([followPeakAlpha], program);
  expect(run.states()[0]).toMatchObject({ value: 10 });
  const [e] = run.update([12], 0.5, false);
  // '+' = left ear higher: the kernel's beat is -10 Hz, and the mapping moves it to -10.25 Hz.
  expect(e).toMatchObject({ voice: 0, param: 'beatHz', value: -10.25 });
});
