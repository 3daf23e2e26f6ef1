import { expect, test } from 'vitest';
import { framesToBlocks } from './frames-to-blocks.ts';

test('frames split into contiguous channel-major blocks at each sample-index jump', () => {
  // 2 channels; sample indexes 10, 11, 12, then 15, 16 (13-14 lost)
  // host time of sample i is 1000 + 4 i ms (250 Hz)
  const frames = Float64Array.from([10, 1040, 1, -1, 11, 1044, 2, -2, 12, 1048, 3, -3, 15, 1060, 6, -6, 16, 1064, 7, -7]);
  const blocks = framesToBlocks('eeg', frames, 2);
  expect(blocks.map((b) => [b.firstSample, b.channels[0].length])).toEqual([
    [10, 3],
    [15, 2],
  ]);
  expect(blocks.map((b) => b.lastHostTimeMs)).toEqual([1048, 1064]);
  expect([...blocks[0].channels[1]]).toEqual([-1, -2, -3]);
  expect([...blocks[1].channels[0]]).toEqual([6, 7]);
  expect(framesToBlocks('eeg', new Float64Array(0), 2)).toEqual([]);
});
