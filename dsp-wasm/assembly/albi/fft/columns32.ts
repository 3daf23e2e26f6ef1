// Complex FFT of length m = 4L in float32, laid out as four independent columns (the layout of pffft):
// z[j], j = 4a + b, is read as row a, column b. Each "element" is one row in split form, 32 bytes:
// [re of columns 0..3][im of columns 0..3], so one f32x4 op works on the four columns at once and no
// butterfly needs a shuffle. Steps:
//   1. L-point FFT of every column (Stockham autosort, radix-4 passes, one radix-2 pass when log2 L is
//      odd; natural order in and out, no bit reversal). The first pass reads the interleaved input.
//   2. Combining pass: Z[k + qL] = sum_b W_m^(bk) Y_b[k] (-i)^(bq), on four rows k at a time after a
//      4x4 transpose. Output: Z split into re[0..m) and im[0..m) float arrays, natural order.
// The inverse uses the same steps with conjugate twiddles (and b, d swapped in each butterfly).
// This file: twiddle tables and the column passes; complex32.ts runs them and does step 2.
const SLOTS: i32 = 18;
const PASS_TW = memory.data(8 * SLOTS); // [forward, inverse] per log2 L
const COMB_TW = memory.data(8 * SLOTS);

/** Pass twiddles: for nn = L, L/4, .. >= 4, for p < nn/4: W_nn^p, W_nn^2p, W_nn^3p as (re, im) f32 (24 bytes). */
export function getPassTwiddles(log2L: i32, inverse: bool): usize {
  const slot = PASS_TW + (<usize>log2L << 3) + (inverse ? 4 : 0);
  let t = <usize>load<u32>(slot);
  if (t != 0) return t;
  const L = 1 << log2L;
  t = heap.alloc(<usize>L * 24 + 32);
  const sign: f64 = inverse ? 1.0 : -1.0;
  let e = t;
  for (let nn = L; nn >= 4; nn >>= 2) {
    for (let p = 0; p < nn >> 2; p++, e += 24) {
      for (let r = 1; r <= 3; r++) {
        const angle = sign * 2.0 * Math.PI * <f64>(r * p) / <f64>nn;
        store<f32>(e + <usize>(r - 1) * 8, <f32>Math.cos(angle));
        store<f32>(e + <usize>(r - 1) * 8, <f32>Math.sin(angle), 4);
      }
    }
  }
  store<u32>(slot, <u32>t);
  return t;
}

/** Combining twiddles: per block of four rows k0..k0+3, for b = 1..3: [re W_m^(b k)] [im W_m^(b k)] (96 bytes). */
export function getCombineTwiddles(log2L: i32, inverse: bool): usize {
  const slot = COMB_TW + (<usize>log2L << 3) + (inverse ? 4 : 0);
  let t = <usize>load<u32>(slot);
  if (t != 0) return t;
  const L = 1 << log2L;
  t = heap.alloc(<usize>(L >> 2) * 96 + 32);
  const sign: f64 = inverse ? 1.0 : -1.0;
  for (let k = 0; k < L; k++) {
    const e = t + <usize>(k >> 2) * 96 + (<usize>(k & 3) << 2);
    for (let b = 1; b <= 3; b++) {
      const angle = sign * 2.0 * Math.PI * <f64>(b * k) / <f64>(4 * L);
      store<f32>(e + <usize>(b - 1) * 32, <f32>Math.cos(angle));
      store<f32>(e + <usize>(b - 1) * 32, <f32>Math.sin(angle), 16);
    }
  }
  store<u32>(slot, <u32>t);
  return t;
}

/** (xr, xi) * splat(w) stored at p (re) and p + 16 (im); w points at an (re, im) f32 pair. */
@inline function storeTwiddled(p: usize, xr: v128, xi: v128, w: usize): void {
  const wr = v128.load32_splat(w);
  const wi = v128.load32_splat(w, 4);
  v128.store(p, f32x4.sub(f32x4.mul(xr, wr), f32x4.mul(xi, wi)));
  v128.store(p, f32x4.add(f32x4.mul(xr, wi), f32x4.mul(xi, wr)), 16);
}

