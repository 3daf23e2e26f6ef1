// IIR design (not hot, so it lives in TS): Butterworth as scipy.signal.butter(N, Wn, btype, fs=fs,
// output='sos') -- buttap, frequency pre-warp, lp2lp/lp2hp/lp2bp/lp2bs, bilinear, zpk2sos -- and
// scipy.signal.iirnotch. Also sosfilt_zi and sosfiltfilt's default padlen.
import { type Complex, add, c, div, mul, neg, prod, scale, sqrt, sub } from './complex.ts';
import { zpkToSos } from './zpk-to-sos.ts';
import { DspError, DspStatus } from './dsp-error.ts';
import { requireFrequency, requireInteger, requirePositive, requireSampleRate } from './validate.ts';

export type FilterType = 'lowpass' | 'highpass' | 'bandpass' | 'bandstop';

function bilinear(z: Complex[], p: Complex[], k: number): { z: Complex[]; p: Complex[]; k: number } {
  const fs2 = c(4); // 2 * fs with scipy's internal fs = 2
  const degree = p.length - z.length;
  const zz = z.map((v) => div(add(fs2, v), sub(fs2, v)));
  for (let i = 0; i < degree; i++) zz.push(c(-1));
  const pz = p.map((v) => div(add(fs2, v), sub(fs2, v)));
  const kz = k * div(prod(z.map((v) => sub(fs2, v))), prod(p.map((v) => sub(fs2, v)))).re;
  return { z: zz, p: pz, k: kz };
}

/** Butterworth filter as flattened second-order sections [b0 b1 b2 1 a1 a2] x nsec. */
export function designButterworth(order: number, cutoffHz: number | readonly [number, number], type: FilterType, sampleRateHz: number): Float64Array {
  requireInteger(order, 'order', 1, 8);
  const fs = requireSampleRate(sampleRateHz);
  const band = type === 'bandpass' || type === 'bandstop';
  if (!['lowpass', 'highpass', 'bandpass', 'bandstop'].includes(type)) {
    throw new DspError(DspStatus.param, 'type', `must be lowpass, highpass, bandpass or bandstop (got ${String(type)})`);
  }
  const edges = typeof cutoffHz === 'number' ? [cutoffHz] : [...cutoffHz];
  if (edges.length !== (band ? 2 : 1)) {
    throw new DspError(DspStatus.param, 'cutoffHz', band ? 'must be [lowHz, highHz] for a band filter' : 'must be one frequency for a low/high-pass');
  }
  edges.forEach((f, i) => requireFrequency(f, fs, edges.length > 1 ? `cutoffHz[${i}]` : 'cutoffHz'));
  if (band && !(edges[0]! < edges[1]!)) throw new DspError(DspStatus.param, 'cutoffHz', 'must have lowHz < highHz');
  const warped = edges.map((f) => 4 * Math.tan((Math.PI * ((2 * f) / fs)) / 2));
  // buttap: poles -exp(i pi m / (2N)), m = -N+1, -N+3, .., N-1
  let p: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const theta = (Math.PI * m) / (2 * order);
    p.push(c(-Math.cos(theta), -Math.sin(theta)));
  }
  let z: Complex[] = [];
  let k = 1;
  const degree = order;
  if (type === 'lowpass') {
    const wo = warped[0]!;
    p = p.map((v) => scale(v, wo));
    k = k * wo ** degree;
  } else if (type === 'highpass') {
    const wo = warped[0]!;
    k = k * div(c(1), prod(p.map(neg))).re;
    p = p.map((v) => div(c(wo), v));
    z = new Array(degree).fill(0).map(() => c(0));
  } else {
    const bw = warped[1]! - warped[0]!;
    const wo = Math.sqrt(warped[0]! * warped[1]!);
    const wo2 = c(wo * wo);
    if (type === 'bandpass') {
      const pl = p.map((v) => scale(scale(v, bw), 0.5));
      p = [...pl.map((v) => add(v, sqrt(sub(mul(v, v), wo2)))), ...pl.map((v) => sub(v, sqrt(sub(mul(v, v), wo2))))];
      z = new Array(degree).fill(0).map(() => c(0));
      k = k * bw ** degree;
    } else {
      k = k * div(c(1), prod(p.map(neg))).re;
      const ph = p.map((v) => div(c(bw / 2), v));
      p = [...ph.map((v) => add(v, sqrt(sub(mul(v, v), wo2)))), ...ph.map((v) => sub(v, sqrt(sub(mul(v, v), wo2))))];
      z = [...new Array(degree).fill(0).map(() => c(0, wo)), ...new Array(degree).fill(0).map(() => c(-0, -wo))];
    }
  }
  const d = bilinear(z, p, k);
  return zpkToSos(d.z, d.p, d.k);
}

/** Second-order notch at frequencyHz with quality factor Q, as scipy.signal.iirnotch (one section). */
export function designNotch(frequencyHz: number, quality: number, sampleRateHz: number): Float64Array {
  const fs = requireSampleRate(sampleRateHz);
  requireFrequency(frequencyHz, fs, 'frequencyHz');
  requirePositive(quality, 'quality');
  const w0 = (2 * frequencyHz) / fs;
  const bw = (w0 / quality) * Math.PI;
  const w0pi = w0 * Math.PI;
  const gb = 1 / Math.sqrt(2);
  const beta = (Math.sqrt(1 - gb ** 2) / gb) * Math.tan(bw / 2);
  const gain = 1 / (1 + beta);
  const cw = Math.cos(w0pi);
  return Float64Array.from([gain, gain * -2 * cw, gain, 1, -2 * gain * cw, 2 * gain - 1]);
}

