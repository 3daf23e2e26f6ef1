// Zero-phase SOS filtering of two channels at once: each f64x2 lane carries one channel through the
// same arithmetic as sos.ts (bit-identical per channel), doubling throughput of the latency-bound
// recurrences. The work buffer holds the padded pair interleaved [a0, b0, a1, b1, ..], but no pass
// exists only to move data: the forward pass reads the body straight from the two channels, and the
// backward pass writes the body straight into the two outputs.
import { ERR_LENGTH, ERR_NONFINITE, ERR_PARAM, OK } from '../common/status';
import { Scratch } from '../common/alloc';

const extBuf = new Scratch();
const ziBuf = new Scratch();
const IDENTITY = memory.data<f64>([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
const ZERO_STATE = memory.data(32);

@inline function coef(sos: usize, nsec: i32, s: i32): usize {
  return s < nsec ? sos + (<usize>(s * 6) << 3) : IDENTITY;
}
@inline function state(zi: usize, nsec: i32, s: i32): usize {
  return s < nsec ? zi + (<usize>s << 5) : ZERO_STATE;
}

/**
 * Four sections (s..s+3) over `count` samples of the pair. Lane a is read at inA + i * inStep and
 * lane b at inB + i * inStep (bytes; negative steps walk backward); the output pair is written the
 * same way at outA/outB with outStep. zi: nsec x [z0 v128, z1 v128], loaded and stored back, so a
 * pass may be split into several calls (e.g. pad, body, pad) with the same result.
 */
function runGroup2(
  sos: usize, nsec: i32, s: i32, zi: usize, count: i32,
  inA: usize, inB: usize, inStep: isize, outA: usize, outB: usize, outStep: isize,
): void {
  const c0 = coef(sos, nsec, s), c1 = coef(sos, nsec, s + 1), c2 = coef(sos, nsec, s + 2), c3 = coef(sos, nsec, s + 3);
  const p0 = state(zi, nsec, s), p1 = state(zi, nsec, s + 1), p2 = state(zi, nsec, s + 2), p3 = state(zi, nsec, s + 3);
  const b00 = v128.load64_splat(c0), b10 = v128.load64_splat(c0 + 8), b20 = v128.load64_splat(c0 + 16), a10 = v128.load64_splat(c0 + 32), a20 = v128.load64_splat(c0 + 40);
  const b01 = v128.load64_splat(c1), b11 = v128.load64_splat(c1 + 8), b21 = v128.load64_splat(c1 + 16), a11 = v128.load64_splat(c1 + 32), a21 = v128.load64_splat(c1 + 40);
  const b02 = v128.load64_splat(c2), b12 = v128.load64_splat(c2 + 8), b22 = v128.load64_splat(c2 + 16), a12 = v128.load64_splat(c2 + 32), a22 = v128.load64_splat(c2 + 40);
  const b03 = v128.load64_splat(c3), b13 = v128.load64_splat(c3 + 8), b23 = v128.load64_splat(c3 + 16), a13 = v128.load64_splat(c3 + 32), a23 = v128.load64_splat(c3 + 40);
  let z00 = v128.load(p0), z10 = v128.load(p0, 16);
  let z01 = v128.load(p1), z11 = v128.load(p1, 16);
  let z02 = v128.load(p2), z12 = v128.load(p2, 16);
  let z03 = v128.load(p3), z13 = v128.load(p3, 16);
  let ia = inA, ib = inB, oa = outA, ob = outB;
  for (let i = 0; i < count; i++) {
    const v0 = v128.load64_lane(ib, v128.load64_zero(ia), 1);
    const y0 = f64x2.add(f64x2.mul(b00, v0), z00);
    z00 = f64x2.sub(f64x2.add(f64x2.mul(b10, v0), z10), f64x2.mul(a10, y0));
    z10 = f64x2.sub(f64x2.mul(b20, v0), f64x2.mul(a20, y0));
    const y1 = f64x2.add(f64x2.mul(b01, y0), z01);
    z01 = f64x2.sub(f64x2.add(f64x2.mul(b11, y0), z11), f64x2.mul(a11, y1));
    z11 = f64x2.sub(f64x2.mul(b21, y0), f64x2.mul(a21, y1));
    const y2 = f64x2.add(f64x2.mul(b02, y1), z02);
    z02 = f64x2.sub(f64x2.add(f64x2.mul(b12, y1), z12), f64x2.mul(a12, y2));
    z12 = f64x2.sub(f64x2.mul(b22, y1), f64x2.mul(a22, y2));
    const y3 = f64x2.add(f64x2.mul(b03, y2), z03);
    z03 = f64x2.sub(f64x2.add(f64x2.mul(b13, y2), z13), f64x2.mul(a13, y3));
    z13 = f64x2.sub(f64x2.mul(b23, y2), f64x2.mul(a23, y3));
    v128.store64_lane(oa, y3, 0);
    v128.store64_lane(ob, y3, 1);
    ia = <usize>(<isize>ia + inStep); ib = <usize>(<isize>ib + inStep);
    oa = <usize>(<isize>oa + outStep); ob = <usize>(<isize>ob + outStep);
  }
  if (s < nsec) { v128.store(p0, z00); v128.store(p0, z10, 16); }
  if (s + 1 < nsec) { v128.store(p1, z01); v128.store(p1, z11, 16); }
  if (s + 2 < nsec) { v128.store(p2, z02); v128.store(p2, z12, 16); }
  if (s + 3 < nsec) { v128.store(p3, z03); v128.store(p3, z13, 16); }
}

function setState(zi: usize, zi0: usize, nsec: i32, a: f64, b: f64): void {
  for (let i = 0; i < nsec * 2; i++) {
    const z = load<f64>(zi0 + (<usize>i << 3));
    store<f64>(zi + (<usize>i << 4), z * a);
    store<f64>(zi + (<usize>i << 4), z * b, 8);
  }
}

/** The odd extensions of one channel (padlen samples each side) into lane `lane` of ext. */
function padInto(ext: usize, lane: i32, x: usize, n: i32, padlen: i32): void {
  const first = load<f64>(x);
  const last = load<f64>(x + (<usize>(n - 1) << 3));
  const base = ext + (<usize>lane << 3);
  for (let i = 0; i < padlen; i++) {
    store<f64>(base + (<usize>i << 4), 2.0 * first - load<f64>(x + (<usize>(padlen - i) << 3)));
    store<f64>(base + (<usize>(padlen + n + i) << 4), 2.0 * last - load<f64>(x + (<usize>(n - 2 - i) << 3)));
  }
}

@inline function isFinite2(v: v128): bool {
  // v - v is 0 for finite lanes and NaN for NaN/Infinity lanes; NaN != NaN
  const d = f64x2.sub(v, v);
  return v128.all_true<i64>(f64x2.eq(d, d));
}

/**
 * sosfiltfilt (see sos.ts) of channels xa and xb (n samples each) into outA and outB.
 * Non-finite input is detected without a separate pass: once a NaN or Infinity enters a section it
 * stays in its state (NaN * c = NaN, Inf - Inf = NaN, 0 * Inf = NaN), so the pair's last forward
 * output is finite exactly when every input sample (and every intermediate value) was; the same holds
 * for the backward pass and the first output samples.
 */
export function sosfiltfiltPair(sos: usize, nsec: i32, xa: usize, xb: usize, n: i32, padlen: i32, zi0: usize, outA: usize, outB: usize): i32 {
  if (nsec <= 0 || padlen < 0) return ERR_PARAM;
  if (n <= padlen || n < 1) return ERR_LENGTH;
  const total = n + 2 * padlen;
  const ext = extBuf.ensure(<usize>total << 4);
  const zi = ziBuf.ensure(<usize>nsec << 5);
  padInto(ext, 0, xa, n, padlen);
  padInto(ext, 1, xb, n, padlen);
  setState(zi, zi0, nsec, load<f64>(ext), load<f64>(ext, 8));
  const body = ext + (<usize>padlen << 4);
  const tail = body + (<usize>n << 4);
  // forward: the first group reads the body from the channels, later groups run in place
  for (let s = 0; s < nsec; s += 4) {
    runGroup2(sos, nsec, s, zi, padlen, ext, ext + 8, 16, ext, ext + 8, 16);
    if (s == 0) runGroup2(sos, nsec, s, zi, n, xa, xb, 8, body, body + 8, 16);
    else runGroup2(sos, nsec, s, zi, n, body, body + 8, 16, body, body + 8, 16);
    runGroup2(sos, nsec, s, zi, padlen, tail, tail + 8, 16, tail, tail + 8, 16);
  }
  const lastPair = ext + (<usize>(total - 1) << 4);
  if (!isFinite2(v128.load(lastPair))) return ERR_NONFINITE;
  setState(zi, zi0, nsec, load<f64>(lastPair), load<f64>(lastPair, 8));
  // backward from the end; the left pad's outputs would be discarded, so it is not filtered at all;
  // the last group writes the body straight into the outputs
  const bodyLast = body + (<usize>(n - 1) << 4);
  for (let s = 0; s < nsec; s += 4) {
    runGroup2(sos, nsec, s, zi, padlen, lastPair, lastPair + 8, -16, lastPair, lastPair + 8, -16);
    if (s + 4 < nsec) runGroup2(sos, nsec, s, zi, n, bodyLast, bodyLast + 8, -16, bodyLast, bodyLast + 8, -16);
    else runGroup2(sos, nsec, s, zi, n, bodyLast, bodyLast + 8, -16, outA + (<usize>(n - 1) << 3), outB + (<usize>(n - 1) << 3), -8);
  }
  // the backward pass's last outputs: finite unless it overflowed somewhere
  const a0 = load<f64>(outA);
  const b0 = load<f64>(outB);
  return a0 - a0 == 0.0 && b0 - b0 == 0.0 ? OK : ERR_NONFINITE;
}
