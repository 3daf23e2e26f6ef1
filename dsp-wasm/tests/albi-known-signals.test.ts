// Known signals through the built albi.wasm: FFT against a direct DFT, inverse(forward(x)) == x,
// Parseval, a 10 Hz sine is alpha, chunked sosfilt == one-shot, statistics and artifacts on
// constructed channels.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAlbi, type Albi } from '../src/index.ts';

let albi: Albi;
beforeAll(async () => {
  albi = await loadAlbi();
});

function noise(n: number, seed = 1): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648 - 0.5;
  }
  return out;
}

const sine = (n: number, fs: number, hz: number, amp = 1): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / fs));

describe('real FFT', () => {
  it.each([16, 32, 64, 128, 256, 512, 1024, 2048, 4096])('matches a direct DFT at n = %i', (n) => {
    const x = noise(n, n);
    const X = albi.fft(x);
    let worst = 0;
    for (let k = 0; k <= n / 2; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        re += x[j]! * Math.cos((-2 * Math.PI * k * j) / n);
        im += x[j]! * Math.sin((-2 * Math.PI * k * j) / n);
      }
      worst = Math.max(worst, Math.abs(re - X[2 * k]!), Math.abs(im - X[2 * k + 1]!));
    }
    expect(worst).toBeLessThan(1e-11 * n);
  });

  it.each([16, 256, 4096, 65536])('ifft(fft(x)) == x at n = %i (float64 and float32)', (n) => {
    const x = noise(n, 7);
    const back = albi.ifft(albi.fft(x));
    expect(Math.max(...back.map((v, i) => Math.abs(v - x[i]!)))).toBeLessThan(1e-14);
    const x32 = Float32Array.from(x);
    const back32 = albi.ifft(albi.fft(x32));
    expect(Math.max(...back32.map((v, i) => Math.abs(v - x32[i]!)))).toBeLessThan(2e-6);
  });

  it('Parseval: sum x^2 == (|X0|^2 + 2 sum |Xk|^2 + |Xn/2|^2) / n', () => {
    const n = 1024;
    const x = noise(n, 3);
    const X = albi.fft(x);
    const energy = x.reduce((s, v) => s + v * v, 0);
    let spec = 0;
    for (let k = 0; k <= n / 2; k++) spec += (k === 0 || k === n / 2 ? 1 : 2) * (X[2 * k]! ** 2 + X[2 * k + 1]! ** 2);
    expect(Math.abs(spec / n - energy) / energy).toBeLessThan(1e-13);
  });

  it.each([16, 32, 64, 256, 4096, 65536])('float32 FFT agrees with float64 to single precision at n = %i', (n) => {
    const x = noise(n, 5);
    const a = albi.fft(x);
    const b = albi.fft(Float32Array.from(x));
    const scale = Math.max(...a.map(Math.abs));
    expect(Math.max(...b.map((v, i) => Math.abs(v - a[i]!))) / scale).toBeLessThan(1e-5);
  });
});

/** scipy.signal.welch (mean average, one-sided) written out with a direct DFT, as an independent check. */
function naiveWelch(x: Float64Array, fs: number, win: Float64Array, noverlap: number, detrend: boolean): Float64Array {
  const n = win.length;
  const step = n - noverlap;
  const nseg = Math.floor((x.length - noverlap) / step);
  const nfreq = n / 2 + 1;
  const psd = new Float64Array(nfreq);
  const scale = 1 / (fs * win.reduce((a, w) => a + w * w, 0));
  for (let s = 0; s < nseg; s++) {
    const seg = x.subarray(s * step, s * step + n);
    const mean = detrend ? seg.reduce((a, v) => a + v, 0) / n : 0;
    for (let k = 0; k < nfreq; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        const v = (seg[j]! - mean) * win[j]!;
        re += v * Math.cos((2 * Math.PI * k * j) / n);
        im -= v * Math.sin((2 * Math.PI * k * j) / n);
      }
      psd[k]! += ((re * re + im * im) * scale * (k > 0 && k < nfreq - 1 ? 2 : 1)) / nseg;
    }
  }
  return psd;
}

