// Helpers for JONA tests: render a Program to float arrays, measure peaks and spectra.
import FFT from 'fft.js';
import { loadJona, ProgramPlayer, type Program } from '../src/jona/index.ts';

export interface Rendered {
  left: Float32Array;
  right: Float32Array;
  latencyFrames: number;
  minLimiterGain: number;
}

/** Renders `frames` of `program` in blocks of `blockFrames` (or a list of block sizes, cycled). */
export async function renderProgram(
  program: Program,
  frames: number,
  options: { sampleRateHz?: number; seed?: number; blocks?: number[] } = {},
): Promise<Rendered> {
  const kernel = await loadJona();
  const player = new ProgramPlayer(kernel, program, options.sampleRateHz ?? 48000, options.seed ?? 1);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  const blocks = options.blocks ?? [4096];
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
  return { left, right, latencyFrames: kernel.latencyFrames(), minLimiterGain: minGain };
}

/** |DTFT| of a Hann-windowed signal at `hz` (normalised so a sine of amplitude A gives A/2). */
export function windowedMagnitude(x: Float32Array, sampleRateHz: number, hz: number): number {
  const n = x.length;
  const w = (2 * Math.PI * hz) / sampleRateHz;
  let re = 0;
  let im = 0;
  // Rotating phasor (double precision) instead of sin/cos per sample.
  let c = 1;
  let s = 0;
  const cw = Math.cos(w);
  const sw = Math.sin(w);
  for (let i = 0; i < n; i++) {
    const win = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    re += x[i]! * win * c;
    im -= x[i]! * win * s;
    const c2 = c * cw - s * sw;
    s = s * cw + c * sw;
    c = c2;
  }
  return Math.hypot(re, im) / (n / 2);
}

/** Frequency of the largest spectral peak within guess +- spanHz, refined by golden-section search to ~1e-4 Hz. */
export function findPeakHz(x: Float32Array, sampleRateHz: number, guessHz: number, spanHz = 2): number {
  let best = guessHz;
  let bestMag = -1;
  for (let f = guessHz - spanHz; f <= guessHz + spanHz; f += 0.05) {
    const m = windowedMagnitude(x, sampleRateHz, f);
    if (m > bestMag) {
      bestMag = m;
      best = f;
    }
  }
  let a = best - 0.05;
  let b = best + 0.05;
  const g = (Math.sqrt(5) - 1) / 2;
  while (b - a > 1e-4) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (windowedMagnitude(x, sampleRateHz, c) > windowedMagnitude(x, sampleRateHz, d)) b = d;
    else a = c;
  }
  return (a + b) / 2;
}

/** Welch PSD (Hann, 50% overlap): power per bin, bin k at k * sampleRateHz / size. */
export function welchPsd(x: Float32Array, size: number): Float64Array {
  const fft = new FFT(size);
  const out = fft.createComplexArray() as number[];
  const frame = new Array<number>(size);
  const psd = new Float64Array(size / 2 + 1);
  let count = 0;
  for (let start = 0; start + size <= x.length; start += size / 2) {
    for (let i = 0; i < size; i++) frame[i] = x[start + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size));
    fft.realTransform(out, frame);
    for (let k = 0; k <= size / 2; k++) psd[k] += out[2 * k]! ** 2 + out[2 * k + 1]! ** 2;
    count++;
  }
  for (let k = 0; k < psd.length; k++) psd[k] /= count;
  return psd;
}

/**
 * Slope in dB per octave of a PSD between loHz and hiHz: the PSD is averaged in 1/3-octave bands
 * (so every octave weighs the same) and a line is fitted to band level (dB) against log2(f).
 * Also returns the largest deviation of a band from that line.
 */
export function octaveSlope(
  psd: Float64Array,
  sampleRateHz: number,
  size: number,
  loHz: number,
  hiHz: number,
): { slopeDbPerOctave: number; maxDeviationDb: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let lo = loHz; lo * 2 ** (1 / 3) <= hiHz * 1.0001; lo *= 2 ** (1 / 3)) {
    const hi = lo * 2 ** (1 / 3);
    let sum = 0;
    let n = 0;
    for (let k = Math.ceil((lo * size) / sampleRateHz); k < (hi * size) / sampleRateHz; k++) {
      sum += psd[k]!;
      n++;
    }
    if (n === 0) continue;
    xs.push(Math.log2(Math.sqrt(lo * hi)));
    ys.push(10 * Math.log10(sum / n));
  }
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  const slope = num / den;
  let maxDev = 0;
  for (let i = 0; i < xs.length; i++) maxDev = Math.max(maxDev, Math.abs(ys[i]! - (my + slope * (xs[i]! - mx))));
  return { slopeDbPerOctave: slope, maxDeviationDb: maxDev };
}

/** 4x oversampled true peak (ITU-R BS.1770 style: 48-tap windowed-sinc interpolation). */
export function truePeak(x: Float32Array): number {
  const taps = 12; // per side
  let peak = 0;
  for (let i = 0; i < x.length; i++) {
    peak = Math.max(peak, Math.abs(x[i]!));
    for (const frac of [0.25, 0.5, 0.75]) {
      let acc = 0;
      for (let k = -taps + 1; k <= taps; k++) {
        const j = i + k;
        if (j < 0 || j >= x.length) continue;
        const t = k - frac;
        const sinc = Math.sin(Math.PI * t) / (Math.PI * t);
        const win = 0.5 + 0.5 * Math.cos((Math.PI * t) / taps);
        acc += x[j]! * sinc * win;
      }
      peak = Math.max(peak, Math.abs(acc));
    }
  }
  return peak;
}
