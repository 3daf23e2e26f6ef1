// Periodograms of two Welch segments at once, one segment per f64x2 lane ("vertical" SIMD): every
// vector holds the same quantity of both segments, complex values are kept as separate re and im
// vectors, so a complex multiply is 4 mul + 2 add for two values with no lane shuffles (the
// interleaved real64 path needs a shuffle per multiply). Same algorithm as rfft64Windowed (window and
// mean applied in the bit-reversal gather, radix-4 passes with the w, w^2, w^3 table, real split),
// then |X_k|^2 of both segments is added to a two-lane accumulator.
// Work layout: m entries of 32 bytes, [reA, reB] then [imA, imB].
import { getRev, getRealTwiddles, getRadix4Twiddles } from './tables64';
import { Scratch } from '../common/alloc';

const workBuf = new Scratch();

/** [(a[i] - meanA) * w[i], (b[i] - meanB) * w[i]] for byte offset i. */
@inline function sample2(srcA: usize, srcB: usize, win: usize, i: usize, mv: v128): v128 {
  const v = v128.load64_lane(srcB + i, v128.load64_zero(srcA + i), 1);
  return f64x2.mul(f64x2.sub(v, mv), v128.load64_splat(win + i));
}

function gather(buf: usize, srcA: usize, srcB: usize, win: usize, mv: v128, rev: usize, log2m: i32): i32 {
  const m = 1 << log2m;
  if (log2m & 1) {
    for (let k = 0; k < m; k += 2) {
      const r0 = <usize>load<u32>(rev + (<usize>k << 2)) << 4;
      const r1 = <usize>load<u32>(rev + (<usize>k << 2), 4) << 4;
      const a0r = sample2(srcA, srcB, win, r0, mv), a0i = sample2(srcA, srcB, win, r0 + 8, mv);
      const a1r = sample2(srcA, srcB, win, r1, mv), a1i = sample2(srcA, srcB, win, r1 + 8, mv);
      const p = buf + (<usize>k << 5);
      v128.store(p, f64x2.add(a0r, a1r));
      v128.store(p, f64x2.add(a0i, a1i), 16);
      v128.store(p, f64x2.sub(a0r, a1r), 32);
      v128.store(p, f64x2.sub(a0i, a1i), 48);
    }
    return 2;
  }
  for (let k = 0; k < m; k += 4) {
    const r = rev + (<usize>k << 2);
    const r0 = <usize>load<u32>(r) << 4, r1 = <usize>load<u32>(r, 4) << 4;
    const r2 = <usize>load<u32>(r, 8) << 4, r3 = <usize>load<u32>(r, 12) << 4;
    const a0r = sample2(srcA, srcB, win, r0, mv), a0i = sample2(srcA, srcB, win, r0 + 8, mv);
    const a1r = sample2(srcA, srcB, win, r1, mv), a1i = sample2(srcA, srcB, win, r1 + 8, mv);
    const a2r = sample2(srcA, srcB, win, r2, mv), a2i = sample2(srcA, srcB, win, r2 + 8, mv);
    const a3r = sample2(srcA, srcB, win, r3, mv), a3i = sample2(srcA, srcB, win, r3 + 8, mv);
    const b0r = f64x2.add(a0r, a1r), b0i = f64x2.add(a0i, a1i);
    const b1r = f64x2.sub(a0r, a1r), b1i = f64x2.sub(a0i, a1i);
    const b2r = f64x2.add(a2r, a3r), b2i = f64x2.add(a2i, a3i);
    // b3 = -i (a2 - a3) = (a2i - a3i, a3r - a2r)
    const b3r = f64x2.sub(a2i, a3i), b3i = f64x2.sub(a3r, a2r);
    const p = buf + (<usize>k << 5);
    v128.store(p, f64x2.add(b0r, b2r));
    v128.store(p, f64x2.add(b0i, b2i), 16);
    v128.store(p, f64x2.add(b1r, b3r), 32);
    v128.store(p, f64x2.add(b1i, b3i), 48);
    v128.store(p, f64x2.sub(b0r, b2r), 64);
    v128.store(p, f64x2.sub(b0i, b2i), 80);
    v128.store(p, f64x2.sub(b1r, b3r), 96);
    v128.store(p, f64x2.sub(b1i, b3i), 112);
  }
  return 4;
}

