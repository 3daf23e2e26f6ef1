// Welch's segment preparation fused into the FFT's first pass: the bit-reversal gather reads the raw
// signal and the window at the permuted positions and forms (x - mean) * w on the fly, so the windowed
// segment is never written to memory and read back. Same arithmetic per sample as a separate
// (x - mean) * w pass, so results are bit-identical to windowing first.
import { ERR_SIZE, OK } from '../common/status';
import { getRev } from './tables64';
import { isFftSize, ensureWork, finishReal } from './real64';

@inline function loadWindowed(src: usize, win: usize, r: usize, mv: v128): v128 {
  const o = r << 4;
  return f64x2.mul(f64x2.sub(v128.load(src + o), mv), v128.load(win + o));
}

/** gatherFirstPass (complex64.ts) over (src - mean) * win; returns the next stage half-size. */
function gatherWindowed(buf: usize, src: usize, win: usize, mean: f64, rev: usize, log2m: i32): i32 {
  const m = 1 << log2m;
  const mv = f64x2.splat(mean);
  if (log2m & 1) {
    for (let k = 0; k < m; k += 2) {
      const r = rev + (<usize>k << 2);
      const a0 = loadWindowed(src, win, <usize>load<u32>(r), mv);
      const a1 = loadWindowed(src, win, <usize>load<u32>(r, 4), mv);
      const p = buf + (<usize>k << 4);
      v128.store(p, f64x2.add(a0, a1));
      v128.store(p, f64x2.sub(a0, a1), 16);
    }
    return 2;
  }
  const rot = f64x2(1.0, -1.0);
  for (let k = 0; k < m; k += 4) {
    const r = rev + (<usize>k << 2);
    const a0 = loadWindowed(src, win, <usize>load<u32>(r), mv);
    const a1 = loadWindowed(src, win, <usize>load<u32>(r, 4), mv);
    const a2 = loadWindowed(src, win, <usize>load<u32>(r, 8), mv);
    const a3 = loadWindowed(src, win, <usize>load<u32>(r, 12), mv);
    const b0 = f64x2.add(a0, a1);
    const b1 = f64x2.sub(a0, a1);
    const b2 = f64x2.add(a2, a3);
    const d = f64x2.sub(a2, a3);
    const b3 = f64x2.mul(v128.shuffle<f64>(d, d, 1, 0), rot);
    const p = buf + (<usize>k << 4);
    v128.store(p, f64x2.add(b0, b2));
    v128.store(p, f64x2.add(b1, b3), 16);
    v128.store(p, f64x2.sub(b0, b2), 32);
    v128.store(p, f64x2.sub(b1, b3), 48);
  }
  return 4;
}

/** rfft64 of (src[i] - mean) * win[i], i < n, without forming the windowed segment in memory. */
export function rfft64Windowed(src: usize, win: usize, mean: f64, output: usize, n: i32): i32 {
  if (!isFftSize(n)) return ERR_SIZE;
  const log2n = ctz(n);
  const m = n >> 1;
  const log2m = log2n - 1;
  const buf = ensureWork(m);
  const h = gatherWindowed(buf, src, win, mean, getRev(log2m), log2m);
  finishReal(buf, output, log2m, h);
  return OK;
}
