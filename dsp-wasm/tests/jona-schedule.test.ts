// JSON schedules: ramps land where and how they should in the rendered sound.
import { describe, expect, it } from 'vitest';
import { ProgramError, scheduleToProgram, type Schedule } from '../src/jona/index.ts';
import { findPeakHz, renderProgram } from './jona-helpers.ts';

const SR = 48000;
const base: Schedule = {
  durationSec: 4,
  fadeInSec: 0.5,
  fadeOutSec: 0.5,
  voices: [{ kind: 'tone', level: 0.5, carrierHz: 200 }],
  steps: [{ atSec: 1, rampSec: 2, curve: 'exp', set: [{ voice: 0, param: 'carrierHz', value: 800 }] }],
};

describe('scheduleToProgram', () => {
  it('exponential ramp: halfway through a 200->800 Hz ramp the tone is at 400 Hz (linear would be 500)', async () => {
    const { left } = await renderProgram(scheduleToProgram(base), 4 * SR);
    const mid = 2 * SR;
    const win = left.subarray(mid - 2400, mid + 2400); // 0.1 s around t = 2 s
    expect(Math.abs(findPeakHz(win, SR, 400, 30) - 400)).toBeLessThan(3);
    const linear = await renderProgram(scheduleToProgram({ ...base, steps: [{ ...base.steps[0]!, curve: 'linear' }] }), 4 * SR);
    expect(Math.abs(findPeakHz(linear.left.subarray(mid - 2400, mid + 2400), SR, 500, 30) - 500)).toBeLessThan(3);
  });

  it('fades in and out on the master gain', async () => {
    const { left } = await renderProgram(scheduleToProgram(base), 4 * SR);
    const peak = (a: number, b: number) => left.subarray(a * SR, b * SR).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak(0, 0.05)).toBeLessThan(0.06);
    expect(peak(0.7, 0.9)).toBeGreaterThan(0.45);
    expect(peak(3.97, 4)).toBeLessThan(0.05); // 6.5 ms smoothing + limiter delay behind the ramp
  });

  it('names the bad field of a schedule', () => {
    expect(() => scheduleToProgram({ ...base, steps: [{ atSec: 9 }] })).toThrow('schedule.steps[0].atSec must be within 0..durationSec, got 9');
    expect(() => scheduleToProgram({ ...base, steps: [{ atSec: 1, set: [{ voice: 0, param: 'pitch' as never, value: 1 }] }] })).toThrow(
      /steps\[0\]\.set\[0\]\.param 'pitch'/,
    );
    expect(() => scheduleToProgram({ ...base, steps: [{ atSec: 2 }, { atSec: 1 }] })).toThrow(ProgramError);
  });
});
