// Second-order-section IIR filtering (float64), transposed direct form II exactly as scipy's sosfilt:
//   y = b0 x + z0;  z0 = b1 x - a1 y + z1;  z1 = b2 x - a2 y
// sos: nsec rows of [b0, b1, b2, a0 = 1, a1, a2]; zi: nsec rows of [z0, z1], updated in place so a
// stream filtered chunk by chunk equals the one-shot result bit for bit.
import { ERR_LENGTH, ERR_NONFINITE, ERR_PARAM, OK } from '../common/status';
import { Scratch } from '../common/alloc';
import { findNonFinite } from '../stats/stats';

const extBuf = new Scratch();
const ziBuf = new Scratch();

const IDENTITY = memory.data<f64>([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
const ZERO_STATE = memory.data(16);

/**
 * Filters x[0..n) in place through every section, updating zi. Sections run four at a time with the
 * sample loop outside: a section's recurrence is latency-bound (mul -> add -> mul per sample), so
 * four independent chains in flight keep the FPU busy. z0 is updated as (b1 x + z1) - a1 y, so only
 * one multiply and one subtraction depend on y (scipy computes (b1 x - a1 y) + z1: the same to ~1 ulp).
 * A group with fewer than four sections is padded with identity sections (y = 1 * x + 0 = x exactly).
 */
function runSections(sos: usize, nsec: i32, x: usize, n: i32, zi: usize, stride: i32): void {
  for (let s = 0; s < nsec; s += 4) {
    runGroup(sos, nsec, s, x, n, zi, stride);
  }
}

@inline function coef(sos: usize, nsec: i32, s: i32): usize {
  return s < nsec ? sos + (<usize>(s * 6) << 3) : IDENTITY;
}

@inline function state(zi: usize, nsec: i32, s: i32): usize {
  return s < nsec ? zi + (<usize>s << 4) : ZERO_STATE;
}

function runGroup(sos: usize, nsec: i32, s: i32, x: usize, n: i32, zi: usize, stride: i32): void {
  const c0 = coef(sos, nsec, s), c1 = coef(sos, nsec, s + 1), c2 = coef(sos, nsec, s + 2), c3 = coef(sos, nsec, s + 3);
  const p0 = state(zi, nsec, s), p1 = state(zi, nsec, s + 1), p2 = state(zi, nsec, s + 2), p3 = state(zi, nsec, s + 3);
  const b00 = load<f64>(c0), b10 = load<f64>(c0, 8), b20 = load<f64>(c0, 16), a10 = load<f64>(c0, 32), a20 = load<f64>(c0, 40);
  const b01 = load<f64>(c1), b11 = load<f64>(c1, 8), b21 = load<f64>(c1, 16), a11 = load<f64>(c1, 32), a21 = load<f64>(c1, 40);
  const b02 = load<f64>(c2), b12 = load<f64>(c2, 8), b22 = load<f64>(c2, 16), a12 = load<f64>(c2, 32), a22 = load<f64>(c2, 40);
  const b03 = load<f64>(c3), b13 = load<f64>(c3, 8), b23 = load<f64>(c3, 16), a13 = load<f64>(c3, 32), a23 = load<f64>(c3, 40);
  let z00 = load<f64>(p0), z10 = load<f64>(p0, 8);
  let z01 = load<f64>(p1), z11 = load<f64>(p1, 8);
  let z02 = load<f64>(p2), z12 = load<f64>(p2, 8);
  let z03 = load<f64>(p3), z13 = load<f64>(p3, 8);
  // stride 1 walks forward from x; stride -1 walks backward from x + (n-1)
  const step = <isize>stride << 3;
  const first = stride > 0 ? x : x + (<usize>(n - 1) << 3);
  for (let p = first, i = 0; i < n; i++, p += step) {
    const v0 = load<f64>(p);
    const y0 = b00 * v0 + z00;
    z00 = b10 * v0 + z10 - a10 * y0;
    z10 = b20 * v0 - a20 * y0;
    const y1 = b01 * y0 + z01;
    z01 = b11 * y0 + z11 - a11 * y1;
    z11 = b21 * y0 - a21 * y1;
    const y2 = b02 * y1 + z02;
    z02 = b12 * y1 + z12 - a12 * y2;
    z12 = b22 * y1 - a22 * y2;
    const y3 = b03 * y2 + z03;
    z03 = b13 * y2 + z13 - a13 * y3;
    z13 = b23 * y2 - a23 * y3;
    store<f64>(p, y3);
  }
  if (s < nsec) { store<f64>(p0, z00); store<f64>(p0, z10, 8); }
  if (s + 1 < nsec) { store<f64>(p1, z01); store<f64>(p1, z11, 8); }
  if (s + 2 < nsec) { store<f64>(p2, z02); store<f64>(p2, z12, 8); }
  if (s + 3 < nsec) { store<f64>(p3, z03); store<f64>(p3, z13, 8); }
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
  // backward pass: walk ext from its end (no reversal copy), starting from the last forward output.
  // A NaN or Infinity anywhere in x stays in the section states to the end (see sos-pair.ts), so a
  // finite last output proves every input was finite: no separate scan.
  const y0 = load<f64>(ext + (<usize>(total - 1) << 3));
  if (y0 - y0 != 0.0) return ERR_NONFINITE;
  for (let i = 0; i < nsec * 2; i++) store<f64>(zi + (<usize>i << 3), load<f64>(zi0 + (<usize>i << 3)) * y0);
  runSections(sos, nsec, ext, total, zi, -1);
  memory.copy(out, ext + (<usize>padlen << 3), <usize>n << 3);
  const e = load<f64>(ext); // the backward pass's last output: finite unless it overflowed
  return e - e == 0.0 ? OK : ERR_NONFINITE;
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
