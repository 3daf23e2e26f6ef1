// Real FFT and inverse (float64) for n = 2^k, 16 <= n <= 65536.
// A real signal x[0..n) is read as m = n/2 complex values z[k] = x[2k] + i x[2k+1], transformed by the
// complex core, then split: X[k] = E[k] + W^k O[k] with E, O the spectra of the even and odd samples
// and W = exp(-2 pi i / n). Output layout: X[0..n/2] interleaved [re, im] (n + 2 doubles).
import { ERR_SIZE, OK } from '../common/status';
import { getRev, getStageTwiddles, getRealTwiddles, getRadix4Twiddles } from './tables64';
import { gatherFirstPass, runComplexStages, runStagesFrom } from './complex64';

let work: usize = 0;
let workCap: i32 = 0;

/** True when n is a supported real FFT size. */
export function isFftSize(n: i32): bool {
  return n >= 16 && n <= 65536 && (n & (n - 1)) == 0;
}

/** The complex work buffer (m complex), grown only. */
export function ensureWork(m: i32): usize {
  if (m > workCap) {
    work = heap.alloc(<usize>m << 4);
    workCap = m;
  }
  return work;
}

@inline function conj(a: v128): v128 {
  return f64x2.mul(a, f64x2(1.0, -1.0));
}

/** Forward real FFT: n reals at `input` -> n/2+1 complex at `output`. Unnormalised (like numpy.fft.rfft). */
export function rfft64(input: usize, output: usize, n: i32): i32 {
  if (!isFftSize(n)) return ERR_SIZE;
  const log2n = ctz(n);
  const m = n >> 1;
  const log2m = log2n - 1;
  const buf = ensureWork(m);
  const rev = getRev(log2m);
  const h = gatherFirstPass(buf, input, rev, log2m, false);
  runStagesFrom(buf, log2m, getStageTwiddles(log2m, false), getRadix4Twiddles(log2m, false), false, h);
  splitReal(buf, output, m, getRealTwiddles(log2n));
  return OK;
}

/** The real-FFT split: m complex spectrum values of the packed signal at buf -> m+1 bins at output. */
export function splitReal(buf: usize, output: usize, m: i32, rtw: usize): void {
  const z0r = load<f64>(buf);
  const z0i = load<f64>(buf, 8);
  store<f64>(output, z0r + z0i);
  store<f64>(output, 0.0, 8);
  store<f64>(output + (<usize>m << 4), z0r - z0i);
  store<f64>(output + (<usize>m << 4), 0.0, 8);
  const halfv = f64x2.splat(0.5);
  const half = m >> 1;
  for (let k = 1; k <= half; k++) {
    const zk = v128.load(buf + (<usize>k << 4));
    const zmk = conj(v128.load(buf + (<usize>(m - k) << 4)));
    const e = f64x2.mul(f64x2.add(zk, zmk), halfv);
    const d = f64x2.mul(f64x2.sub(zk, zmk), halfv);
    // o = -i * d = (d.im, -d.re)
    const o = f64x2.mul(v128.shuffle<f64>(d, d, 1, 0), f64x2(1.0, -1.0));
    const w = rtw + (<usize>k << 5);
    const t = f64x2.add(f64x2.mul(o, v128.load(w)), f64x2.mul(v128.shuffle<f64>(o, o, 1, 0), v128.load(w, 16)));
    v128.store(output + (<usize>k << 4), f64x2.add(e, t));
    v128.store(output + (<usize>(m - k) << 4), conj(f64x2.sub(e, t)));
  }
}

/** Inverse real FFT: n/2+1 complex at `input` -> n reals at `output`, scaled by 1/n (like numpy.fft.irfft).
 *  The imaginary parts of the DC and Nyquist bins are ignored. */
export function irfft64(input: usize, output: usize, n: i32): i32 {
  if (!isFftSize(n)) return ERR_SIZE;
  const log2n = ctz(n);
  const m = n >> 1;
  const log2m = log2n - 1;
  const buf = ensureWork(m);
  const rev = getRev(log2m);
  const rtw = getRealTwiddles(log2n);
  const x0 = load<f64>(input);
  const xm = load<f64>(input + (<usize>m << 4));
  store<f64>(buf, x0 + xm);
  store<f64>(buf, x0 - xm, 8);
  const half = m >> 1;
  for (let k = 1; k <= half; k++) {
    const xk = v128.load(input + (<usize>k << 4));
    const xmk = conj(v128.load(input + (<usize>(m - k) << 4)));
    const e = f64x2.add(xk, xmk);
    const d = f64x2.sub(xk, xmk);
    // o = d * conj(W^k)
    const w = rtw + (<usize>k << 5);
    const o = f64x2.sub(f64x2.mul(d, v128.load(w)), f64x2.mul(v128.shuffle<f64>(d, d, 1, 0), v128.load(w, 16)));
    // i * o = (-o.im, o.re)
    const io = f64x2.mul(v128.shuffle<f64>(o, o, 1, 0), f64x2(-1.0, 1.0));
    const rk = <usize>load<u32>(rev + (<usize>k << 2));
    const rmk = <usize>load<u32>(rev + (<usize>(m - k) << 2));
    v128.store(buf + (rk << 4), f64x2.add(e, io));
    v128.store(buf + (rmk << 4), conj(f64x2.sub(e, io)));
  }
  runComplexStages(buf, log2m, getStageTwiddles(log2m, true), getRadix4Twiddles(log2m, true), true);
  const scale = f64x2.splat(1.0 / <f64>n);
  for (let k = 0; k < m; k++) {
    v128.store(output + (<usize>k << 4), f64x2.mul(v128.load(buf + (<usize>k << 4)), scale));
  }
  return OK;
}
