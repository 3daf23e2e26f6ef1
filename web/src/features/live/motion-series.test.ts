import { expect, test } from 'vitest';
import { MotionSeries } from './motion-series.ts';

const block = (firstSample: number, values: number[]) => ({ firstSample, magnitudeG: Float32Array.from(values) });

test('the window holds the newest samples in time order, NaN before the start', () => {
  const series = new MotionSeries(2, 3); // 6 samples
  expect(series.capacity).toBe(6);
  expect(Array.from(series.values()).every(Number.isNaN)).toBe(true);
  expect(series.latest()).toBeNaN();
  series.push([block(0, [1, 1.5, 0.5])]);
  expect(Array.from(series.values()).slice(3)).toEqual([1, 1.5, 0.5]);
  expect(Array.from(series.values()).slice(0, 3).every(Number.isNaN)).toBe(true);
  series.push([block(3, [2, 3, 4, 5])]);
  expect(Array.from(series.values())).toEqual([1.5, 0.5, 2, 3, 4, 5]);
  expect(series.latest()).toBe(5);
});

test('a jump leaves a gap of NaN; a repeated block changes nothing', () => {
  const series = new MotionSeries(2, 3);
  series.push([block(0, [1, 1])]);
  series.push([block(4, [2, 2])]);
  const v = Array.from(series.values());
  expect(v.slice(0, 2)).toEqual([1, 1]);
  expect(v.slice(2, 4).every(Number.isNaN)).toBe(true);
  expect(v.slice(4)).toEqual([2, 2]);
  series.push([block(4, [9, 9])]);
  expect(Array.from(series.values()).slice(4)).toEqual([2, 2]);
  // A jump longer than the window clears it all but the new block.
  series.push([block(100, [7])]);
  const after = Array.from(series.values());
  expect(after[5]).toBe(7);
  expect(after.slice(0, 5).every(Number.isNaN)).toBe(true);
});

test('movement is the standard deviation of the last seconds (g)', () => {
  const series = new MotionSeries(4, 4);
  series.push([block(0, [1, 1, 1, 1, 1, 1, 1, 1, 0.9, 1.1, 0.9, 1.1])]);
  // Last 1 s = 4 samples 0.9, 1.1, 0.9, 1.1: mean 1, sample sd = sqrt(4 x 0.01 / 3).
  expect(series.movementG(1)).toBeCloseTo(Math.sqrt(0.04 / 3), 6);
  expect(series.movementG(1.5)).toBeCloseTo(Math.sqrt(0.04 / 5), 6); // 6 samples, two of them at the mean
  expect(new MotionSeries(4).movementG()).toBeNaN();
});