/** Radix-4 pass h (stages h and 2h), forward; tw4 entries [wr, wr, -wi, wi] per power (tables64.ts). */
function pass4(buf: usize, m: i32, h: i32, tw4: usize): void {
  const span = <usize>h << 5;
  for (let g: usize = buf, end = buf + (<usize>m << 5); g < end; g += span << 2) {
    let w = tw4 + <usize>h * 96;
    for (let j: usize = 0; j < span; j += 32, w += 96) {
      const p0 = g + j, p1 = p0 + span, p2 = p1 + span, p3 = p2 + span;
      const w1r = v128.load(w), w1i = v128.load64_splat(w + 24);
      const w2r = v128.load(w, 32), w2i = v128.load64_splat(w + 56);
      const w3r = v128.load(w, 64), w3i = v128.load64_splat(w + 88);
      const a1r = v128.load(p1), a1i = v128.load(p1, 16);
      const a2r = v128.load(p2), a2i = v128.load(p2, 16);
      const a3r = v128.load(p3), a3i = v128.load(p3, 16);
      // c1 = a1 w^2, c2 = a2 w, c3 = a3 w^3
      const c1r = f64x2.sub(f64x2.mul(a1r, w2r), f64x2.mul(a1i, w2i)), c1i = f64x2.add(f64x2.mul(a1r, w2i), f64x2.mul(a1i, w2r));
      const c2r = f64x2.sub(f64x2.mul(a2r, w1r), f64x2.mul(a2i, w1i)), c2i = f64x2.add(f64x2.mul(a2r, w1i), f64x2.mul(a2i, w1r));
      const c3r = f64x2.sub(f64x2.mul(a3r, w3r), f64x2.mul(a3i, w3i)), c3i = f64x2.add(f64x2.mul(a3r, w3i), f64x2.mul(a3i, w3r));
      const a0r = v128.load(p0), a0i = v128.load(p0, 16);
      const b0r = f64x2.add(a0r, c1r), b0i = f64x2.add(a0i, c1i);
      const b1r = f64x2.sub(a0r, c1r), b1i = f64x2.sub(a0i, c1i);
      const sr = f64x2.add(c2r, c3r), si = f64x2.add(c2i, c3i);
      const dr = f64x2.sub(c2r, c3r), di = f64x2.sub(c2i, c3i);
      v128.store(p0, f64x2.add(b0r, sr));
      v128.store(p0, f64x2.add(b0i, si), 16);
      v128.store(p2, f64x2.sub(b0r, sr));
      v128.store(p2, f64x2.sub(b0i, si), 16);
      // p1 = b1 + (-i) d = (b1r + di, b1i - dr); p3 = b1 - (-i) d
      v128.store(p1, f64x2.add(b1r, di));
      v128.store(p1, f64x2.sub(b1i, dr), 16);
      v128.store(p3, f64x2.sub(b1r, di));
      v128.store(p3, f64x2.add(b1i, dr), 16);
    }
  }
}

@inline function sq2(re: v128, im: v128): v128 {
  return f64x2.add(f64x2.mul(re, re), f64x2.mul(im, im));
}

@inline function accumulate(acc: usize, k: i32, p: v128): void {
  const q = acc + (<usize>k << 4);
  v128.store(q, f64x2.add(v128.load(q), p));
}

/**
 * acc[k] += [|A_k|^2, |B_k|^2] for k = 0..n/2, where A, B are the real FFTs of (srcA - meanA) * win
 * and (srcB - meanB) * win (n a supported power of two; acc: n/2 + 1 f64x2).
 */
export function accumulatePeriodogramPair(srcA: usize, srcB: usize, win: usize, meanA: f64, meanB: f64, acc: usize, n: i32): void {
  const log2n = ctz(n);
  const m = n >> 1;
  const log2m = log2n - 1;
  const buf = workBuf.ensure(<usize>m << 5);
  let h = gather(buf, srcA, srcB, win, f64x2(meanA, meanB), getRev(log2m), log2m);
  const tw4 = getRadix4Twiddles(log2m, false);
  while (h < m) {
    pass4(buf, m, h, tw4); // the gather leaves an even number of stages
    h <<= 2;
  }
  // real split: X_k = e + t, X_{m-k} = conj(e - t) (see real64.ts splitReal)
  const rtw = getRealTwiddles(log2n);
  const z0r = v128.load(buf), z0i = v128.load(buf, 16);
  const x0 = f64x2.add(z0r, z0i);
  const xm = f64x2.sub(z0r, z0i);
  accumulate(acc, 0, f64x2.mul(x0, x0));
  accumulate(acc, m, f64x2.mul(xm, xm));
  const halfv = f64x2.splat(0.5);
  const half = m >> 1;
  for (let k = 1; k <= half; k++) {
    const pk = buf + (<usize>k << 5);
    const pm = buf + (<usize>(m - k) << 5);
    const zr = v128.load(pk), zi = v128.load(pk, 16);
    const yr = v128.load(pm), yi = v128.load(pm, 16);
    const er = f64x2.mul(f64x2.add(zr, yr), halfv), ei = f64x2.mul(f64x2.sub(zi, yi), halfv);
    const dr = f64x2.mul(f64x2.sub(zr, yr), halfv), di = f64x2.mul(f64x2.add(zi, yi), halfv);
    const w = rtw + (<usize>k << 5);
    const wr = v128.load(w), wi = v128.load64_splat(w + 24);
    // t = (-i d) w = (di, -dr) (wr, wi)
    const tr = f64x2.add(f64x2.mul(di, wr), f64x2.mul(dr, wi));
    const ti = f64x2.sub(f64x2.mul(di, wi), f64x2.mul(dr, wr));
    if (k < half) accumulate(acc, k, sq2(f64x2.add(er, tr), f64x2.add(ei, ti)));
    accumulate(acc, m - k, sq2(f64x2.sub(er, tr), f64x2.sub(ei, ti)));
  }
}
