// Real FFT and inverse (float64) for n = 2^k, 16 <= n <= 65536.
// A real signal x[0..n) is read as m = n/2 complex values z[k] = x[2k] + i x[2k+1], transformed by the
// complex core, then split: X[k] = E[k] + W^k O[k] with E, O the spectra of the even and odd samples
// and W = exp(-2 pi i / n). Output layout: X[0..n/2] interleaved [re, im] (n + 2 doubles).
import { ERR_SIZE, OK } from '../common/status';
import { getRev, getStageTwiddles, getRealTwiddles, getRadix4Twiddles, getSplitTwiddles } from './tables64';
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

/** Complex conjugate: flips the sign bit of the imaginary lane (exact, as a * [1, -1] is). */
@inline function conj(a: v128): v128 {
  return v128.xor(a, i64x2(0, 0x8000000000000000));
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
  finishReal(buf, output, log2m, h);
  return OK;
}

/**
 * The forward stages after the first pass (which left the next half-size h0), then the real split:
 * for m >= 16 the last radix-4 pass is fused with the split (splitRealLast4), otherwise separate.
 */
export function finishReal(buf: usize, output: usize, log2m: i32, h0: i32): void {
  const m = 1 << log2m;
  const tw4 = getRadix4Twiddles(log2m, false);
  if (m >= 16) {
    runStagesFrom(buf, log2m, getStageTwiddles(log2m, false), tw4, false, h0, m >> 2);
    splitRealLast4(buf, output, m, tw4, getSplitTwiddles(log2m + 1));
  } else {
    runStagesFrom(buf, log2m, getStageTwiddles(log2m, false), tw4, false, h0);
    splitReal(buf, output, m, getRealTwiddles(log2m + 1));
  }
}

/**
 * X[k] and X[m-k] from zk = Z[k] and zmk = Z[m-k] (one step of splitReal; k = m/2 writes X[m/2] twice).
 * stw = getSplitTwiddles: t = (zk - conj zmk) (-i/2) W^k in one complex multiply; the same products
 * and sums as splitReal's 0.5 (zk - conj zmk), times -i, times W^k (halving and -i are exact), so
 * bit-identical to it.
 */
@inline function splitOne(output: usize, m: i32, stw: usize, k: i32, zk: v128, zmkRaw: v128): void {
  const zmk = conj(zmkRaw);
  const e = f64x2.mul(f64x2.add(zk, zmk), f64x2.splat(0.5));
  const a = f64x2.sub(zk, zmk);
  const w = stw + (<usize>k << 5);
  const t = f64x2.add(f64x2.mul(a, v128.load(w)), f64x2.mul(v128.shuffle<f64>(a, a, 1, 0), v128.load(w, 16)));
  v128.store(output + (<usize>k << 4), f64x2.add(e, t));
  v128.store(output + (<usize>(m - k) << 4), conj(f64x2.sub(e, t)));
}

/** (a.re + i a.im) * w, w stored as [wr, wr, -wi, wi] (complex64.ts cmul). */
@inline function cmulAt(a: v128, w: usize, offset: usize): v128 {
  return f64x2.add(f64x2.mul(a, v128.load(w + offset)), f64x2.mul(v128.shuffle<f64>(a, a, 1, 0), v128.load(w + offset, 16)));
}

/**
 * The last forward radix-4 pass (h = m/4, one group; pass4 in complex64.ts) fused with splitReal, so
 * the spectrum Z is never stored and read back. Butterfly j writes Z[j], Z[j + m/4], Z[j + m/2],
 * Z[j + 3m/4]; the split pairs Z[k] with Z[m - k], and those partners all come from butterfly m/4 - j:
 *   k = j with m - j (its Z[3]),  k = j + m/4 with 3m/4 - j (its Z[2]),
 *   k = m/2 - j (its Z[1]) with m/2 + j,  k = m/4 - j (its Z[0]) with 3m/4 + j.
 * So butterflies j and m/4 - j run together for j = 1 .. m/8 - 1; j = 0 and j = m/8 pair with
 * themselves. Same arithmetic as pass4 + splitReal, so bit-identical to running them apart.
 */