/** Radix-4 butterfly (forward sign) on split vectors; outputs at y, y + os, y + 2 os, y + 3 os. */
@inline function butterfly4(
  ar: v128, ai: v128, br: v128, bi: v128, cr: v128, ci: v128, dr: v128, di: v128,
  y: usize, os: usize, w: usize, twiddled: bool,
): void {
  const apcr = f32x4.add(ar, cr), apci = f32x4.add(ai, ci);
  const amcr = f32x4.sub(ar, cr), amci = f32x4.sub(ai, ci);
  const bpdr = f32x4.add(br, dr), bpdi = f32x4.add(bi, di);
  const bmdr = f32x4.sub(br, dr), bmdi = f32x4.sub(bi, di);
  v128.store(y, f32x4.add(apcr, bpdr));
  v128.store(y, f32x4.add(apci, bpdi), 16);
  const y1r = f32x4.add(amcr, bmdi), y1i = f32x4.sub(amci, bmdr);
  const y2r = f32x4.sub(apcr, bpdr), y2i = f32x4.sub(apci, bpdi);
  const y3r = f32x4.sub(amcr, bmdi), y3i = f32x4.add(amci, bmdr);
  if (twiddled) {
    storeTwiddled(y + os, y1r, y1i, w);
    storeTwiddled(y + 2 * os, y2r, y2i, w + 8);
    storeTwiddled(y + 3 * os, y3r, y3i, w + 16);
  } else {
    v128.store(y + os, y1r);
    v128.store(y + os, y1i, 16);
    v128.store(y + 2 * os, y2r);
    v128.store(y + 2 * os, y2i, 16);
    v128.store(y + 3 * os, y3r);
    v128.store(y + 3 * os, y3i, 16);
  }
}

/** First pass (nn = L, stride 1), reading interleaved complex input: row a = z[4a..4a+3] at input + 32a. */
export function passFirst(input: usize, dst: usize, L: i32, offB: usize, offD: usize, tw: usize): void {
  const quarter = <usize>(L >> 2) << 5;
  let w = tw;
  for (let p: usize = 0, end = quarter; p < end; p += 32, w += 24) {
    const pa = input + p;
    let v0 = v128.load(pa), v1 = v128.load(pa, 16);
    const ar = v128.shuffle<f32>(v0, v1, 0, 2, 4, 6), ai = v128.shuffle<f32>(v0, v1, 1, 3, 5, 7);
    v0 = v128.load(pa + offB); v1 = v128.load(pa + offB, 16);
    const br = v128.shuffle<f32>(v0, v1, 0, 2, 4, 6), bi = v128.shuffle<f32>(v0, v1, 1, 3, 5, 7);
    v0 = v128.load(pa + 2 * quarter); v1 = v128.load(pa + 2 * quarter, 16);
    const cr = v128.shuffle<f32>(v0, v1, 0, 2, 4, 6), ci = v128.shuffle<f32>(v0, v1, 1, 3, 5, 7);
    v0 = v128.load(pa + offD); v1 = v128.load(pa + offD, 16);
    const dr = v128.shuffle<f32>(v0, v1, 0, 2, 4, 6), di = v128.shuffle<f32>(v0, v1, 1, 3, 5, 7);
    butterfly4(ar, ai, br, bi, cr, ci, dr, di, dst + (p << 2), 32, w, true);
  }
}

/** A radix-4 Stockham pass of sub-length nn and stride s (s * nn = L); twiddle-free when nn = 4. */
export function passMiddle(src: usize, dst: usize, L: i32, nn: i32, offB: usize, offD: usize, tw: usize): void {
  const quarter = <usize>(L >> 2) << 5;
  const sb = <usize>(L / nn) << 5; // bytes of s rows
  if (nn == 4) {
    for (let q: usize = 0; q < sb; q += 32) {
      const pa = src + q;
      butterfly4(
        v128.load(pa), v128.load(pa, 16), v128.load(pa + offB), v128.load(pa + offB, 16),
        v128.load(pa + 2 * quarter), v128.load(pa + 2 * quarter, 16), v128.load(pa + offD), v128.load(pa + offD, 16),
        dst + q, sb, 0, false,
      );
    }
    return;
  }
  let w = tw;
  for (let p: usize = 0, end = quarter; p < end; p += sb, w += 24) {
    const out = dst + (p << 2);
    for (let q: usize = 0; q < sb; q += 32) {
      const pa = src + p + q;
      butterfly4(
        v128.load(pa), v128.load(pa, 16), v128.load(pa + offB), v128.load(pa + offB, 16),
        v128.load(pa + 2 * quarter), v128.load(pa + 2 * quarter, 16), v128.load(pa + offD), v128.load(pa + offD, 16),
        out + q, sb, w, true,
      );
    }
  }
}

/** The last pass when log2 L is odd: nn = 2, stride L/2, twiddle-free; in place. */
export function passRadix2(buf: usize, L: i32): void {
  const half = <usize>(L >> 1) << 5;
  for (let p = buf, end = buf + half; p < end; p += 16) {
    const a = v128.load(p);
    const b = v128.load(p + half);
    v128.store(p, f32x4.add(a, b));
    v128.store(p + half, f32x4.sub(a, b));
  }
}
