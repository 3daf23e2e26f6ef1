// Small-size float32 real FFT (n = 16, where the four-column path of real32.ts has too few rows).
// Same algorithm as real64.ts, but each f32x4 holds two complex values [r0, i0, r1, i1], so every
// butterfly pass handles two points per instruction. Accuracy: ~1e-6 relative to the float64 result.
//
// Stage twiddles, per stage h (h = 2, 4, .. m/2), at byte offset h*16, for each pair j, j+1:
//   [wr_j, wr_j, wr_j1, wr_j1]  [-wi_j, wi_j, -wi_j1, wi_j1]          (32 bytes per pair)
// Radix-4 pass twiddles (tw4), per pass h (h = 2, 4, ..), at byte offset (h + j) / 2 * 96, for each pair
//   j, j+1: w, w^2, w^3 in the layout above, w = exp(-+ i pi j / 2h)     (96 bytes per pair)
// Real-split twiddles, per k = 0..n/4: [wr_k, wr_k] at k * 8 and [-wi_k, wi_k] at (n/4 + 1 + k) * 8,
//   so one v128 load gives the expanded twiddles of k and k + 1.
import { ERR_SIZE, OK } from '../common/status';
import { getRev } from './tables64';
import { isFftSize } from './real64';

const SLOTS: i32 = 18;
const TW_FWD = memory.data(4 * SLOTS);
const TW_INV = memory.data(4 * SLOTS);
const REAL_TW = memory.data(4 * SLOTS);
const TW4_FWD = memory.data(4 * SLOTS);
const TW4_INV = memory.data(4 * SLOTS);
let work: usize = 0;
let workCap: i32 = 0;

function getTwiddles32(log2m: i32, inverse: bool): usize {
  const slot = (inverse ? TW_INV : TW_FWD) + (<usize>log2m << 2);
  let p = <usize>load<u32>(slot);
  if (p != 0) return p;
  const m = 1 << log2m;
  p = heap.alloc(<usize>m << 4);
  const sign: f64 = inverse ? 1.0 : -1.0;
  for (let h = 2; h < m; h <<= 1) {
    for (let j = 0; j < h; j++) {
      const angle = sign * Math.PI * <f64>j / <f64>h;
      const wr = <f32>Math.cos(angle);
      const wi = <f32>Math.sin(angle);
      const e = p + (<usize>h << 4) + (<usize>(j >> 1) << 5) + (<usize>(j & 1) << 3);
      store<f32>(e, wr);
      store<f32>(e, wr, 4);
      store<f32>(e, -wi, 16);
      store<f32>(e, wi, 20);
    }
  }
  store<u32>(slot, <u32>p);
  return p;
}

function getRealTwiddles32(log2n: i32): usize {
  const slot = REAL_TW + (<usize>log2n << 2);
  let p = <usize>load<u32>(slot);
  if (p != 0) return p;
  const n = 1 << log2n;
  const q = n >> 2;
  p = heap.alloc(<usize>(2 * q + 4) << 3);
  const im = p + (<usize>(q + 1) << 3);
  for (let k = 0; k <= q; k++) {
    const angle = -2.0 * Math.PI * <f64>k / <f64>n;
    const wr = <f32>Math.cos(angle);
    const wi = <f32>Math.sin(angle);
    store<f32>(p + (<usize>k << 3), wr);
    store<f32>(p + (<usize>k << 3), wr, 4);
    store<f32>(im + (<usize>k << 3), -wi);
    store<f32>(im + (<usize>k << 3), wi, 4);
  }
  store<u32>(slot, <u32>p);
  return p;
}

/** Radix-4 pass twiddles (see the header); each power computed directly, accurate to ~1 ulp. */
function getRadix4Twiddles32(log2m: i32, inverse: bool): usize {
  const slot = (inverse ? TW4_INV : TW4_FWD) + (<usize>log2m << 2);
  let p = <usize>load<u32>(slot);
  if (p != 0) return p;
  const m = 1 << log2m;
  p = heap.alloc(<usize>(m >> 1) * 96 + 96);
  const sign: f64 = inverse ? 1.0 : -1.0;
  for (let h = 2; h < m; h <<= 1) {
    const base = sign * Math.PI / <f64>(2 * h);
    for (let j = 0; j < h; j++) {
      const e = p + <usize>((h + j) >> 1) * 96 + (<usize>(j & 1) << 3);
      for (let power = 1; power <= 3; power++) {
        const angle = base * <f64>(power * j);
        const wr = <f32>Math.cos(angle);
        const wi = <f32>Math.sin(angle);
        const q = e + <usize>(power - 1) * 32;
        store<f32>(q, wr);
        store<f32>(q, wr, 4);
        store<f32>(q, -wi, 16);
        store<f32>(q, wi, 20);
      }
    }
  }
  store<u32>(slot, <u32>p);
  return p;
}

