import { expect, test } from 'vitest';
import { LiveBuffer } from './live-buffer.ts';

test('keeps the newest window in time order across wrap-around, with NaN where a gap was', () => {
  const buf = new LiveBuffer(1, 10, 1); // 10 samples
  buf.write(0, [Float32Array.from([0, 1, 2, 3, 4, 5, 6])]);
  buf.write(9, [Float32Array.from([9, 10, 11, 12])]); // samples 7, 8 missing
  const out = new Float64Array(10);
  buf.readInto(0, out);
  expect([...out]).toEqual([3, 4, 5, 6, NaN, NaN, 9, 10, 11, 12]);
  expect(buf.end).toBe(13);
  expect([...buf.latest(3)[0]]).toEqual([10, 11, 12]);
});

test('a block longer than the window keeps only its newest samples; scale converts units', () => {
  const buf = new LiveBuffer(2, 4, 1);
  buf.write(100, [Float32Array.from({ length: 9 }, (_, i) => i), Float32Array.from({ length: 9 }, () => 1000)]);
  const out = new Float32Array(4);
  buf.readInto(0, out);
  expect([...out]).toEqual([5, 6, 7, 8]);
  buf.readInto(1, out, 1e-3);
  expect([...out]).toEqual([1, 1, 1, 1]);
});

test('each jump is kept as a gap while it reaches into the window, with its full length', () => {
  const buf = new LiveBuffer(1, 10, 1);
  buf.write(0, [new Float32Array(5)]);
  buf.write(7, [new Float32Array(2)]); // 5, 6 missing
  expect(buf.gaps).toEqual([{ startSample: 5, lengthSamples: 2 }]);
  buf.write(40, [new Float32Array(3)]); // 9..39 missing: longer than the window
  expect(buf.gaps).toEqual([{ startSample: 9, lengthSamples: 31 }]); // the first one scrolled out
  buf.write(43, [new Float32Array(20)]);
  expect(buf.gaps).toEqual([]);
});
