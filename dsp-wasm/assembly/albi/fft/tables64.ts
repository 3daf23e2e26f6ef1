// Precomputed FFT tables (float64), built on first use per size and kept for the life of the instance.
//
// For a complex FFT of size m = 2^L (the real FFT of size n = 2m runs one of these):
//   rev[k]            u32 bit-reversal of k over L bits                       (m entries)
//   tw[h + j]         stage-h twiddle exp(-+ i*pi*j/h), j < h, h = 1,2,4..m/2 (m entries, entry 0 unused)
//                     stored for f64x2 complex multiply as [wr, wr, -wi, wi]    (32 bytes per entry)
//   realTw[k]         exp(-2*pi*i*k/n), k = 0..m/2, as [wr, wr, -wi, wi]       (32 bytes per entry)
//   splitTw[k]        -i/2 exp(-2*pi*i*k/n), k = 0..m/2, as [vr, vr, -vi, vi] = [wi, wi, wr, -wr] / 2
//                     (the real split's twiddle with its -i and 1/2 folded in; halving is exact)
//   tw4[h + j]        radix-4 pass h (stages h and 2h fused), j < h: w, w^2, w^3 with w = exp(-+ i*pi*j/(2h)),
//                     each as [wr, wr, -wi, wi]                               (96 bytes per entry)
// Each twiddle is computed directly with cos/sin (no recurrence), so tables are accurate to ~1 ulp.

const SLOTS: i32 = 18;
const REV = memory.data(4 * SLOTS);
const TW_FWD = memory.data(4 * SLOTS);
const TW_INV = memory.data(4 * SLOTS);
const REAL_TW = memory.data(4 * SLOTS);
const TW4_FWD = memory.data(4 * SLOTS);
const TW4_INV = memory.data(4 * SLOTS);
const SPLIT_TW = memory.data(4 * SLOTS);

/** Bit-reversal table for a complex FFT of 2^log2m points. */
export function getRev(log2m: i32): usize {
  const slot = REV + (<usize>log2m << 2);
  let p = <usize>load<u32>(slot);
  if (p != 0) return p;
  const m = 1 << log2m;
  p = heap.alloc(<usize>m << 2);
  for (let k = 0; k < m; k++) {
    let r = 0;
    let v = k;
    for (let b = 0; b < log2m; b++) {
      r = (r << 1) | (v & 1);
      v >>= 1;
    }
    store<u32>(p + (<usize>k << 2), r);
  }
  store<u32>(slot, <u32>p);
  return p;
}

/** Stage twiddles for a complex FFT of 2^log2m points; sign -1 = forward, +1 = inverse. */
export function getStageTwiddles(log2m: i32, inverse: bool): usize {
  const slot = (inverse ? TW_INV : TW_FWD) + (<usize>log2m << 2);
  let p = <usize>load<u32>(slot);
  if (p != 0) return p;
  const m = 1 << log2m;
  p = heap.alloc(<usize>m << 5);
  const sign: f64 = inverse ? 1.0 : -1.0;
  for (let h = 1; h < m; h <<= 1) {
    for (let j = 0; j < h; j++) {
      const angle = sign * Math.PI * <f64>j / <f64>h;
      const wr = Math.cos(angle);
      const wi = Math.sin(angle);
      const e = p + (<usize>(h + j) << 5);
      store<f64>(e, wr);
      store<f64>(e, wr, 8);
      store<f64>(e, -wi, 16);
      store<f64>(e, wi, 24);
    }
  }
  store<u32>(slot, <u32>p);
  return p;
}

/** exp(-2*pi*i*k/n) for k = 0..n/4, for the real-FFT split step of size n = 2^log2n. */
export function getRealTwiddles(log2n: i32): usize {
  const slot = REAL_TW + (<usize>log2n << 2);
  let p = <usize>load<u32>(slot);
  if (p != 0) return p;
  const n = 1 << log2n;
  const q = n >> 2;
  p = heap.alloc(<usize>(q + 1) << 5);
  for (let k = 0; k <= q; k++) {
    const angle = -2.0 * Math.PI * <f64>k / <f64>n;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    const e = p + (<usize>k << 5);
    store<f64>(e, wr);
    store<f64>(e, wr, 8);
    store<f64>(e, -wi, 16);
    store<f64>(e, wi, 24);
  }
  store<u32>(slot, <u32>p);
  return p;
}

@inline function storeTwiddle(e: usize, angle: f64): void {
  const wr = Math.cos(angle);
  const wi = Math.sin(angle);
  store<f64>(e, wr);
  store<f64>(e, wr, 8);
  store<f64>(e, -wi, 16);
  store<f64>(e, wi, 24);
}

/** Radix-4 pass twiddles (w, w^2, w^3 per j) for a complex FFT of 2^log2m points; see the header. */
export function getRadix4Twiddles(log2m: i32, inverse: bool): usize {
  const slot = (inverse ? TW4_INV : TW4_FWD) + (<usize>log2m << 2);
  let p = <usize>load<u32>(slot);
  if (p != 0) return p;
  const m = 1 << log2m;
  p = heap.alloc(<usize>m * 96);
  const sign: f64 = inverse ? 1.0 : -1.0;
  for (let h = 1; h < m; h <<= 1) {
    for (let j = 0; j < h; j++) {
      const e = p + <usize>(h + j) * 96;
      // each power computed directly (not by multiplying w), so every entry is accurate to ~1 ulp
      const base = sign * Math.PI / <f64>(2 * h);
      storeTwiddle(e, base * <f64>j);
      storeTwiddle(e + 32, base * <f64>(2 * j));
      storeTwiddle(e + 64, base * <f64>(3 * j));
    }
  }
  store<u32>(slot, <u32>p);
  return p;
}

/** -i/2 exp(-2*pi*i*k/n) for k = 0..n/4 (see the header), for the fused real split of size n = 2^log2n. */
export function getSplitTwiddles(log2n: i32): usize {
  const slot = SPLIT_TW + (<usize>log2n << 2);
  let p = <usize>load<u32>(slot);
  if (p != 0) return p;
  const n = 1 << log2n;
  const q = n >> 2;
  p = heap.alloc(<usize>(q + 1) << 5);
  for (let k = 0; k <= q; k++) {
    const angle = -2.0 * Math.PI * <f64>k / <f64>n;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    const e = p + (<usize>k << 5);
    store<f64>(e, 0.5 * wi);
    store<f64>(e, 0.5 * wi, 8);
    store<f64>(e, 0.5 * wr, 16);
    store<f64>(e, -0.5 * wr, 24);
  }
  store<u32>(slot, <u32>p);
  return p;
}
