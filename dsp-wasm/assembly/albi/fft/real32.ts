// Real FFT and inverse in float32 for display-rate work (spectra drawn at 10-30 Hz), n = 2^k, 16..65536.
// A real signal is read as m = n/2 complex values z[j] = x[2j] + i x[2j+1] and transformed by the
// four-column complex FFT (columns32.ts + complex32.ts, split re/im, no shuffles in the butterflies).
// Forward: split X[k] = E[k] + W^k O[k], W = exp(-2 pi i / n), on four bins k..k+3 and their mirrors per
// iteration, fused with the combining pass for n >= 8192 (split32.ts). Inverse: unsplit four bins k..k+3 and their mirrors m-k..m-k-3 per iteration, then the
// complex FFT with conjugate twiddles. Output layout: X[0..n/2] interleaved [re, im] (n + 2 floats), like
// rfft64. n = 16 (too few rows per column) uses the two-complex-per-vector path of pairs32.ts.
// Accuracy: ~1e-6 relative to the float64 result.
import { ERR_SIZE, OK } from '../common/status';
import { isFftSize } from './real64';
import { complexFft32, ensureBuffers32, runColumns32, stagingBuffer32 } from './complex32';
import { getCombineTwiddles, passRadix2 } from './columns32';
import { combineSplit32 } from './split32';
import { irfft32Pairs, rfft32Pairs } from './pairs32';

const SLOTS: i32 = 18;
// From this size on the fused combine + split (split32.ts) is faster (~1.05-1.4x, the spectrum no longer
// fits the fast caches); below it the separate passes win slightly (~1.05-1.15x), measured with
// dsp-wasm/bench/albi.bench.ts on the 2-core bench machine.
const FUSED_MIN_N: i32 = 8192;
const SPLIT_TW = memory.data(4 * SLOTS);

/** cos(2 pi k / n) at + 4k and sin(2 pi k / n) at + 4(m/2 + 4) + 4k, k = 0..m/2 (float32). */
function getSplitTwiddles32(log2n: i32): usize {
  const slot = SPLIT_TW + (<usize>log2n << 2);
  let t = <usize>load<u32>(slot);
  if (t != 0) return t;
  const n = 1 << log2n;
  const half = n >> 2;
  t = heap.alloc(<usize>(half + 4) << 3);
  for (let k = 0; k <= half; k++) {
    const angle = 2.0 * Math.PI * <f64>k / <f64>n;
    store<f32>(t + (<usize>k << 2), <f32>Math.cos(angle));
    store<f32>(t + (<usize>(half + 4 + k) << 2), <f32>Math.sin(angle));
  }
  store<u32>(slot, <u32>t);
  return t;
}

/** Split step from the split arrays zre, zim (m complex, natural order) into X[0..m] interleaved. */
function splitFromArrays(zre: usize, output: usize, n: i32, log2n: i32): void {
  const m = n >> 1;
  const half = m >> 1;
  const zim = zre + (<usize>m << 2);
  const cosT = getSplitTwiddles32(log2n);
  const sinT = cosT + (<usize>(half + 4) << 2);
  const z0r = load<f32>(zre);
  const z0i = load<f32>(zim);
  store<f32>(output, z0r + z0i);
  store<f32>(output, 0, 4);
  store<f32>(output + (<usize>m << 3), z0r - z0i);
  store<f32>(output + (<usize>m << 3), 0, 4);
  const halfv = f32x4.splat(0.5);
  // lanes j = 0..3: a = Z[k + j], b = Z[m - k - j] (mirror block loaded in natural order, then reversed)
  for (let k = 1; k <= half - 3; k += 4) {
    const kb = <usize>k << 2;
    const mb = <usize>(m - k - 3) << 2;
    const ar = v128.load(zre + kb), ai = v128.load(zim + kb);
    let v = v128.load(zre + mb);
    const br = v128.shuffle<f32>(v, v, 3, 2, 1, 0);
    v = v128.load(zim + mb);
    const bi = v128.shuffle<f32>(v, v, 3, 2, 1, 0);
    const c = v128.load(cosT + kb), s = v128.load(sinT + kb);
    // 2E = a + conj(b); 2O = (a - conj(b)) / i; 2T = W 2O with W = (c, -s)
    const er = f32x4.add(ar, br), ei = f32x4.sub(ai, bi);
    const or = f32x4.add(ai, bi), oi = f32x4.sub(br, ar);
    const tr = f32x4.add(f32x4.mul(c, or), f32x4.mul(s, oi));
    const ti = f32x4.sub(f32x4.mul(c, oi), f32x4.mul(s, or));
    const xr = f32x4.mul(halfv, f32x4.add(er, tr)), xi = f32x4.mul(halfv, f32x4.add(ei, ti));
    const yr = f32x4.mul(halfv, f32x4.sub(er, tr)), yi = f32x4.mul(halfv, f32x4.sub(ti, ei));
    const pk = output + (kb << 1);
    v128.store(pk, v128.shuffle<f32>(xr, xi, 0, 4, 1, 5));
    v128.store(pk, v128.shuffle<f32>(xr, xi, 2, 6, 3, 7), 16);
    // X[m - k - j] = conj(E - T), stored back in natural order (lanes reversed while interleaving)
    const pm = output + (mb << 1);
    v128.store(pm, v128.shuffle<f32>(yr, yi, 3, 7, 2, 6));
    v128.store(pm, v128.shuffle<f32>(yr, yi, 1, 5, 0, 4), 16);
  }
}