@inline function cmul2(a: v128, wr: v128, wi: v128): v128 {
  return f32x4.add(f32x4.mul(a, wr), f32x4.mul(v128.shuffle<f32>(a, a, 1, 0, 3, 2), wi));
}

/** Stage h = 1 inside each vector: [a0, a1] -> [a0 + a1, a0 - a1]. */
function passFirst(buf: usize, m: i32): void {
  const sign = f32x4(1, 1, -1, -1);
  for (let p = buf, end = buf + (<usize>m << 3); p < end; p += 16) {
    const v = v128.load(p);
    const lo = v128.shuffle<f32>(v, v, 0, 1, 0, 1);
    const hi = v128.shuffle<f32>(v, v, 2, 3, 2, 3);
    v128.store(p, f32x4.add(lo, f32x4.mul(hi, sign)));
  }
}

function pass2(buf: usize, m: i32, h: i32, tw: usize): void {
  const span = <usize>h << 3;
  const twh = tw + (<usize>h << 4);
  for (let g = buf, end = buf + (<usize>m << 3); g < end; g += span << 1) {
    for (let j: usize = 0; j < span; j += 16) {
      const w = twh + (j << 1);
      const p = g + j;
      const a0 = v128.load(p);
      const t = cmul2(v128.load(p + span), v128.load(w), v128.load(w, 16));
      v128.store(p, f32x4.add(a0, t));
      v128.store(p + span, f32x4.sub(a0, t));
    }
  }
}

/** Stages h and 2h fused, three complex multiplies per butterfly (as complex64.ts pass4). */
function pass4(buf: usize, m: i32, h: i32, tw4: usize, rot: v128): void {
  const span = <usize>h << 3;
  const twh = tw4 + <usize>(h >> 1) * 96;
  for (let g = buf, end = buf + (<usize>m << 3); g < end; g += span << 2) {
    let w = twh;
    for (let j: usize = 0; j < span; j += 16, w += 96) {
      const p0 = g + j;
      const p1 = p0 + span;
      const p2 = p1 + span;
      const p3 = p2 + span;
      const a0 = v128.load(p0);
      const c1 = cmul2(v128.load(p1), v128.load(w, 32), v128.load(w, 48));
      const c2 = cmul2(v128.load(p2), v128.load(w), v128.load(w, 16));
      const c3 = cmul2(v128.load(p3), v128.load(w, 64), v128.load(w, 80));
      const b0 = f32x4.add(a0, c1);
      const b1 = f32x4.sub(a0, c1);
      const sum = f32x4.add(c2, c3);
      const dif = f32x4.sub(c2, c3);
      const d = f32x4.mul(v128.shuffle<f32>(dif, dif, 1, 0, 3, 2), rot);
      v128.store(p0, f32x4.add(b0, sum));
      v128.store(p2, f32x4.sub(b0, sum));
      v128.store(p1, f32x4.add(b1, d));
      v128.store(p3, f32x4.sub(b1, d));
    }
  }
}

/**
 * Stages h = 1 and 2 fused with the bit-reversal gather: reads z[rev[k]] (8 bytes each) straight from
 * `input`, so the permutation costs no separate pass.
 */
function gatherFirst32(buf: usize, input: usize, rev: usize, m: i32, inverse: bool): void {
  const sign = f32x4(1, 1, -1, -1);
  const rot = inverse ? f32x4(1, 1, -1, 1) : f32x4(1, 1, 1, -1);
  for (let k = 0; k < m; k += 4) {
    const r = rev + (<usize>k << 2);
    let v01 = v128.load64_zero(input + (<usize>load<u32>(r) << 3));
    v01 = v128.load64_lane(input + (<usize>load<u32>(r, 4) << 3), v01, 1);
    let v23 = v128.load64_zero(input + (<usize>load<u32>(r, 8) << 3));
    v23 = v128.load64_lane(input + (<usize>load<u32>(r, 12) << 3), v23, 1);
    // h = 1: [a0, a1] -> [a0 + a1, a0 - a1]
    const b01 = f32x4.add(v128.shuffle<f32>(v01, v01, 0, 1, 0, 1), f32x4.mul(v128.shuffle<f32>(v01, v01, 2, 3, 2, 3), sign));
    const b23 = f32x4.add(v128.shuffle<f32>(v23, v23, 0, 1, 0, 1), f32x4.mul(v128.shuffle<f32>(v23, v23, 2, 3, 2, 3), sign));
    // h = 2: twiddles 1 and -+i: t = [b2, -+i b3]
    const t = f32x4.mul(v128.shuffle<f32>(b23, b23, 0, 1, 3, 2), rot);
    const p = buf + (<usize>k << 3);
    v128.store(p, f32x4.add(b01, t));
    v128.store(p, f32x4.sub(b01, t), 16);
  }
}

