import { expect, test } from 'vitest';
import { accelMagnitudeBlocks } from './motion-magnitude.ts';

/** Frames | sampleIndex | hostTimeMs | x | y | z |. */
const frames = (rows: [number, number, number, number][]) => Float64Array.from(rows.flatMap(([i, x, y, z]) => [i, 1000 + i * 20, x, y, z]));

test('magnitude in g per sample, one block per contiguous run (a jump is a gap)', () => {
  const blocks = accelMagnitudeBlocks(
    frames([
      [10, 0, 0, 1],
      [11, 0.6, 0, 0.8],
      [12, 3, 4, 0],
      [20, 0, -1, 0],
      [21, Number.NaN, 0, 1],
    ]),
    3,
  );
  expect(blocks.map((b) => b.firstSample)).toEqual([10, 20]);
  expect(Array.from(blocks[0].magnitudeG)).toEqual([1, 1, 5]);
  expect(blocks[1].magnitudeG[0]).toBe(1);
  expect(blocks[1].magnitudeG[1]).toBeNaN();
});

test('no frames, or a partial frame, gives no block', () => {
  expect(accelMagnitudeBlocks(new Float64Array(0), 3)).toEqual([]);
  expect(accelMagnitudeBlocks(new Float64Array(4), 3)).toEqual([]);
});
