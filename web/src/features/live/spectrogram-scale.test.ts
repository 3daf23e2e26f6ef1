import { expect, test } from 'vitest';
import { binOfRow, binsShown, dbStep, meanPsdDb, rampColour, rowOfFrequency, ticks, widenRange } from './spectrogram-scale.ts';

// The analysis' bins at 250 Hz: a 512-sample Welch segment, 250/512 Hz apart.
const freqsHz = Float64Array.from({ length: 257 }, (_, i) => (i * 250) / 512);

test('every labelled frequency sits on the rows that draw its bin', () => {
  const bins = binsShown(freqsHz, 60);
  expect(freqsHz[bins - 1]).toBeLessThanOrEqual(60);
  expect(freqsHz[bins]).toBeGreaterThan(60);
  for (const rows of [180, 97]) {
    for (const hz of [0, 10, 20, 30, 40, 50, 60]) {
      const bin = binOfRow(Math.floor(rowOfFrequency(hz, freqsHz, rows, bins)), rows, bins);
      // The row a label points at draws a bin within one bin width (0.49 Hz) of the label.
      expect(Math.abs(freqsHz[bin] - hz), `${hz} Hz at ${rows} rows`).toBeLessThanOrEqual(250 / 512);
    }
  }
  // Bottom row is 0 Hz, top row the highest bin; higher rows are never lower frequencies.
  expect(binOfRow(179, 180, bins)).toBe(0);
  expect(binOfRow(0, 180, bins)).toBe(bins - 1);
  for (let r = 1; r < 180; r++) expect(binOfRow(r, 180, bins)).toBeLessThanOrEqual(binOfRow(r - 1, 180, bins));
});

test('power is in dB re 1 unit²/Hz of the channel mean', () => {
  const db = meanPsdDb([Float64Array.of(1, 10, 100), Float64Array.of(1, 10, 0)], 3);
  expect(Array.from(db).map((v) => Number(v.toFixed(3)))).toEqual([0, 10, 16.99]);
});

test('the colour range only widens, in 5 dB steps, and says the same colour for the same power', () => {
  const first = widenRange(null, [-12.3, 4, 18.2]);
  expect(first).toEqual([-15, 20]);
  expect(widenRange(first, [-3, 19])).toBe(first);
  expect(widenRange(first, [-16, 3])).toEqual([-20, 20]);
  expect(rampColour(-15, first)).toEqual(rampColour(-40, first)); // clipped at the bottom
  const brightness = (db: number) => rampColour(db, first)[0] + rampColour(db, first)[1];
  for (let db = -14; db <= 20; db++) expect(brightness(db)).toBeGreaterThanOrEqual(brightness(db - 1));
  expect(brightness(20)).toBeGreaterThan(brightness(-15));
});

test('ticks fall on round values inside the range', () => {
  expect(ticks(0, 60, 10)).toEqual([0, 10, 20, 30, 40, 50, 60]);
  expect(ticks(-15, 20, dbStep([-15, 20]))).toEqual([-10, 0, 10, 20]);
  expect(dbStep([-40, 40])).toBe(20);
});
