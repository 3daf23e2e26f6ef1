// In-place complex FFT core (float64, radix-4 passes with one radix-2 pass when log2 m is odd).
// Data: m complex values interleaved [re, im], one f64x2 lane pair per value, already in bit-reversed
// order (decimation in time). Unnormalised in both directions.

/** (a.re + i a.im) * w, with w pre-expanded as wr = [wr, wr], wi = [-wi, wi]. */
@inline function cmul(a: v128, wr: v128, wi: v128): v128 {
  return f64x2.add(f64x2.mul(a, wr), f64x2.mul(v128.shuffle<f64>(a, a, 1, 0), wi));
}

/** Multiplies by -i (forward, rot = [1, -1]) or +i (inverse, rot = [-1, 1]). */
@inline function rotate(a: v128, rot: v128): v128 {
  return f64x2.mul(v128.shuffle<f64>(a, a, 1, 0), rot);
}

/** First radix-2 stage (h = 1): all twiddles are 1. */
function passFirst2(buf: usize, m: i32): void {
  const end = buf + (<usize>m << 4);
  for (let p = buf; p < end; p += 32) {
    const a0 = v128.load(p);
    const a1 = v128.load(p, 16);
    v128.store(p, f64x2.add(a0, a1));
    v128.store(p, f64x2.sub(a0, a1), 16);
  }
}

/** First radix-4 pass (stages h = 1 and 2): twiddles are 1, 1 and -+i. */
function passFirst4(buf: usize, m: i32, rot: v128): void {
  const end = buf + (<usize>m << 4);
  for (let p = buf; p < end; p += 64) {
    const a0 = v128.load(p);
    const a1 = v128.load(p, 16);
    const a2 = v128.load(p, 32);
    const a3 = v128.load(p, 48);
    const b0 = f64x2.add(a0, a1);
    const b1 = f64x2.sub(a0, a1);
    const b2 = f64x2.add(a2, a3);
    const b3 = rotate(f64x2.sub(a2, a3), rot);
    v128.store(p, f64x2.add(b0, b2));
    v128.store(p, f64x2.add(b1, b3), 16);
    v128.store(p, f64x2.sub(b0, b2), 32);
    v128.store(p, f64x2.sub(b1, b3), 48);
  }
}

/** One radix-2 stage of half-size h. */
function pass2(buf: usize, m: i32, h: i32, tw: usize): void {
  const span = <usize>h << 4;
  const twh = tw + (<usize>h << 5);
  for (let g: usize = buf, end = buf + (<usize>m << 4); g < end; g += span << 1) {
    for (let j: usize = 0; j < span; j += 16) {
      const w = twh + (j << 1);
      const p = g + j;
      const a0 = v128.load(p);
      const t = cmul(v128.load(p + span), v128.load(w), v128.load(w, 16));
      v128.store(p, f64x2.add(a0, t));
      v128.store(p + span, f64x2.sub(a0, t));
    }
  }
}

/**
 * Two radix-2 stages (half-sizes h and 2h) fused into one radix-4 pass with three complex multiplies
 * per butterfly: with w = exp(-+ i pi j / 2h), the inputs a1, a2, a3 (bit-reversed order) are
 * multiplied by w^2, w, w^3 (tw4), then combined with twiddle-free adds and one -+i rotation.
 */
function pass4(buf: usize, m: i32, h: i32, tw4: usize, rot: v128): void {
  const span = <usize>h << 4;
  const twh = tw4 + <usize>h * 96;
  for (let g: usize = buf, end = buf + (<usize>m << 4); g < end; g += span << 2) {
    let w = twh;
    for (let j: usize = 0; j < span; j += 16, w += 96) {
      const p0 = g + j;
      const p1 = p0 + span;
      const p2 = p1 + span;
      const p3 = p2 + span;
      const a0 = v128.load(p0);
      const c1 = cmul(v128.load(p1), v128.load(w, 32), v128.load(w, 48));
      const c2 = cmul(v128.load(p2), v128.load(w), v128.load(w, 16));
      const c3 = cmul(v128.load(p3), v128.load(w, 64), v128.load(w, 80));
      const b0 = f64x2.add(a0, c1);
      const b1 = f64x2.sub(a0, c1);
      const s = f64x2.add(c2, c3);
      const d = rotate(f64x2.sub(c2, c3), rot);
      v128.store(p0, f64x2.add(b0, s));
      v128.store(p2, f64x2.sub(b0, s));
      v128.store(p1, f64x2.add(b1, d));
      v128.store(p3, f64x2.sub(b1, d));
    }
  }
}

/**
 * First pass fused with the bit-reversal gather: reads z[rev[k]] straight from `input` (m complex),
 * so the permutation costs no separate pass over memory. Returns the next stage half-size.
 */
