// Window functions, written into caller memory as float64. They follow scipy.signal.windows:
// a "periodic" window of length n is the symmetric window of length n + 1 without its last point
// (the right choice for spectral analysis); "symmetric" is the filter-design form.
import { ERR_LENGTH, ERR_PARAM, OK } from '../common/status';

export const WINDOW_HANN: i32 = 0;
export const WINDOW_HAMMING: i32 = 1;
export const WINDOW_BLACKMAN: i32 = 2;
export const WINDOW_FLATTOP: i32 = 3;
export const WINDOW_BOXCAR: i32 = 4;

/** Generalised cosine window sum_k (-1)^k a_k cos(2 pi k i / (M - 1)), as scipy's general_cosine. */
function writeCosineSum(out: usize, n: i32, periodic: bool, a0: f64, a1: f64, a2: f64, a3: f64, a4: f64): void {
  const M = periodic ? n + 1 : n;
  if (M == 1) {
    store<f64>(out, 1.0);
    return;
  }
  // scipy: fac = linspace(-pi, pi, M); w = sum a_k cos(k * fac)
  const step = (2.0 * Math.PI) / <f64>(M - 1);
  for (let i = 0; i < n; i++) {
    const fac = -Math.PI + <f64>i * step;
    let w = a0 + a1 * Math.cos(fac);
    if (a2 != 0.0) w += a2 * Math.cos(2.0 * fac);
    if (a3 != 0.0) w += a3 * Math.cos(3.0 * fac);
    if (a4 != 0.0) w += a4 * Math.cos(4.0 * fac);
    store<f64>(out + (<usize>i << 3), w);
  }
}

/** Writes window `kind` (WINDOW_*) of length n at `out`. */
export function writeWindow(out: usize, n: i32, kind: i32, periodic: bool): i32 {
  if (n <= 0) return ERR_LENGTH;
  if (kind == WINDOW_HANN) writeCosineSum(out, n, periodic, 0.5, 0.5, 0, 0, 0);
  else if (kind == WINDOW_HAMMING) writeCosineSum(out, n, periodic, 0.54, 0.46, 0, 0, 0);
  else if (kind == WINDOW_BLACKMAN) writeCosineSum(out, n, periodic, 0.42, 0.5, 0.08, 0, 0);
  else if (kind == WINDOW_FLATTOP)
    writeCosineSum(out, n, periodic, 0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368);
  else if (kind == WINDOW_BOXCAR) {
    for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), 1.0);
  } else return ERR_PARAM;
  return OK;
}