describe('spectral', () => {
  // even/odd segment counts, divisible and not divisible overlap, with and without the mean removal:
  // the two-segments-per-vector path and the single-segment path against a direct DFT
  it.each([
    [2560, 128, true],
    [2560 + 128, 128, true],
    [2600, 100, true],
    [2600, 100, false],
    [2560, 0, false],
    [2700, 192, true],
  ])('Welch (hamming, nperseg 256) of %i samples, noverlap %i, constant detrend %s matches a direct DFT', (len, noverlap, detrend) => {
    const x = noise(len, 3).map((v, i) => v + 5 + Math.sin(i / 7));
    const win = albi.getWindow('hamming', 256);
    const ours = albi.getPsdWelch(x, 256, { nperseg: 256, noverlap, window: 'hamming', detrend: detrend ? 'constant' : false }).psd;
    const ref = naiveWelch(x, 256, win, noverlap, detrend);
    const worst = Math.max(...ours.map((v, k) => Math.abs(v - ref[k]!) / Math.max(ref[k]!, 1e-12)));
    expect(worst).toBeLessThan(1e-9);
  });

  it('a 10 Hz sine is alpha, peak alpha 10 Hz', () => {
    const fs = 256;
    const jitter = noise(fs * 30);
    const x = sine(fs * 30, fs, 10, 20).map((v, i) => v + jitter[i]! * 0.5);
    const result = albi.analyzeChannels({ O1: x }, fs);
    const ch = result.channels.O1!;
    expect(ch.peakAlphaHz).toBe(10);
    expect(ch.bands!.relative.alpha).toBeGreaterThan(0.95);
    const rel = Object.values(ch.bands!.relative);
    expect(Math.max(...rel)).toBe(ch.bands!.relative.alpha);
  });

  it('band powers of a sine carry its power (A^2 / 2)', () => {
    const fs = 250;
    const spectrum = albi.getPsdWelch(sine(fs * 60, fs, 20, 4), fs);
    const { absolute } = albi.getBandPowers(spectrum);
    expect(absolute.beta).toBeGreaterThan(8 * 0.99);
    expect(absolute.beta).toBeLessThan(8 * 1.01);
  });

  it('spectral edge and entropy behave: a pure tone has low entropy, noise high', () => {
    const fs = 256;
    const tone = albi.getPsdWelch(sine(fs * 20, fs, 12), fs);
    const white = albi.getPsdWelch(noise(fs * 20), fs);
    expect(albi.getSpectralEntropy(tone)).toBeLessThan(0.3);
    expect(albi.getSpectralEntropy(white)).toBeGreaterThan(0.9);
    // half the power is reached at the 12 Hz bin or the next one (0.5 Hz bins, trapezoid)
    expect(albi.getSpectralEdge(tone, 0.5)).toBeGreaterThanOrEqual(12);
    expect(albi.getSpectralEdge(tone, 0.5)).toBeLessThanOrEqual(12.5);
    expect(albi.getSpectralEdge(white, 0.95)).toBeGreaterThan(40);
  });
});

