// Second-order-section IIR filtering (float64), transposed direct form II exactly as scipy's sosfilt:
//   y = b0 x + z0;  z0 = b1 x - a1 y + z1;  z1 = b2 x - a2 y
// sos: nsec rows of [b0, b1, b2, a0 = 1, a1, a2]; zi: nsec rows of [z0, z1], updated in place so a
// stream filtered chunk by chunk equals the one-shot result bit for bit.
import { ERR_LENGTH, ERR_NONFINITE, ERR_PARAM, OK } from '../common/status';
import { Scratch } from '../common/alloc';
import { findNonFinite } from '../stats/stats';

const extBuf = new Scratch();
const ziBuf = new Scratch();

/** Filters x[0..n) in place through every section, updating zi. */
function runSections(sos: usize, nsec: i32, x: usize, n: i32, zi: usize, stride: i32): void {
  const bytes = <usize>n * <usize>stride << 3;
  for (let s = 0; s < nsec; s++) {
    const c = sos + (<usize>(s * 6) << 3);
    const b0 = load<f64>(c), b1 = load<f64>(c, 8), b2 = load<f64>(c, 16);
    const a1 = load<f64>(c, 32), a2 = load<f64>(c, 40);
    let z0 = load<f64>(zi + (<usize>s << 4));
    let z1 = load<f64>(zi + (<usize>s << 4), 8);
    const step = <usize>stride << 3;
    for (let p = x, end = x + bytes; p < end; p += step) {
      const xi = load<f64>(p);
      const y = b0 * xi + z0;
      z0 = b1 * xi - a1 * y + z1;
      z1 = b2 * xi - a2 * y;
      store<f64>(p, y);
    }
    store<f64>(zi + (<usize>s << 4), z0);
    store<f64>(zi + (<usize>s << 4), z1, 8);
  }
}

/** Causal filtering of x[0..n) in place, with state zi (nsec x 2) carried across calls. */
export function sosfilt(sos: usize, nsec: i32, x: usize, n: i32, zi: usize): i32 {
  if (nsec <= 0) return ERR_PARAM;
  if (n < 0) return ERR_LENGTH;
  if (findNonFinite(x, n) >= 0) return ERR_NONFINITE;
  runSections(sos, nsec, x, n, zi, 1);
  return OK;
}

/**
 * Zero-phase filtering as scipy.signal.sosfiltfilt(sos, x, padtype='odd', padlen): odd extension by
 * padlen samples on both sides, forward pass from zi0 * ext[0], backward pass from zi0 * y[last].
 * zi0 = sosfilt_zi(sos) (nsec x 2, from the caller). Needs n > padlen. Result in out[0..n).
 */
export function sosfiltfilt(sos: usize, nsec: i32, x: usize, n: i32, padlen: i32, zi0: usize, out: usize): i32 {
  if (nsec <= 0 || padlen < 0) return ERR_PARAM;
  if (n <= padlen || n < 1) return ERR_LENGTH;
  if (findNonFinite(x, n) >= 0) return ERR_NONFINITE;
  const total = n + 2 * padlen;
  const ext = extBuf.ensure(<usize>total << 3);
  const zi = ziBuf.ensure(<usize>nsec << 4);
  const first = load<f64>(x);
  const last = load<f64>(x + (<usize>(n - 1) << 3));
  // [2 x0 - x[padlen..1]] [x] [2 x_last - x[n-2 .. n-1-padlen]]
  for (let i = 0; i < padlen; i++) {
    store<f64>(ext + (<usize>i << 3), 2.0 * first - load<f64>(x + (<usize>(padlen - i) << 3)));
    store<f64>(ext + (<usize>(padlen + n + i) << 3), 2.0 * last - load<f64>(x + (<usize>(n - 2 - i) << 3)));
  }
  memory.copy(ext + (<usize>padlen << 3), x, <usize>n << 3);
  const e0 = load<f64>(ext);
  for (let i = 0; i < nsec * 2; i++) store<f64>(zi + (<usize>i << 3), load<f64>(zi0 + (<usize>i << 3)) * e0);
  runSections(sos, nsec, ext, total, zi, 1);
  reverse(ext, total);
  const y0 = load<f64>(ext);
  for (let i = 0; i < nsec * 2; i++) store<f64>(zi + (<usize>i << 3), load<f64>(zi0 + (<usize>i << 3)) * y0);
  runSections(sos, nsec, ext, total, zi, 1);
  // out = reverse(ext)[padlen .. padlen + n)
  for (let i = 0; i < n; i++) {
    store<f64>(out + (<usize>i << 3), load<f64>(ext + (<usize>(total - 1 - padlen - i) << 3)));
  }
  return OK;
}

function reverse(p: usize, n: i32): void {
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    const a = load<f64>(p + (<usize>i << 3));
    store<f64>(p + (<usize>i << 3), load<f64>(p + (<usize>j << 3)));
    store<f64>(p + (<usize>j << 3), a);
  }
}

/** out[i] = x[i * factor] for i < ceil(n / factor): the sample pick of scipy.signal.decimate. */
export function pickEvery(x: usize, n: i32, factor: i32, out: usize): i32 {
  if (factor < 1) return ERR_PARAM;
  if (n <= 0) return ERR_LENGTH;
  let j = 0;
  for (let i = 0; i < n; i += factor) {
    store<f64>(out + (<usize>j << 3), load<f64>(x + (<usize>i << 3)));
    j++;
  }
  return j;
}
