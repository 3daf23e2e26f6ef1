// The float32 real FFT (four-column split layout, dsp-wasm/assembly/albi/fft/real32.ts) at every supported
// size: against the float64 FFT (itself checked against a direct DFT in albi-known-signals.test.ts),
// tones landing on their own bin index, the inverse against the float64 inverse, and round trips.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAlbi, type Albi } from '../src/index.ts';

let albi: Albi;
beforeAll(async () => {
  albi = await loadAlbi();
});

const sizes = Array.from({ length: 13 }, (_, i) => 16 << i); // 16 .. 65536

function noise(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648 - 0.5));
}

/** max |a - b| relative to the largest |b|. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return err / scale;
}

describe('float32 real FFT at every size', () => {
  it.each(sizes)('forward agrees with float64 at n = %i', (n) => {
    const x = noise(n, n + 1);
    const ref = albi.fft(Float64Array.from(Float32Array.from(x)));
    const got = albi.fft(Float32Array.from(x));
    expect(got.length).toBe(n + 2);
    expect(relErr(got, ref)).toBeLessThan(2e-6 * Math.log2(n));
  });

  it.each(sizes)('a cosine and a sine land on their own bins at n = %i', (n) => {
    // bins near both ends and the middle exercise the first, mirrored and last blocks of the split step
    for (const [k0, k1] of [
      [1, n / 2 - 1],
      [n / 4, n / 4 + 1],
      [n / 2 - 3, 2],
    ] as const) {
      const x = Float32Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * k0 * i) / n) + 0.5 * Math.sin((2 * Math.PI * k1 * i) / n));
      const X = albi.fft(x);
      const expected = new Float64Array(n + 2);
      expected[2 * k0] = n / 2;
      expected[2 * k1 + 1] = -n / 4;
      expect(relErr(X, expected)).toBeLessThan(1e-5);
    }
  });

  it.each(sizes)('inverse agrees with float64 and undoes the forward at n = %i', (n) => {
    const spectrum = noise(n + 2, 3 * n);
    spectrum[1] = 0; // DC and Nyquist are real in a real signal's spectrum
    spectrum[n + 1] = 0;
    const s32 = Float32Array.from(spectrum);
    const ref = albi.ifft(Float64Array.from(s32));
    expect(relErr(albi.ifft(s32), ref)).toBeLessThan(2e-6 * Math.log2(n));
    const x = Float32Array.from(noise(n, 7 * n));
    const back = albi.ifft(albi.fft(x));
    expect(back.length).toBe(n);
    expect(relErr(back, x)).toBeLessThan(1e-6 * Math.log2(n));
  });

  it('gives bit-identical results whatever size ran before (work buffers and tables are reused)', () => {
    const x = Float32Array.from(noise(1024, 11));
    const first = albi.fft(x);
    albi.fft(Float32Array.from(noise(65536, 12)));
    albi.ifft(Float32Array.from(noise(32 + 2, 13)));
    expect(albi.fft(x)).toEqual(first);
  });
});