export function gatherFirstPass(buf: usize, input: usize, rev: usize, log2m: i32, inverse: bool): i32 {
  const m = 1 << log2m;
  const rot = inverse ? f64x2(-1.0, 1.0) : f64x2(1.0, -1.0);
  if (log2m & 1) return gatherFirstPass8(buf, input, rev, m, rot);
  // rev[k + j] = rev[k] + rev2(j) * m/4 for k a multiple of 4: one table read per four values
  const q4 = <usize>m << 2; // m/4 complex, in bytes
  for (let k = 0; k < m; k += 4) {
    const base = input + (<usize>load<u32>(rev + (<usize>k << 2)) << 4);
    const a0 = v128.load(base);
    const a1 = v128.load(base + 2 * q4);
    const a2 = v128.load(base + q4);
    const a3 = v128.load(base + 3 * q4);
    const b0 = f64x2.add(a0, a1);
    const b1 = f64x2.sub(a0, a1);
    const b2 = f64x2.add(a2, a3);
    const b3 = rotate(f64x2.sub(a2, a3), rot);
    const p = buf + (<usize>k << 4);
    v128.store(p, f64x2.add(b0, b2));
    v128.store(p, f64x2.add(b1, b3), 16);
    v128.store(p, f64x2.sub(b0, b2), 32);
    v128.store(p, f64x2.sub(b1, b3), 48);
  }
  return 4;
}

/**
 * Odd log2 m (m >= 8): the first three stages (h = 1, 2, 4) as one radix-8 pass fused with the gather,
 * so the radix-4 passes that follow cover the rest with no radix-2 pass (one pass over the buffer fewer
 * than radix-2 + radix-4s: 3 instead of 4 at n = 256). The h = 4 twiddles exp(-+ i pi j / 4) are
 * 1, (1 -+ i) / sqrt 2, -+ i and (-1 -+ i) / sqrt 2: adds, one rotation and a scale, no table.
 */
function gatherFirstPass8(buf: usize, input: usize, rev: usize, m: i32, rot: v128): i32 {
  const s = f64x2.splat(Math.SQRT1_2);
  // rev[k + j] = rev[k] + rev3(j) * m/8 for k a multiple of 8 (rev3 = 0 4 2 6 1 5 3 7)
  const q8 = <usize>m << 1; // m/8 complex, in bytes
  for (let k = 0; k < m; k += 8) {
    const base = input + (<usize>load<u32>(rev + (<usize>k << 2)) << 4);
    const a0 = v128.load(base);
    const a1 = v128.load(base + 4 * q8);
    const a2 = v128.load(base + 2 * q8);
    const a3 = v128.load(base + 6 * q8);
    const a4 = v128.load(base + q8);
    const a5 = v128.load(base + 5 * q8);
    const a6 = v128.load(base + 3 * q8);
    const a7 = v128.load(base + 7 * q8);
    // two 4-point DFTs (stages h = 1, 2), as in passFirst4
    const b0 = f64x2.add(a0, a1), b1 = f64x2.sub(a0, a1);
    const b2 = f64x2.add(a2, a3), b3 = rotate(f64x2.sub(a2, a3), rot);
    const e0 = f64x2.add(b0, b2), e1 = f64x2.add(b1, b3), e2 = f64x2.sub(b0, b2), e3 = f64x2.sub(b1, b3);
    const c0 = f64x2.add(a4, a5), c1 = f64x2.sub(a4, a5);
    const c2 = f64x2.add(a6, a7), c3 = rotate(f64x2.sub(a6, a7), rot);
    const d0 = f64x2.add(c0, c2), d1 = f64x2.add(c1, c3), d2 = f64x2.sub(c0, c2), d3 = f64x2.sub(c1, c3);
    // stage h = 4: t_j = w8^j d_j
    const t1 = f64x2.mul(f64x2.add(d1, rotate(d1, rot)), s);
    const t2 = rotate(d2, rot);
    const t3 = f64x2.mul(f64x2.sub(rotate(d3, rot), d3), s);
    const p = buf + (<usize>k << 4);
    v128.store(p, f64x2.add(e0, d0));
    v128.store(p, f64x2.add(e1, t1), 16);
    v128.store(p, f64x2.add(e2, t2), 32);
    v128.store(p, f64x2.add(e3, t3), 48);
    v128.store(p, f64x2.sub(e0, d0), 64);
    v128.store(p, f64x2.sub(e1, t1), 80);
    v128.store(p, f64x2.sub(e2, t2), 96);
    v128.store(p, f64x2.sub(e3, t3), 112);
  }
  return 8;
}

/**
 * Runs the remaining stages from half-size h0 (after gatherFirstPass) up to, not including, half-size
 * `stop` (0 = all stages; the real FFT stops at m / 4 and fuses the last radix-4 pass with its split).
 */
export function runStagesFrom(buf: usize, log2m: i32, tw: usize, tw4: usize, inverse: bool, h0: i32, stop: i32 = 0): void {
  const m = 1 << log2m;
  const end = stop > 0 ? stop : m;
  const rot = inverse ? f64x2(-1.0, 1.0) : f64x2(1.0, -1.0);
  let h = h0;
  while (h < end) {
    if (h << 1 < m) {
      pass4(buf, m, h, tw4, rot);
      h <<= 2;
    } else {
      pass2(buf, m, h, tw);
      h <<= 1;
    }
  }
}

/** Runs all butterfly stages on bit-reversed data of 2^log2m complex points (log2m >= 2). */
export function runComplexStages(buf: usize, log2m: i32, tw: usize, tw4: usize, inverse: bool): void {
  const m = 1 << log2m;
  const rot = inverse ? f64x2(-1.0, 1.0) : f64x2(1.0, -1.0);
  let h = 1;
  if (log2m & 1) {
    passFirst2(buf, m);
    h = 2;
  } else {
    passFirst4(buf, m, rot);
    h = 4;
  }
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