/** Checks a flattened sos matrix and normalises a0 to 1 (returns a copy). */
export function requireSos(sos: ArrayLike<number>, argument = 'sos'): Float64Array {
  if (!sos || sos.length === 0 || sos.length % 6 !== 0) {
    throw new DspError(DspStatus.length, argument, `must hold 6 coefficients per section (got ${sos?.length ?? 0})`);
  }
  const out = Float64Array.from(sos);
  for (let s = 0; s < out.length / 6; s++) {
    const a0 = out[s * 6 + 3]!;
    if (!out.subarray(s * 6, s * 6 + 6).every(Number.isFinite) || a0 === 0) {
      throw new DspError(DspStatus.param, argument, `section ${s} has a non-finite coefficient or a0 = 0`);
    }
    for (let j = 0; j < 6; j++) out[s * 6 + j]! /= a0;
  }
  return out;
}

/** Steady-state initial conditions per section, as scipy.signal.sosfilt_zi (nsec x 2, flattened). */
export function getSosfiltZi(sos: Float64Array): Float64Array {
  const nsec = sos.length / 6;
  const zi = new Float64Array(nsec * 2);
  let gain = 1;
  for (let s = 0; s < nsec; s++) {
    const [b0, b1, b2, , a1, a2] = sos.subarray(s * 6, s * 6 + 6) as unknown as number[];
    // lfilter_zi: solve (I - companion(a).T) zi = b[1:] - a[1:] * b0
    const B0 = b1! - a1! * b0!;
    const B1 = b2! - a2! * b0!;
    const z0 = (B0 + B1) / (1 + a1! + a2!);
    zi[s * 2] = z0 * gain;
    zi[s * 2 + 1] = (B1 - a2! * z0) * gain;
    gain *= (b0! + b1! + b2!) / (1 + a1! + a2!);
  }
  return zi;
}

/** scipy.signal.sosfiltfilt's default padlen: 3 * (2 * nsec + 1 - min(#b2 == 0, #a2 == 0)). */
export function getDefaultPadlen(sos: Float64Array): number {
  const nsec = sos.length / 6;
  let zb = 0;
  let za = 0;
  for (let s = 0; s < nsec; s++) {
    if (sos[s * 6 + 2] === 0) zb++;
    if (sos[s * 6 + 5] === 0) za++;
  }
  return 3 * (2 * nsec + 1 - Math.min(zb, za));
}

/** Group delay of polynomial p0 + p1 z^-1 + p2 z^-2 at angle w (samples): Re(sum k p_k e^-jkw / sum p_k e^-jkw). */
function polynomialDelay(p0: number, p1: number, p2: number, w: number): { delay: number; magnitude: number } {
  const c1 = Math.cos(w);
  const s1 = Math.sin(w);
  const c2 = Math.cos(2 * w);
  const s2 = Math.sin(2 * w);
  // P = sum p_k e^{-jkw}; D = sum k p_k e^{-jkw}
  const pr = p0 + p1 * c1 + p2 * c2;
  const pi = -(p1 * s1 + p2 * s2);
  const dr = p1 * c1 + 2 * p2 * c2;
  const di = -(p1 * s1 + 2 * p2 * s2);
  const m2 = pr * pr + pi * pi;
  return { delay: (dr * pr + di * pi) / m2, magnitude: Math.sqrt(m2) };
}

/**
 * Group delay (seconds) of a causal SOS filter at frequencyHz: the sum over sections of
 * -d(phase)/d(omega), as scipy.signal.group_delay gives per section. A zero-phase (forward-backward)
 * use of the same filter delays nothing. At a zero of the filter on the unit circle (a notch's centre)
 * the phase jumps and the delay is undefined: a DspError says so.
 */
export function getGroupDelay(sosIn: ArrayLike<number>, frequencyHz: number, sampleRateHz: number): number {
  const sos = requireSos(sosIn);
  requireSampleRate(sampleRateHz);
  if (!(frequencyHz >= 0 && frequencyHz <= sampleRateHz / 2)) {
    throw new DspError(DspStatus.param, 'frequencyHz', `must be from 0 to Nyquist (${sampleRateHz / 2} Hz); got ${frequencyHz}`);
  }
  const w = (2 * Math.PI * frequencyHz) / sampleRateHz;
  let samples = 0;
  for (let s = 0; s < sos.length / 6; s++) {
    const [b0, b1, b2, a0, a1, a2] = sos.subarray(s * 6, s * 6 + 6) as unknown as number[];
    const numerator = polynomialDelay(b0!, b1!, b2!, w);
    const scale = Math.abs(b0!) + Math.abs(b1!) + Math.abs(b2!);
    if (numerator.magnitude <= 1e-9 * scale) {
      throw new DspError(DspStatus.param, 'frequencyHz', `${frequencyHz} Hz is a zero of section ${s}: the group delay is undefined there`);
    }
    samples += numerator.delay - polynomialDelay(a0!, a1!, a2!, w).delay;
  }
  return samples / sampleRateHz;
}
