// Forward real FFT, last step: the combining pass of complex32.ts fused with the real split, so the
// half-length spectrum Z never goes through memory (one pass over m complex values saved).
// Rows R = 4t+1..4t+4 and their mirror rows R' = L-4t-4..L-4t-1 are combined together into a 256-byte
// scratch: bin k = r + qL (r in R) pairs with m - k = r' + (3-q)L (r' in R', lanes reversed), so each
// output vector pair needs one lane reversal. Row 0 (bins 0, L, 2L, 3L) is done in scalar code.
// Split: X[k] = (2E + W^k 2O) / 2, X[m-k] = conj(2E - W^k 2O) / 2, 2E = a + conj(b), 2O = (a - conj(b)) / i,
// a = Z[k], b = Z[m-k], W = exp(-2 pi i / n).
import { combineRows } from './complex32';

const SCRATCH = memory.data(256, 16);
const SHIFTED_TW = memory.data(4 * 18);

/** Combining twiddles (forward) for row blocks 4t+1..4t+4: same layout as getCombineTwiddles, shifted one row. */
function getShiftedCombineTwiddles(log2L: i32): usize {
  const slot = SHIFTED_TW + (<usize>log2L << 2);
  let t = <usize>load<u32>(slot);
  if (t != 0) return t;
  const L = 1 << log2L;
  t = heap.alloc(<usize>(L >> 2) * 96 + 32);
  for (let k = 1; k <= L; k++) {
    const e = t + <usize>((k - 1) >> 2) * 96 + (<usize>((k - 1) & 3) << 2);
    for (let b = 1; b <= 3; b++) {
      const angle = -2.0 * Math.PI * <f64>(b * k) / <f64>(4 * L);
      store<f32>(e + <usize>(b - 1) * 32, <f32>Math.cos(angle));
      store<f32>(e + <usize>(b - 1) * 32, <f32>Math.sin(angle), 16);
    }
  }
  store<u32>(slot, <u32>t);
  return t;
}

/**
 * Split of four bins: a = Z[k..k+3] (scratch at pa: re, im), b = Z[m-k-3..m-k] (scratch at pb, natural
 * order, reversed here); X[k..k+3] stored at pk, X[m-k-3..m-k] at pm, interleaved [re, im].
 */
@inline function splitBlock(pa: usize, pb: usize, c: v128, s: v128, pk: usize, pm: usize): void {
  const ar = v128.load(pa), ai = v128.load(pa, 16);
  let v = v128.load(pb);
  const br = v128.shuffle<f32>(v, v, 3, 2, 1, 0);
  v = v128.load(pb, 16);
  const bi = v128.shuffle<f32>(v, v, 3, 2, 1, 0);
  const er = f32x4.add(ar, br), ei = f32x4.sub(ai, bi);
  const or = f32x4.add(ai, bi), oi = f32x4.sub(br, ar);
  const tr = f32x4.add(f32x4.mul(c, or), f32x4.mul(s, oi));
  const ti = f32x4.sub(f32x4.mul(c, oi), f32x4.mul(s, or));
  const halfv = f32x4.splat(0.5);
  const xr = f32x4.mul(halfv, f32x4.add(er, tr)), xi = f32x4.mul(halfv, f32x4.add(ei, ti));
  const yr = f32x4.mul(halfv, f32x4.sub(er, tr)), yi = f32x4.mul(halfv, f32x4.sub(ti, ei));
  v128.store(pk, v128.shuffle<f32>(xr, xi, 0, 4, 1, 5));
  v128.store(pk, v128.shuffle<f32>(xr, xi, 2, 6, 3, 7), 16);
  v128.store(pm, v128.shuffle<f32>(yr, yi, 3, 7, 2, 6));
  v128.store(pm, v128.shuffle<f32>(yr, yi, 1, 5, 0, 4), 16);
}

