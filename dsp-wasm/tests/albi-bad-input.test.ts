// Bad input never crashes and never yields a silent wrong number: every argument class gets a
// DspError that names the argument and says what was wrong, and the instance keeps working after.
import { beforeAll, describe, expect, it } from 'vitest';
import { DspError, DspStatus, loadAlbi, type Albi } from '../src/index.ts';

let albi: Albi;
beforeAll(async () => {
  albi = await loadAlbi();
});

const good = Float64Array.from({ length: 2560 }, (_, i) => Math.sin(i / 5));

function expectDspError(fn: () => unknown, argument: string, code: number, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a DspError for ${argument}`).toBeInstanceOf(DspError);
  const e = caught as DspError;
  expect(e.argument).toBe(argument);
  expect(e.code).toBe(code);
  expect(e.message).toMatch(message);
  expect(e.message.startsWith(argument)).toBe(true);
}

describe('bad input', () => {
  it('NaN and Infinity in samples, with the index', () => {
    const withNaN = good.slice();
    withNaN[17] = NaN;
    expectDspError(() => albi.getPsdWelch(withNaN, 256), 'signal', DspStatus.nonFinite, /\[17\] is NaN/);
    const withInf = good.slice();
    withInf[3] = -Infinity;
    expectDspError(
      () => albi.sosfiltfilt(albi.designButterworth(2, 10, 'lowpass', 256), withInf),
      'signal',
      DspStatus.nonFinite,
      /\[3\] is -Infinity/,
    );
    expectDspError(() => albi.getStatistics([1, 2, Infinity]), 'signal', DspStatus.nonFinite, /\[2\] is Infinity/);
    expectDspError(() => albi.analyzeChannels({ Fp1: good, Fp2: withNaN }, 256), 'channels.Fp2', DspStatus.nonFinite, /\[17\] is NaN/);
    expectDspError(() => albi.fft(Float64Array.from({ length: 16 }, (_, i) => (i === 4 ? NaN : i))), 'signal', DspStatus.nonFinite, /\[4\]/);
  });

  it('Welch finds NaN/Infinity anywhere: inside segments (from their sums), after the last segment, in every option path', () => {
    // 2660 samples at 256 Hz: segments of 512 every 256 cover [0, 2560); 2560..2659 are in no segment
    const x = Float64Array.from({ length: 2660 }, (_, i) => Math.sin(i / 5));
    for (const [at, value, shown] of [
      [0, NaN, 'NaN'],
      [1300, Infinity, 'Infinity'],
      [2559, -Infinity, '-Infinity'],
      [2659, NaN, 'NaN'],
    ] as const) {
      const bad = x.slice();
      bad[at] = value;
      const message = new RegExp(`\\[${at}\\] is ${shown}`);
      expectDspError(() => albi.getPsdWelch(bad, 256), 'signal', DspStatus.nonFinite, message);
      expectDspError(() => albi.getPsdWelch(bad, 256, { noverlap: 100 }), 'signal', DspStatus.nonFinite, message);
      expectDspError(() => albi.getPsdWelch(bad, 256, { detrend: 'linear', average: 'median' }), 'signal', DspStatus.nonFinite, message);
      expectDspError(() => albi.getPsdWelch(bad, 256, { nfft: 1024 }), 'signal', DspStatus.nonFinite, message);
    }
    // +Infinity and -Infinity in one segment sum to NaN: still found
    const both = x.slice();
    both[600] = Infinity;
    both[601] = -Infinity;
    expectDspError(() => albi.getPsdWelch(both, 256), 'signal', DspStatus.nonFinite, /\[600\] is Infinity/);
  });

  it('empty and too-short signals', () => {
    expectDspError(() => albi.getPsdWelch(new Float64Array(0), 256), 'signal', DspStatus.length, /empty/);
    expectDspError(() => albi.getPsdWelch([1], 256), 'signal', DspStatus.length, /at least 2/);
    expectDspError(() => albi.getStatistics([]), 'signal', DspStatus.length, /empty/);
    expectDspError(
      () => albi.sosfiltfilt(albi.designButterworth(4, [1, 40], 'bandpass', 256), good.subarray(0, 20)),
      'signal',
      DspStatus.length,
      /padlen = 27/,
    );
    expectDspError(() => albi.analyzeChannels({}, 256), 'channels', DspStatus.length, /empty/);
    expectDspError(() => albi.analyzeChannels({ Cz: [] }, 256), 'channels.Cz', DspStatus.length, /empty/);
  });

  it('FFT sizes that are not a power of two in 16..65536', () => {
    expectDspError(() => albi.fft(new Float64Array(100)), 'signal', DspStatus.size, /power of two/);
    expectDspError(() => albi.fft(new Float32Array(8)), 'signal', DspStatus.size, /power of two/);
    expectDspError(() => albi.fft(new Float64Array(131072)), 'signal', DspStatus.size, /power of two/);
    expectDspError(() => albi.ifft(new Float64Array(20)), 'spectrum', DspStatus.size, /power of two/);
  });

  it('sample rate <= 0 or not finite', () => {
    for (const fs of [0, -256, NaN, Infinity]) {
      expectDspError(() => albi.getPsdWelch(good, fs), 'sampleRateHz', DspStatus.param, /> 0/);
      expectDspError(() => albi.analyzeChannels({ Cz: good }, fs), 'sampleRateHz', DspStatus.param, /> 0/);
      expectDspError(() => albi.designButterworth(4, 10, 'lowpass', fs), 'sampleRateHz', DspStatus.param, /> 0/);
    }
  });

  it('bands and cut-offs beyond Nyquist', () => {
    const spectrum = albi.getPsdWelch(good, 64);
    expectDspError(() => albi.getBandPowers(spectrum), 'totalBandHz', DspStatus.range, /Nyquist frequency 32 Hz/);
    expectDspError(() => albi.getBandPowers(spectrum, { gamma: [30, 45] }, [0.5, 30]), 'bands.gamma', DspStatus.range, /Nyquist/);
    expectDspError(() => albi.getBandPowers(spectrum, { odd: [10, 5] }, [0.5, 30]), 'bands.odd', DspStatus.param, /lowHz <= highHz/);
    expectDspError(() => albi.getPeakFrequency(spectrum, 8, 40), 'band', DspStatus.range, /Nyquist/);
    expectDspError(() => albi.performLowpass(good, 64, 40), 'cutoffHz', DspStatus.range, /Nyquist frequency 32 Hz/);
    expectDspError(() => albi.designButterworth(4, [1, 200], 'bandpass', 250), 'cutoffHz[1]', DspStatus.range, /Nyquist/);
    expectDspError(() => albi.designNotch(60, 30, 100), 'frequencyHz', DspStatus.range, /Nyquist/);
  });

  it('mismatched lengths and shapes', () => {
    expectDspError(() => albi.analyzeChannels({ Fp1: good, Fp2: good.subarray(0, 100) }, 256), 'channels.Fp2', DspStatus.length, /same length/);
    expectDspError(
      () => albi.getBandPowers({ frequenciesHz: new Float64Array(10), psd: new Float64Array(9) }),
      'spectrum',
      DspStatus.length,
      /same length/,
    );
    const sos = albi.designButterworth(4, 10, 'lowpass', 256);
    expectDspError(() => albi.sosfilt(sos, good, { zi: new Float64Array(3) }), 'state', DspStatus.length, /4 values for 2 sections/);
    expectDspError(() => albi.sosfilt(sos.subarray(0, 5), good), 'sos', DspStatus.length, /6 coefficients/);
    expectDspError(
      () =>
        albi.analyzeChannels(
          [
            { label: 'A', samples: good },
            { label: 'A', samples: good },
          ],
          256,
        ),
      'channels.A',
      DspStatus.param,
      /twice/,
    );
  });

  it('parameters out of range', () => {
    expectDspError(() => albi.getPsdWelch(good, 256, { noverlap: 512 }), 'options.noverlap', DspStatus.param, /less than the segment/);
    expectDspError(() => albi.getPsdWelch(good, 256, { nperseg: 0 }), 'options.nperseg', DspStatus.param, /integer/);
    expectDspError(() => albi.getPsdWelch(good, 256, { nperseg: 256, nfft: 100 }), 'options.nfft', DspStatus.param, /integer in 256/);
    expectDspError(() => albi.designButterworth(9, 10, 'lowpass', 256), 'order', DspStatus.param, /1\.\.8/);
    expectDspError(() => albi.designButterworth(4, [20, 10], 'bandpass', 256), 'cutoffHz', DspStatus.param, /lowHz < highHz/);
    expectDspError(() => albi.decimate(good, 0), 'factor', DspStatus.param, /integer/);
    expectDspError(() => albi.getStatistics(good, { outlierThreshold: -1 }), 'options.outlierThreshold', DspStatus.param, /> 0/);
  });

  it('the instance keeps working after errors', () => {
    expect(() => albi.getPsdWelch([NaN, 1, 2], 256)).toThrow(DspError);
    const s = albi.getStatistics([1, 2, 3]);
    expect(s.mean).toBe(2);
  });
});