describe('filters', () => {
  it('chunked sosfilt equals one-shot bit for bit', () => {
    const sos = albi.designButterworth(4, [1, 40], 'bandpass', 250);
    const x = noise(5000, 11);
    const whole = albi.sosfilt(sos, x);
    const state = albi.createSosState(sos);
    const parts: number[] = [];
    for (const [a, b] of [
      [0, 1],
      [1, 333],
      [333, 1000],
      [1000, 4999],
      [4999, 5000],
    ] as const) {
      parts.push(...albi.sosfilt(sos, x.subarray(a, b), state));
    }
    expect(Float64Array.from(parts)).toEqual(whole);
  });

  it('sosfiltfiltChannels (two channels per SIMD vector) equals per-channel sosfiltfilt bit for bit', () => {
    const sos = [...albi.designButterworth(4, [1, 40], 'bandpass', 160), ...albi.designNotch(60, 30, 160)];
    const channels = [noise(3000, 1), noise(3000, 2), noise(3000, 3)];
    const together = albi.sosfiltfiltChannels(sos, channels);
    expect(together.length).toBe(3);
    channels.forEach((x, i) => expect(together[i]).toEqual(albi.sosfiltfilt(sos, x)));
    expect(() => albi.sosfiltfiltChannels(sos, [noise(3000, 1), noise(2000, 2)])).toThrow(/channels\[1\] has 2000 samples/);
  });

  it('sosfiltfiltChannels names the channel and sample of a NaN/Infinity (the kernel finds it without a scan)', () => {
    const sos = albi.designButterworth(4, [1, 40], 'bandpass', 250);
    const channels = [noise(3000, 1), noise(3000, 2), noise(3000, 3), noise(3000, 4)];
    for (const [ch, at, value, shown] of [
      [3, 2999, NaN, 'NaN'],
      [2, 0, Infinity, 'Infinity'],
      [1, 1500, -Infinity, '-Infinity'],
    ] as const) {
      const bad = channels.map((x) => x.slice());
      bad[ch]![at] = value;
      expect(() => albi.sosfiltfiltChannels(sos, bad)).toThrow(`channels[${ch}][${at}] is ${shown}`);
    }
    // finite but so large that the filter overflows: an error, never an Infinity in the output
    const lowpass = albi.designButterworth(4, 10, 'lowpass', 250);
    const huge = noise(3000, 1).map((v) => 1e308 + v * 1e307);
    expect(() => albi.sosfiltfiltChannels(lowpass, [noise(3000, 2), huge])).toThrow(/channels\[0\.\.1\] overflowed/);
    expect(() => albi.sosfiltfilt(lowpass, huge)).toThrow(/signal overflowed/);
  });

  it('band-pass keeps in-band and removes out-of-band sines', () => {
    const fs = 500;
    const inBand = sine(fs * 10, fs, 10);
    const outOfBand = sine(fs * 10, fs, 100);
    const out = albi.performBandpass(
      inBand.map((v, i) => v + outOfBand[i]!),
      fs,
      5,
      20,
    );
    const mid = out.subarray(fs, fs * 9);
    const err = Math.max(...mid.map((v, i) => Math.abs(v - inBand[fs + i]!)));
    expect(err).toBeLessThan(0.01);
  });

  it('decimate by 4 keeps a 5 Hz sine and its rate', () => {
    const fs = 400;
    const x = sine(fs * 10, fs, 5);
    const y = albi.decimate(x, 4);
    expect(y.length).toBe(1000);
    const expected = sine(1000, 100, 5);
    const mid = y.subarray(100, 900);
    expect(Math.max(...mid.map((v, i) => Math.abs(v - expected[100 + i]!)))).toBeLessThan(1e-3);
  });
});

