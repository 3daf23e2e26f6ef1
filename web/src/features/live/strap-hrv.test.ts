import { expect, test } from 'vitest';
import { RrWindow, STRAP_HRV_SEC, strapHrvWords } from './strap-hrv.ts';

const T0 = 1_700_000_000_000;

/** Pushes the RR series as a strap sends them: each at the host time its beat ends. */
function fill(window: RrWindow, rrMs: number[], fromMs = T0): number {
  let t = fromMs;
  for (const rr of rrMs) window.push((t += rr), rr);
  return t;
}

test('RMSSD and SDNN of a known series: 800, 850, 800, 850 ... ms', () => {
  const w = new RrWindow();
  fill(w, [800, 850, 800, 850, 800]);
  // Successive differences all 50 ms: RMSSD 50. Mean 820, deviations -20, 30, -20, 30, -20: SDNN √(3000 / 4) = 27.386.
  const h = w.hrv();
  expect(h.rmssdMs).toBeCloseTo(50, 9);
  expect(h.sdnnMs).toBeCloseTo(Math.sqrt(750), 9);
  expect(h.beats).toBe(6);
  expect(strapHrvWords(h)).toBe('RMSSD 50 ms, SDNN 27 ms from 6 beats');
});

test('only the last 60 s count: an older, wilder stretch drops out', () => {
  const w = new RrWindow();
  const t = fill(
    w,
    Array.from({ length: 40 }, (_, i) => (i % 2 ? 600 : 1400)),
  ); // 40 s of alternating 600/1400
  // 70 s of a steady 1000 ms with every other beat 20 ms longer: the window holds the last 60 s of it.
  fill(
    w,
    Array.from({ length: 70 }, (_, i) => (i % 2 ? 1020 : 1000)),
    t,
  );
  // Counted back from the newest, intervals placed within 60 s: 60 of them (the 61st back is 60.6 s old),
  // 30 of 1000 and 30 of 1020 ms: RMSSD 20, SDNN 10 √(60 / 59); the 600/1400 stretch would make RMSSD 800.
  const h = w.hrv();
  expect(h.beats).toBe(61);
  expect(h.rmssdMs).toBeCloseTo(20, 9);
  expect(h.sdnnMs).toBeCloseTo(10 * Math.sqrt(60 / 59), 9);
  expect(strapHrvWords(h)).toBe(`RMSSD 20 ms, SDNN 10 ms from 61 beats`);
  expect(STRAP_HRV_SEC).toBe(60);
});

test('fewer than 3 intervals give no HRV; a missed beat (2400 ms) and a double (250 ms) are left out', () => {
  const w = new RrWindow();
  fill(w, [1000, 2400, 250, 1010]);
  expect(w.hrv()).toEqual({ rmssdMs: null, sdnnMs: null, beats: 3 });
  expect(strapHrvWords(w.hrv())).toBeNull();
});