/** Forward real FFT in float32: n floats -> n/2+1 complex [re, im] floats. Unnormalised. */
export function rfft32(input: usize, output: usize, n: i32): i32 {
  if (!isFftSize(n)) return ERR_SIZE;
  if (n < 32) return rfft32Pairs(input, output, n);
  const log2n = ctz(n);
  if (n < FUSED_MIN_N) {
    ensureBuffers32(n >> 1);
    splitFromArrays(complexFft32(input, log2n - 1, false), output, n, log2n);
    return OK;
  }
  const log2L = log2n - 3;
  const L = 1 << log2L;
  const half = n >> 2;
  ensureBuffers32(n >> 1);
  const rows = runColumns32(input, log2L, false);
  if (log2L & 1) passRadix2(rows, L);
  const cosT = getSplitTwiddles32(log2n);
  combineSplit32(rows, output, log2L, getCombineTwiddles(log2L, false), cosT, cosT + (<usize>(half + 4) << 2));
  return OK;
}

/** Inverse real FFT in float32: n/2+1 complex -> n floats, scaled by 1/n. */
export function irfft32(input: usize, output: usize, n: i32): i32 {
  if (!isFftSize(n)) return ERR_SIZE;
  if (n < 32) return irfft32Pairs(input, output, n);
  const log2n = ctz(n);
  const m = n >> 1;
  const half = m >> 1;
  ensureBuffers32(m);
  const buf = stagingBuffer32();
  const cosT = getSplitTwiddles32(log2n);
  const sinT = cosT + (<usize>(half + 4) << 2);
  const x0 = load<f32>(input);
  const xm = load<f32>(input + (<usize>m << 3));
  store<f32>(buf, x0 + xm);
  store<f32>(buf, x0 - xm, 4);
  // 2Z[k] = 2E + i 2O with 2E = a + conj(b), 2O = conj(W) (a - conj(b)); 2Z[m-k] = conj(2E - i 2O)
  for (let k = 1; k <= half - 3; k += 4) {
    const kb = <usize>k << 2;
    const mb = <usize>(m - k - 3) << 2;
    let v0 = v128.load(input + (kb << 1)), v1 = v128.load(input + (kb << 1), 16);
    const ar = v128.shuffle<f32>(v0, v1, 0, 2, 4, 6), ai = v128.shuffle<f32>(v0, v1, 1, 3, 5, 7);
    v0 = v128.load(input + (mb << 1)); v1 = v128.load(input + (mb << 1), 16);
    const br = v128.shuffle<f32>(v0, v1, 6, 4, 2, 0), bi = v128.shuffle<f32>(v0, v1, 7, 5, 3, 1);
    const c = v128.load(cosT + kb), s = v128.load(sinT + kb);
    const er = f32x4.add(ar, br), ei = f32x4.sub(ai, bi);
    const dr = f32x4.sub(ar, br), di = f32x4.add(ai, bi);
    const or = f32x4.sub(f32x4.mul(c, dr), f32x4.mul(s, di));
    const oi = f32x4.add(f32x4.mul(c, di), f32x4.mul(s, dr));
    const zr = f32x4.sub(er, oi), zi = f32x4.add(ei, or);
    const wr = f32x4.add(er, oi), wi = f32x4.sub(or, ei);
    const pk = buf + (kb << 1);
    v128.store(pk, v128.shuffle<f32>(zr, zi, 0, 4, 1, 5));
    v128.store(pk, v128.shuffle<f32>(zr, zi, 2, 6, 3, 7), 16);
    const pm = buf + (mb << 1);
    v128.store(pm, v128.shuffle<f32>(wr, wi, 3, 7, 2, 6));
    v128.store(pm, v128.shuffle<f32>(wr, wi, 1, 5, 0, 4), 16);
  }
  const zre = complexFft32(buf, log2n - 1, true);
  const zim = zre + (<usize>m << 2);
  const scale = f32x4.splat(<f32>(1.0 / <f64>n));
  for (let j: usize = 0, end = <usize>m << 2; j < end; j += 16) {
    const r = f32x4.mul(v128.load(zre + j), scale);
    const i = f32x4.mul(v128.load(zim + j), scale);
    v128.store(output + (j << 1), v128.shuffle<f32>(r, i, 0, 4, 1, 5));
    v128.store(output + (j << 1), v128.shuffle<f32>(r, i, 2, 6, 3, 7), 16);
  }
  return OK;
}