describe('statistics and artifacts', () => {
  it('median, MAD and robust outliers', () => {
    const x = Float64Array.from([1, 2, 3, 4, 100, 5, 6, 7, 8, -90]);
    const s = albi.getStatistics(x);
    expect(s.median).toBe(4.5);
    expect(s.mad).toBe(2.5);
    expect(Array.from(s.outlierIndices)).toEqual([4, 9]);
    expect(s.outlierCount).toBe(2);
  });

  it('finds a flat line, a jump, an amplitude burst and 60 Hz line noise on a clean channel', () => {
    const fs = 250;
    const n = fs * 40;
    const base = noise(n, 9).map((v, i) => v * 10 + 15 * Math.sin((2 * Math.PI * 10 * i) / fs));
    const flat = base.slice();
    flat.fill(3, fs * 5, fs * 8);
    const jump = base.slice();
    for (let i = fs * 20; i < n; i++) jump[i]! += 200;
    const burst = base.slice();
    for (let i = fs * 30; i < fs * 31; i++) burst[i]! += 300 * Math.sin((2 * Math.PI * 3 * i) / fs);
    const mains = base.map((v, i) => v + 30 * Math.sin((2 * Math.PI * 60 * i) / fs));
    const r = albi.analyzeChannels({ clean: base, flat, jump, burst, mains }, fs);
    const kinds = (ch: string) => new Set(r.anomalies.filter((a) => a.channel === ch).map((a) => a.kind));
    expect(kinds('clean').size).toBe(0);
    expect(kinds('flat').has('flatline')).toBe(true);
    const flatRun = r.anomalies.find((a) => a.channel === 'flat' && a.kind === 'flatline')!;
    expect([flatRun.startSample, flatRun.endSample]).toEqual([fs * 5, fs * 8]);
    expect(kinds('jump').has('jump')).toBe(true);
    expect(kinds('burst').has('amplitude')).toBe(true);
    expect(kinds('mains').has('line-noise')).toBe(true);
    expect(r.channels.clean!.quality.score).toBe(1);
    for (const ch of ['flat', 'jump', 'burst', 'mains']) {
      expect(r.channels[ch]!.quality.score).toBeLessThan(1);
      expect(r.channels[ch]!.quality.reasons.length).toBeGreaterThan(0);
    }
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.confidence).toBeLessThan(1);
  });

  it('railed samples near known ADC limits, blinks on a frontal channel, muscle bursts', () => {
    const fs = 250;
    const n = fs * 30;
    const base = noise(n, 4).map((v) => v * 10);
    const railed = base.slice();
    railed.fill(187500, fs * 2, fs * 3);
    const fp1 = base.slice();
    for (const t of [5, 12, 20]) for (let i = 0; i < fs * 0.3; i++) fp1[t * fs + i]! += 150 * Math.sin((Math.PI * i) / (fs * 0.3));
    const emg = base.slice();
    for (let i = fs * 10; i < fs * 16; i++) emg[i]! += 20 * Math.sin((2 * Math.PI * 37 * i) / fs) + 15 * Math.sin((2 * Math.PI * 41 * i) / fs);
    const r = albi.analyzeChannels(
      [
        { label: 'Cz', samples: railed },
        { label: 'Fp1', samples: fp1 },
        { label: 'T7', samples: emg },
      ],
      fs,
      { adcLimits: [-187500, 187500] },
    );
    expect(r.anomalies.some((a) => a.channel === 'Cz' && a.kind === 'railed')).toBe(true);
    expect(r.anomalies.filter((a) => a.channel === 'Fp1' && a.kind === 'blink').length).toBe(3);
    const muscle = r.anomalies.filter((a) => a.channel === 'T7' && a.kind === 'muscle');
    expect(muscle.length).toBe(1);
    expect(muscle[0]!.startSample).toBeGreaterThanOrEqual(fs * 9);
    expect(muscle[0]!.endSample).toBeLessThanOrEqual(fs * 17);
    // muscle: false (the neurofeedback loop, which finds jaw EMG itself) skips only the muscle search.
    const lean = albi.analyzeChannels(
      [
        { label: 'Cz', samples: railed },
        { label: 'Fp1', samples: fp1 },
        { label: 'T7', samples: emg },
      ],
      fs,
      { adcLimits: [-187500, 187500], muscle: false },
    );
    expect(lean.anomalies.filter((a) => a.kind === 'muscle')).toEqual([]);
    expect(lean.anomalies).toEqual(r.anomalies.filter((a) => a.kind !== 'muscle'));
    expect(lean.channels.T7!.bands).toEqual(r.channels.T7!.bands);
  });

  it('a 1 Hz recording gets statistics only, with the reason', () => {
    const r = albi.analyzeChannels({ TP9: noise(60).map((v) => 800 + v) }, 1);
    expect(r.skipped).toMatch(/Nyquist/);
    expect(r.channels.TP9!.bands).toBeUndefined();
    expect(r.channels.TP9!.statistics.std).toBeGreaterThan(0);
  });

  it('a short signal gets statistics only, and Welch shrinks the segment like SciPy', () => {
    const r = albi.analyzeChannels({ Cz: noise(100) }, 256);
    expect(r.skipped).toMatch(/under 1 s/);
    expect(albi.getPsdWelch(noise(100), 256).psd.length).toBe(51);
  });
});
