// ALBI against SciPy-generated vectors (tests/vectors/scipy-vectors.json, made by make-vectors.py):
// butter designs for every order 1-8 and type, iirnotch, Welch options (median, linear detrend,
// spectrum scaling, flat-top + zero padding, shrunk and odd segments), spectrogram, sosfilt_zi,
// sosfiltfilt and sosfilt, linear detrend.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSosfiltZi, loadAlbi, type Albi, type FilterType, type WelchOptions } from '../src/index.ts';
import { maxRelErr, relRms, synthetic, vectorsPath } from './support/reference.ts';

interface Vectors {
  butter: Array<{ order: number; type: FilterType; cutoffHz: number | [number, number]; fs: number; sos: number[] }>;
  notch: Array<{ frequencyHz: number; quality: number; fs: number; b: number[]; a: number[] }>;
  welch: Array<{ name: string; n: number; options: WelchOptions; f: number[]; psd: number[] }>;
  spectrogram: { n: number; nperseg: number; noverlap: number; f: number[]; t: number[]; power: number[] };
  sosfiltfilt: { sos: number[]; zi: number[]; y: number[]; ycausal: number[] };
  detrendLinear1000: number[];
}
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8')) as Vectors;
const FS = 256;
const x = synthetic(3000, FS);

/** Coefficients that should be 0 come out as ~1e-17 in either implementation: compare with an absolute floor. */
function closeCoefficients(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1e-12));
  }
  return actual.length === expected.length ? worst : Infinity;
}

let albi: Albi;
beforeAll(async () => {
  albi = await loadAlbi();
});

describe('filter design matches SciPy', () => {
  it.each(vectors.butter.map((c) => [`${c.type} order ${c.order} ${JSON.stringify(c.cutoffHz)} Hz @ ${c.fs}`, c] as const))('butter %s', (_, c) => {
    const sos = albi.designButterworth(c.order, c.cutoffHz, c.type, c.fs);
    expect(closeCoefficients(sos, c.sos)).toBeLessThan(1e-8);
  });

  it.each(vectors.notch.map((c) => [`${c.frequencyHz} Hz Q ${c.quality} @ ${c.fs}`, c] as const))('iirnotch %s', (_, c) => {
    const sos = albi.designNotch(c.frequencyHz, c.quality, c.fs);
    expect(maxRelErr(sos, [...c.b, ...c.a])).toBeLessThan(1e-12);
  });

  it('sosfilt_zi matches', () => {
    expect(maxRelErr(getSosfiltZi(Float64Array.from(vectors.sosfiltfilt.sos)), vectors.sosfiltfilt.zi)).toBeLessThan(1e-10);
  });
});

describe('filtering matches SciPy', () => {
  it('sosfiltfilt (3rd-order band-pass, default odd padding)', () => {
    expect(relRms(albi.sosfiltfilt(vectors.sosfiltfilt.sos, x), vectors.sosfiltfilt.y)).toBeLessThan(1e-12);
  });
  it('sosfilt (zero initial state)', () => {
    expect(relRms(albi.sosfilt(vectors.sosfiltfilt.sos, x), vectors.sosfiltfilt.ycausal)).toBeLessThan(1e-12);
  });
  it('linear detrend', () => {
    expect(relRms(albi.detrend(x.subarray(0, 1000), 'linear'), vectors.detrendLinear1000)).toBeLessThan(1e-10);
  });
});

describe('Welch and spectrogram match SciPy', () => {
  it.each(vectors.welch.map((c) => [c.name, c] as const))('welch %s', (_, c) => {
    const s = albi.getPsdWelch(x.subarray(0, c.n), FS, c.options);
    expect(maxRelErr(s.frequenciesHz, c.f)).toBeLessThan(1e-12);
    expect(maxRelErr(s.psd, c.psd)).toBeLessThan(1e-7);
  });

  it('spectrogram (hann, 256/128)', () => {
    const c = vectors.spectrogram;
    const sg = albi.getSpectrogram(x, FS, { nperseg: c.nperseg, noverlap: c.noverlap });
    expect(Array.from(sg.timesSec)).toEqual(c.t);
    expect(maxRelErr(sg.frequenciesHz, c.f)).toBeLessThan(1e-12);
    expect(maxRelErr(sg.power, c.power)).toBeLessThan(1e-7);
  });
});
