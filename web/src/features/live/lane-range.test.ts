import { expect, test } from 'vitest';
import { laneExtent } from './lane-range.ts';

test('a lane shows its channel range with 8 % margins on each side', () => {
  const [a, b] = laneExtent(-10, 10);
  expect(a).toBeCloseTo(-11.6, 9);
  expect(b).toBeCloseTo(11.6, 9);
  // A flat or empty channel still gets a usable lane around its value.
  expect(laneExtent(5, 5)).toEqual([5 - 1.16, 5 + 1.16]);
  const [c, d] = laneExtent(Infinity, -Infinity);
  expect(Number.isFinite(c) && Number.isFinite(d) && d > c).toBe(true);
});