/** Bins 0, L, 2L, 3L and m from row 0 (all its combining twiddles are 1). */
function splitRowZero(rows: usize, output: usize, L: i32, cosT: usize, sinT: usize): void {
  const t0r = load<f32>(rows), t1r = load<f32>(rows, 4), t2r = load<f32>(rows, 8), t3r = load<f32>(rows, 12);
  const t0i = load<f32>(rows, 16), t1i = load<f32>(rows, 20), t2i = load<f32>(rows, 24), t3i = load<f32>(rows, 28);
  const s02r = t0r + t2r, s02i = t0i + t2i, d02r = t0r - t2r, d02i = t0i - t2i;
  const s13r = t1r + t3r, s13i = t1i + t3i, d13r = t1r - t3r, d13i = t1i - t3i;
  const z0r = s02r + s13r, z0i = s02i + s13i;
  const m = <usize>L << 2;
  store<f32>(output, z0r + z0i);
  store<f32>(output, 0, 4);
  store<f32>(output + (m << 3), z0r - z0i);
  store<f32>(output + (m << 3), 0, 4);
  // X[2L] = conj(Z[2L])
  const p2 = output + (<usize>L << 4);
  store<f32>(p2, s02r - s13r);
  store<f32>(p2, -(s02i - s13i), 4);
  // a = Z[L] = d02 - i d13, b = Z[3L] = d02 + i d13
  const ar = d02r + d13i, ai = d02i - d13r, br = d02r - d13i, bi = d02i + d13r;
  const c = load<f32>(cosT + (<usize>L << 2)), s = load<f32>(sinT + (<usize>L << 2));
  const er = ar + br, ei = ai - bi, or = ai + bi, oi = br - ar;
  const tr = c * or + s * oi, ti = c * oi - s * or;
  const p1 = output + (<usize>L << 3);
  store<f32>(p1, 0.5 * (er + tr));
  store<f32>(p1, 0.5 * (ei + ti), 4);
  const p3 = output + (<usize>L * 24);
  store<f32>(p3, 0.5 * (er - tr));
  store<f32>(p3, 0.5 * (ti - ei), 4);
}

/**
 * Combining pass + real split: rows of the column spectra (runColumns32 output, radix-2 pass done) ->
 * X[0..m] interleaved at `output`. L >= 8; combTw from getCombineTwiddles(log2L, false); cosT/sinT:
 * cos and sin of 2 pi k / n for k = 0..m/2.
 */
export function combineSplit32(rows: usize, output: usize, log2L: i32, combTw: usize, cosT: usize, sinT: usize): void {
  const L = 1 << log2L;
  const m = L << 2;
  const shiftedTw = getShiftedCombineTwiddles(log2L);
  const S = SCRATCH;
  splitRowZero(rows, output, L, cosT, sinT);
  for (let t = 0; t < L >> 3; t++) {
    const r = 4 * t + 1;
    const rp = L - 4 * t - 4;
    let p = rows + (<usize>r << 5);
    combineRows(
      v128.load(p), v128.load(p, 16), v128.load(p, 32), v128.load(p, 48),
      v128.load(p, 64), v128.load(p, 80), v128.load(p, 96), v128.load(p, 112),
      S, S + 16, 32, 32, 96, shiftedTw + <usize>t * 96,
    );
    p = rows + (<usize>rp << 5);
    combineRows(
      v128.load(p), v128.load(p, 16), v128.load(p, 32), v128.load(p, 48),
      v128.load(p, 64), v128.load(p, 80), v128.load(p, 96), v128.load(p, 112),
      S + 128, S + 144, 32, 32, 96, combTw + <usize>(rp >> 2) * 96,
    );
    // bins below m/2 are r + qL and r' + qL for q = 0, 1; their partners are the other block at 3 - q
    for (let q = 0; q < 2; q++) {
      const k = r + q * L;
      const kp = rp + q * L;
      splitBlock(S + (<usize>q << 5), S + 128 + (<usize>(3 - q) << 5),
        v128.load(cosT + (<usize>k << 2)), v128.load(sinT + (<usize>k << 2)),
        output + (<usize>k << 3), output + (<usize>(m - k - 3) << 3));
      splitBlock(S + 128 + (<usize>q << 5), S + (<usize>(3 - q) << 5),
        v128.load(cosT + (<usize>kp << 2)), v128.load(sinT + (<usize>kp << 2)),
        output + (<usize>kp << 3), output + (<usize>(m - kp - 3) << 3));
    }
  }
}
