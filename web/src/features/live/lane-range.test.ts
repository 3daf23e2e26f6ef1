import { expect, test } from 'vitest';
import { formatAmount, laneExtent, scaleBarValue } from './lane-range.ts';

test('a lane shows its channel range with 8 % margins on each side', () => {
  const [a, b] = laneExtent(-10, 10);
  expect(a).toBeCloseTo(-11.6, 9);
  expect(b).toBeCloseTo(11.6, 9);
  // A flat or empty channel still gets a usable lane around its value.
  expect(laneExtent(5, 5)).toEqual([5 - 1.16, 5 + 1.16]);
  const [c, d] = laneExtent(Infinity, -Infinity);
  expect(Number.isFinite(c) && Number.isFinite(d) && d > c).toBe(true);
});

test('the scale bar is the largest 1-2-5 value that fits in half the lane', () => {
  expect(scaleBarValue(-62, 58)).toBe(50);
  expect(scaleBarValue(-100, 100)).toBe(100);
  expect(scaleBarValue(-19.9, 19.9)).toBe(10);
  expect(scaleBarValue(0, 0.09)).toBeCloseTo(0.02, 12);
  expect(scaleBarValue(3, 3)).toBe(1);
  expect(formatAmount(scaleBarValue(0, 0.09), 'mV')).toBe('0.02 mV');
  expect(formatAmount(200, 'µV')).toBe('200 µV');
});
