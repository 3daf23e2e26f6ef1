import { expect, test } from 'vitest';
import { minMaxColumns, packHex, paintLane } from './trace-raster.ts';

test('min/max per pixel column keeps every extreme and marks empty columns as gaps', () => {
  const y = [0, 5, -3, 1, NaN, NaN, 2, 2];
  const lo = new Float64Array(4);
  const hi = new Float64Array(4);
  minMaxColumns(y, 4, lo, hi);
  expect([...lo]).toEqual([0, -3, NaN, 2]);
  expect([...hi]).toEqual([5, 1, NaN, 2]);
});

test('a lane paints a continuous trace inside its own rows, leaves gaps and never touches other lanes', () => {
  const width = 4;
  const height = 20; // two lanes of 10 rows
  const pixels = new Uint32Array(width * height);
  const red = packHex('#ff0000');
  // Column 0 at the top of the range, column 1 at the bottom, column 2 a gap, column 3 in the middle.
  const lo = Float64Array.from([10, -10, NaN, 0]);
  const hi = Float64Array.from([10, -10, NaN, 0]);
  paintLane(pixels, width, height, 1, 2, { lo: -10, hi: 10, colour: red }, lo, hi);
  const column = (x: number) => Array.from({ length: height }, (_, r) => (pixels[r * width + x] === red ? 1 : 0));
  expect(column(0).slice(0, 10)).toEqual(new Array(10).fill(0)); // lane 0 untouched
  expect(column(0)[10]).toBe(1); // +10 → top row of lane 1
  // Column 1 (-10, bottom row) joins column 0 halfway: painted from the middle down to row 19.
  expect(column(1)[19]).toBe(1);
  expect(column(1).slice(10, 14)).toEqual([0, 0, 0, 0]);
  expect(column(1).slice(15, 20)).toEqual([1, 1, 1, 1, 1]);
  expect(column(2)).toEqual(new Array(height).fill(0)); // gap stays a gap
  expect(column(3).filter((v) => v === 1).length).toBe(1); // after a gap: no bridge, one dot
  expect(packHex('#0a0b0c')).toBe(((255 << 24) | (0x0c << 16) | (0x0b << 8) | 0x0a) >>> 0);
});
