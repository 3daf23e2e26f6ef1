import { expect, test } from 'vitest';
import { columnOfSample, paintMarkerLine, paintSpan, placeMarks, sampleAtHostTime, sampleOfColumn } from './timeline-marks.ts';
import { minMaxColumns } from './trace-raster.ts';

test('a sample lands in the column whose min/max holds it, for more and fewer samples than columns', () => {
  for (const [n, width] of [
    [1250, 900],
    [625, 900],
    [1250, 1250],
  ]) {
    const end = 10_000;
    // A spike at one sample: the column minMaxColumns puts it in is the column of that sample.
    for (const i of [0, 1, 317, n - 2, n - 1]) {
      const y = new Float64Array(n);
      y[i] = 1;
      const lo = new Float64Array(width);
      const hi = new Float64Array(width);
      minMaxColumns(y, width, lo, hi);
      const column = columnOfSample(end - n + i, end, n, width)!;
      expect(hi[column], `n=${n} w=${width} i=${i}`).toBe(1);
      // And the column shows back a sample of that column's range (the one under the pointer).
      const back = sampleOfColumn(column, end, n, width) - (end - n);
      const from = Math.floor((column * n) / width);
      expect(back).toBeGreaterThanOrEqual(from);
      expect(back).toBeLessThan(Math.max(from + 1, Math.floor(((column + 1) * n) / width)));
    }
  }
  expect(columnOfSample(8749, 10_000, 1250, 500)).toBeNull();
  expect(columnOfSample(10_000, 10_000, 1250, 500)).toBeNull();
});

test('markers and gaps are placed by their sample, cut at the window edges, and left out when outside', () => {
  const end = 5000;
  const n = 1000;
  const { markers, gaps } = placeMarks(
    [
      { sample: 4500, text: 'Marker 1' },
      { sample: 3000, text: 'old' },
    ],
    [
      { startSample: 4600, lengthSamples: 100 },
      { startSample: 3900, lengthSamples: 200 },
      { startSample: 100, lengthSamples: 50 },
    ],
    end,
    n,
    500,
  );
  expect(markers).toEqual([{ sample: 4500, text: 'Marker 1', column: 250 }]);
  expect(gaps).toEqual([
    { startSample: 4600, lengthSamples: 100, fromColumn: 300, toColumn: 349 },
    { startSample: 3900, lengthSamples: 200, fromColumn: 0, toColumn: 49 },
  ]);
});

test('spans and marker lines paint only their columns', () => {
  const pixels = new Uint32Array(10 * 8);
  paintSpan(pixels, 10, 8, 2, 4, 7);
  paintMarkerLine(pixels, 10, 8, 8, 9);
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 10; x++) {
      const v = pixels[y * 10 + x];
      if (x >= 2 && x <= 4) expect(v).toBe(7);
      else if (x === 8) expect(v).toBe(y % 7 < 4 ? 9 : 0);
      else expect(v).toBe(0);
    }
});

test('a host time maps to the stream sample counted from an anchor, before or after it', () => {
  const anchor = { sample: 2500, hostMs: 1_700_000_010_000, rateHz: 250 };
  expect(sampleAtHostTime(anchor, anchor.hostMs)).toBe(2500);
  expect(sampleAtHostTime(anchor, anchor.hostMs - 1000)).toBe(2250);
  expect(sampleAtHostTime(anchor, anchor.hostMs + 6)).toBe(2502); // 1.5 samples rounds to 2
  expect(sampleAtHostTime({ ...anchor, rateHz: 125 }, anchor.hostMs + 2000)).toBe(2750);
});
