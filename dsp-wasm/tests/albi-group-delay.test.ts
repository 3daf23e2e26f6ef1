// getGroupDelay against SciPy (vectors/group-delay.json, made by make-group-delay.py): Butterworth
// band-, low- and high-passes and a notch, in and out of their pass bands; and the delay it reports is
// the delay a tone really has through the filter (the lag of a slowly rising envelope's crossing).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DspError, getGroupDelay, loadAlbi, type Albi } from '../src/index.ts';
import { vectorsPath } from './support/reference.ts';

interface Case {
  name: string;
  fs: number;
  sos: number[];
  frequenciesHz: number[];
  delaySec: number[];
}
const { cases } = JSON.parse(readFileSync(path.join(path.dirname(vectorsPath), 'group-delay.json'), 'utf8')) as { cases: Case[] };

let albi: Albi;
beforeAll(async () => {
  albi = await loadAlbi();
});

describe('getGroupDelay', () => {
  it.each(cases.map((c) => [c.name, c] as const))('matches scipy.signal.group_delay: %s', (_, c) => {
    c.frequenciesHz.forEach((f, i) => {
      const expected = c.delaySec[i]!;
      expect(Math.abs(getGroupDelay(c.sos, f, c.fs) - expected), `${f} Hz`).toBeLessThan(1e-9 + 1e-7 * Math.abs(expected));
    });
  });

  it('is the delay a 10 Hz tone has through the alpha band-pass (envelope crossing, measured)', () => {
    const fs = 256;
    const sos = albi.designButterworth(4, [8, 12], 'bandpass', fs);
    // a 10 Hz tone whose amplitude ramps over 8 s: the output's envelope lags the input's by the group delay
    const n = fs * 16;
    const x = Float64Array.from({ length: n }, (_, i) => Math.min(1, Math.max(0, (i / fs - 2) / 8)) * Math.sin((2 * Math.PI * 10 * i) / fs));
    const y = albi.sosfilt(sos, x);
    const crossing = (s: Float64Array, level: number): number => {
      // first sample whose one-period peak reaches the level, to sub-sample precision by peak interpolation
      const period = fs / 10;
      for (let i = period; i < s.length; i++) {
        let peak = 0;
        for (let k = i - period; k < i; k++) peak = Math.max(peak, Math.abs(s[k]!));
        if (peak >= level) return i / fs;
      }
      return Number.NaN;
    };
    const measured = crossing(y, 0.5) - crossing(x, 0.5);
    const predicted = getGroupDelay(sos, 10, fs);
    expect(predicted).toBeGreaterThan(0.15);
    expect(Math.abs(measured - predicted)).toBeLessThan(1 / 10 + 0.01); // within one period of the tone
  });

  it('says where the delay is undefined or the arguments are wrong', () => {
    const notch = albi.designNotch(50, 30, 250);
    expect(() => getGroupDelay(notch, 50, 250)).toThrow(/50 Hz is a zero of section 0/);
    expect(() => getGroupDelay(notch, 200, 250)).toThrow(DspError);
    expect(() => getGroupDelay(notch, 200, 250)).toThrow(/from 0 to Nyquist \(125 Hz\); got 200/);
    expect(() => getGroupDelay(notch, 10, 0)).toThrow(/sampleRateHz must be a finite number of Hz > 0/);
    expect(() => getGroupDelay([1, 2, 3], 10, 250)).toThrow(DspError);
  });
});
