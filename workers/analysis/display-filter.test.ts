// The Live display filter with the real ALBI kernels: a stream filtered block by block is the same as
// filtered at once, a block after a gap starts at steady state (no ringing drawn over the gap), and
// filters the sample rate cannot carry are left out rather than made unstable.
import { beforeAll, expect, test } from 'vitest';
import { getSosfiltZi, loadAlbi, type Albi } from '../../dsp-wasm/src/index.ts';
import { DisplayFilter } from './display-filter.ts';

const RATE = 250;
let albi: Albi;
beforeAll(async () => {
  albi = await loadAlbi();
});

/** 10 Hz at 20 µV + 50 Hz mains at 30 µV + a 40 µV offset, `n` samples from sample `from`. */
function signal(from: number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = (from + i) / RATE;
    out[i] = 40 + 20 * Math.sin(2 * Math.PI * 10 * t) + 30 * Math.sin(2 * Math.PI * 50 * t);
  }
  return out;
}

const config = { sampleRateHz: RATE, notchHz: 50, bandHz: [1, 40] as const };

test('blocks of any size give the one-shot causal result from a steady-state start', () => {
  const filter = new DisplayFilter(albi);
  filter.configure(config);
  const whole = signal(0, 2000);
  const sizes = [1, 7, 250, 13, 500, 1229];
  const parts: number[] = [];
  let at = 0;
  for (const size of sizes) {
    const [out] = filter.filter(at, [whole.subarray(at, at + size)]);
    parts.push(...out);
    at += size;
  }
  const sos = Float64Array.from([...albi.designNotch(50, 30, RATE), ...albi.designButterworth(4, [1, 40], 'bandpass', RATE)]);
  const zi = getSosfiltZi(sos).map((z) => z * whole[0]);
  const reference = albi.sosfilt(sos, whole, { zi });
  expect(parts).toHaveLength(2000);
  for (let i = 0; i < 2000; i++) expect(parts[i]).toBeCloseTo(reference[i], 3);
  // And it filters: after settling, the 40 µV offset and the 50 Hz mains are gone, the 10 Hz stays.
  const settled = parts.slice(1000);
  const mean = settled.reduce((a, b) => a + b, 0) / settled.length;
  const peak = Math.max(...settled.map(Math.abs));
  expect(Math.abs(mean)).toBeLessThan(0.5);
  expect(peak).toBeGreaterThan(18);
  expect(peak).toBeLessThan(22);
});

test('a block after a gap restarts at steady state instead of ringing from the old state', () => {
  const filter = new DisplayFilter(albi);
  filter.configure({ sampleRateHz: RATE, notchHz: null, bandHz: [1, 40] });
  filter.filter(0, [new Float32Array(500).fill(-300)]);
  // 200 samples missing, then a constant 100 µV: a band-pass has no output for a constant at steady state.
  const [afterGap] = filter.filter(700, [new Float32Array(250).fill(100)]);
  expect(Math.max(...afterGap.map(Math.abs))).toBeLessThan(1e-3);
  // Continuing the old state across the same jump (as if there were no gap) would ring by hundreds of µV.
  const carried = new DisplayFilter(albi);
  carried.configure({ sampleRateHz: RATE, notchHz: null, bandHz: [1, 40] });
  carried.filter(0, [new Float32Array(500).fill(-300)]);
  const [continued] = carried.filter(500, [new Float32Array(250).fill(100)]);
  expect(Math.max(...continued.map(Math.abs))).toBeGreaterThan(100);
});

test('with no filter on, or none the rate can carry, blocks pass unchanged as copies', () => {
  const filter = new DisplayFilter(albi);
  filter.configure({ sampleRateHz: 100, notchHz: 50, bandHz: [1, 60] });
  expect(filter.active).toBe(false);
  const block = signal(0, 100);
  const [out] = filter.filter(0, [block]);
  expect(out).toEqual(block);
  expect(out).not.toBe(block);
  filter.configure({ sampleRateHz: 100, notchHz: null, bandHz: [40, 10] });
  expect(filter.active).toBe(false);
  filter.configure({ sampleRateHz: 256, notchHz: 60, bandHz: null });
  expect(filter.active).toBe(true);
});