function splitRealLast4(buf: usize, output: usize, m: i32, tw4: usize, stw: usize): void {
  const q = m >> 2;
  const span = <usize>q << 4;
  const twh = tw4 + <usize>q * 96;
  const rot = f64x2(1.0, -1.0);
  // j = 0: Z[0] gives DC and Nyquist, Z[m/4] pairs with Z[3m/4], Z[m/2] with itself
  {
    const a0 = v128.load(buf);
    const c1 = cmulAt(v128.load(buf + span), twh, 32);
    const c2 = cmulAt(v128.load(buf + 2 * span), twh, 0);
    const c3 = cmulAt(v128.load(buf + 3 * span), twh, 64);
    const b0 = f64x2.add(a0, c1), b1 = f64x2.sub(a0, c1);
    const s = f64x2.add(c2, c3);
    const d = f64x2.mul(v128.shuffle<f64>(f64x2.sub(c2, c3), f64x2.sub(c2, c3), 1, 0), rot);
    const z0 = f64x2.add(b0, s);
    const z0r = f64x2.extract_lane(z0, 0);
    const z0i = f64x2.extract_lane(z0, 1);
    store<f64>(output, z0r + z0i);
    store<f64>(output, 0.0, 8);
    store<f64>(output + (<usize>m << 4), z0r - z0i);
    store<f64>(output + (<usize>m << 4), 0.0, 8);
    splitOne(output, m, stw, q, f64x2.add(b1, d), f64x2.sub(b1, d));
    const zh = f64x2.sub(b0, s);
    splitOne(output, m, stw, m >> 1, zh, zh);
  }
  const e8 = m >> 3;
  for (let j = 1; j <= e8; j++) {
    const jj = q - j;
    const p0 = buf + (<usize>j << 4);
    const w = twh + <usize>j * 96;
    const a0 = v128.load(p0);
    const c1 = cmulAt(v128.load(p0 + span), w, 32);
    const c2 = cmulAt(v128.load(p0 + 2 * span), w, 0);
    const c3 = cmulAt(v128.load(p0 + 3 * span), w, 64);
    const b0 = f64x2.add(a0, c1), b1 = f64x2.sub(a0, c1);
    const s = f64x2.add(c2, c3);
    const dd = f64x2.sub(c2, c3);
    const d = f64x2.mul(v128.shuffle<f64>(dd, dd, 1, 0), rot);
    const y0 = f64x2.add(b0, s), y1 = f64x2.add(b1, d), y2 = f64x2.sub(b0, s), y3 = f64x2.sub(b1, d);
    if (j == e8) {
      // butterfly m/8 pairs with itself: (m/8, 7m/8) and (3m/8, 5m/8)
      splitOne(output, m, stw, j, y0, y3);
      splitOne(output, m, stw, j + q, y1, y2);
      break;
    }
    const r0 = buf + (<usize>jj << 4);
    const v = twh + <usize>jj * 96;
    const g0 = v128.load(r0);
    const h1 = cmulAt(v128.load(r0 + span), v, 32);
    const h2 = cmulAt(v128.load(r0 + 2 * span), v, 0);
    const h3 = cmulAt(v128.load(r0 + 3 * span), v, 64);
    const u0 = f64x2.add(g0, h1), u1 = f64x2.sub(g0, h1);
    const t = f64x2.add(h2, h3);
    const ee = f64x2.sub(h2, h3);
    const f = f64x2.mul(v128.shuffle<f64>(ee, ee, 1, 0), rot);
    const x0 = f64x2.add(u0, t), x1 = f64x2.add(u1, f), x2 = f64x2.sub(u0, t), x3 = f64x2.sub(u1, f);
    splitOne(output, m, stw, j, y0, x3);
    splitOne(output, m, stw, j + q, y1, x2);
    splitOne(output, m, stw, (m >> 1) - j, x1, y2);
    splitOne(output, m, stw, jj, x0, y3);
  }
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
