import { expect, test } from 'vitest';
import { laneRange } from './lane-range.ts';

test('lane i of N maps its channel range into the i-th band from the top of one shared plot', () => {
  const [a, b] = laneRange(-10, 10, 1, 4);
  const toY = (v: number) => (b - v) / (b - a); // 0 = top, 1 = bottom
  expect(toY(10)).toBeGreaterThan(0.25);
  expect(toY(-10)).toBeLessThan(0.5);
  expect(toY(0)).toBeCloseTo(0.375, 6);
  // A flat or empty channel still gets a usable lane.
  const [c, d] = laneRange(Infinity, -Infinity, 0, 2);
  expect(Number.isFinite(c) && Number.isFinite(d) && d > c).toBe(true);
});