function runStages32(buf: usize, log2m: i32, inverse: bool, input: usize = 0, rev: usize = 0): void {
  const m = 1 << log2m;
  const tw = getTwiddles32(log2m, inverse);
  const tw4 = getRadix4Twiddles32(log2m, inverse);
  const rot = inverse ? f32x4(-1, 1, -1, 1) : f32x4(1, -1, 1, -1);
  let h = 2;
  if (input != 0) {
    gatherFirst32(buf, input, rev, m, inverse);
    h = 4;
  } else passFirst(buf, m);
  while (h < m) {
    if (h << 1 < m) {
      pass4(buf, m, h, tw4, rot);
      h <<= 2;
    } else {
      pass2(buf, m, h, tw);
      h <<= 1;
    }
  }
}

function ensureWork(m: i32): usize {
  if (m > workCap) {
    work = heap.alloc(<usize>m << 3);
    workCap = m;
  }
  return work;
}

/** Forward real FFT in float32 (two complex per vector): n floats -> n/2+1 complex [re, im]. Unnormalised. */
export function rfft32Pairs(input: usize, output: usize, n: i32): i32 {
  if (!isFftSize(n)) return ERR_SIZE;
  const log2n = ctz(n);
  const m = n >> 1;
  const log2m = log2n - 1;
  const buf = ensureWork(m);
  runStages32(buf, log2m, false, input, getRev(log2m));
  const rtw = getRealTwiddles32(log2n);
  const z0r = load<f32>(buf);
  const z0i = load<f32>(buf, 4);
  store<f32>(output, z0r + z0i);
  store<f32>(output, 0, 4);
  store<f32>(output + (<usize>m << 3), z0r - z0i);
  store<f32>(output + (<usize>m << 3), 0, 4);
  // two bins per f32x4: [z_k, z_k+1] against [z_m-k, z_m-k-1] (the pair below m-k, lanes swapped)
  const half = m >> 1;
  const rim = rtw + (<usize>(half + 1) << 3);
  const conjv = f32x4(1, -1, 1, -1);
  const halfv = f32x4.splat(0.5);
  for (let k = 1; k < half; k += 2) {
    const a = v128.load(buf + (<usize>k << 3));
    const bRaw = v128.load(buf + (<usize>(m - k - 1) << 3));
    const b = f32x4.mul(v128.shuffle<f32>(bRaw, bRaw, 2, 3, 0, 1), conjv);
    const e = f32x4.mul(halfv, f32x4.add(a, b));
    const d = f32x4.mul(halfv, f32x4.sub(a, b));
    // o = -i d = [d.im, -d.re]; t = o * w_k
    const o = f32x4.mul(v128.shuffle<f32>(d, d, 1, 0, 3, 2), conjv);
    const t = cmul2(o, v128.load(rtw + (<usize>k << 3)), v128.load(rim + (<usize>k << 3)));
    v128.store(output + (<usize>k << 3), f32x4.add(e, t));
    const lo = f32x4.mul(f32x4.sub(e, t), conjv);
    v128.store(output + (<usize>(m - k - 1) << 3), v128.shuffle<f32>(lo, lo, 2, 3, 0, 1));
  }
  return OK;
}

/** Inverse real FFT in float32: n/2+1 complex -> n floats, scaled by 1/n. */
export function irfft32Pairs(input: usize, output: usize, n: i32): i32 {
  if (!isFftSize(n)) return ERR_SIZE;
  const log2n = ctz(n);
  const m = n >> 1;
  const log2m = log2n - 1;
  const buf = ensureWork(m);
  const rev = getRev(log2m);
  const rtw = getRealTwiddles32(log2n);
  const x0 = load<f32>(input);
  const xm = load<f32>(input + (<usize>m << 3));
  store<f32>(buf, x0 + xm);
  store<f32>(buf, x0 - xm, 4);
  for (let k = 1, half = m >> 1; k <= half; k++) {
    const pk = input + (<usize>k << 3);
    const pm = input + (<usize>(m - k) << 3);
    const ar = load<f32>(pk), ai = load<f32>(pk, 4);
    const br = load<f32>(pm), bi = -load<f32>(pm, 4);
    const er = ar + br, ei = ai + bi;
    const dr = ar - br, di = ai - bi;
    const wr = load<f32>(rtw + (<usize>k << 3)), wi = load<f32>(rtw + (<usize>(half + 1 + k) << 3), 4);
    const or = dr * wr + di * wi, oi = di * wr - dr * wi;
    const rk = <usize>load<u32>(rev + (<usize>k << 2));
    const rm = <usize>load<u32>(rev + (<usize>(m - k) << 2));
    store<f32>(buf + (rk << 3), er - oi);
    store<f32>(buf + (rk << 3), ei + or, 4);
    store<f32>(buf + (rm << 3), er + oi);
    store<f32>(buf + (rm << 3), -(ei - or), 4);
  }
  runStages32(buf, log2m, true);
  const scale = f32x4.splat(<f32>(1.0 / <f64>n));
  for (let p: usize = 0, bytes = <usize>m << 3; p < bytes; p += 16) {
    v128.store(output + p, f32x4.mul(v128.load(buf + p), scale));
  }
  return OK;
}
