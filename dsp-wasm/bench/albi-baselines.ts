// Plain-JS baselines for the ALBI benchmarks, written the straightforward way a JS project would:
// Welch over fft.js (same SciPy semantics as ours) and a float64 biquad-cascade filtfilt.
import FFT from 'fft.js';

/** scipy.signal.welch (hann, constant detrend, density, mean) over fft.js's realTransform. */
export function welchFftJs(x: Float64Array, fs: number, nperseg: number): Float64Array {
  const fft = new FFT(nperseg);
  const out = fft.createComplexArray() as number[];
  const seg = new Float64Array(nperseg);
  const win = new Float64Array(nperseg);
  let sumW2 = 0;
  for (let i = 0; i < nperseg; i++) {
    win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / nperseg);
    sumW2 += win[i]! * win[i]!;
  }
  const scale = 1 / (fs * sumW2);
  const nfreq = nperseg / 2 + 1;
  const psd = new Float64Array(nfreq);
  const step = nperseg / 2;
  const nseg = Math.floor((x.length - step) / step);
  for (let s = 0; s < nseg; s++) {
    let mean = 0;
    for (let i = 0; i < nperseg; i++) mean += x[s * step + i]!;
    mean /= nperseg;
    for (let i = 0; i < nperseg; i++) seg[i] = (x[s * step + i]! - mean) * win[i]!;
    fft.realTransform(out, seg);
    for (let k = 0; k < nfreq; k++) {
      const p = (out[2 * k]! ** 2 + out[2 * k + 1]! ** 2) * scale;
      psd[k]! += k > 0 && k < nfreq - 1 ? 2 * p : p;
    }
  }
  for (let k = 0; k < nfreq; k++) psd[k]! /= nseg;
  return psd;
}

function cascade(sos: Float64Array, x: Float64Array, zi: Float64Array): void {
  const nsec = sos.length / 6;
  for (let s = 0; s < nsec; s++) {
    const b0 = sos[s * 6]!,
      b1 = sos[s * 6 + 1]!,
      b2 = sos[s * 6 + 2]!,
      a1 = sos[s * 6 + 4]!,
      a2 = sos[s * 6 + 5]!;
    let z0 = zi[s * 2]!,
      z1 = zi[s * 2 + 1]!;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const y = b0 * xi + z0;
      z0 = b1 * xi - a1 * y + z1;
      z1 = b2 * xi - a2 * y;
      x[i] = y;
    }
  }
}

/**
 * sosfiltfilt with odd padding and sosfilt_zi initial conditions, in plain JS float64, into `out`
 * (x.length samples; may be x). `work` (x.length + 2 * padlen samples) is the padded signal's
 * buffer, reused call after call as a careful JS caller would.
 */
export function sosfiltfiltJsInto(
  sos: Float64Array,
  zi0: Float64Array,
  x: Float64Array,
  padlen: number,
  work: Float64Array,
  out: Float64Array,
): Float64Array {
  const n = x.length;
  const ext = work.subarray(0, n + 2 * padlen);
  for (let i = 0; i < padlen; i++) {
    ext[i] = 2 * x[0]! - x[padlen - i]!;
    ext[padlen + n + i] = 2 * x[n - 1]! - x[n - 2 - i]!;
  }
  ext.set(x, padlen);
  const zi = zi0.map((v) => v * ext[0]!);
  cascade(sos, ext, zi);
  ext.reverse();
  const zb = zi0.map((v) => v * ext[0]!);
  cascade(sos, ext, zb);
  ext.reverse();
  out.set(ext.subarray(padlen, padlen + n));
  return out;
}

/** sosfiltfiltJsInto with a new work buffer and a new result. */
export function sosfiltfiltJs(sos: Float64Array, zi0: Float64Array, x: Float64Array, padlen: number): Float64Array {
  return sosfiltfiltJsInto(sos, zi0, x, padlen, new Float64Array(x.length + 2 * padlen), new Float64Array(x.length));
}
