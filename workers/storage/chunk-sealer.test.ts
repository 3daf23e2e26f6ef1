import { expect, test } from 'vitest';
import { ChunkSealer } from './chunk-sealer.ts';

const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);

test('blocks of any size become 1 s chunks with consecutive seq and every sample kept in order', () => {
  const sealer = new ChunkSealer('eeg', 2, 250);
  const chunks = [];
  let next = 0;
  for (const size of [7, 100, 250, 1, 300, 92]) {
    chunks.push(...sealer.push({ channels: [ramp(next, size), ramp(-next - size + 1, size).reverse()] }));
    next += size;
  }
  expect(chunks.map((c) => [c.seq, c.firstSample, c.sampleCount])).toEqual([
    [0, 0, 250],
    [1, 250, 250],
    [2, 500, 250],
  ]);
  expect(sealer.openSamples).toBe(750 - 750);
  const all = chunks.flatMap((c) => [...c.channels[0]]);
  expect(all).toEqual([...ramp(0, 750)]);
  expect(chunks[1].channels[1][0]).toBe(-250);
});

test('a gap seals the open chunk short and the next chunk starts at the block index; nothing is invented', () => {
  const sealer = new ChunkSealer('eeg', 1, 100);
  expect(sealer.push({ channels: [ramp(0, 60)] })).toEqual([]);
  const afterGap = sealer.push({ firstSample: 90, channels: [ramp(90, 120)] });
  expect(afterGap.map((c) => [c.seq, c.firstSample, c.sampleCount])).toEqual([
    [0, 0, 60],
    [1, 90, 100],
  ]);
  expect(afterGap[1].channels[0][0]).toBe(90);
  const last = sealer.flush()!;
  expect([last.seq, last.firstSample, last.sampleCount, last.channels[0][0]]).toEqual([2, 190, 20, 190]);
  expect(sealer.flush()).toBeUndefined();
});

test('bad blocks are refused with a message naming the stream', () => {
  const sealer = new ChunkSealer('accel', 3, 50);
  expect(() => sealer.push({ channels: [ramp(0, 5)] })).toThrow(/accel: block has 1 channels, expected 3/);
  sealer.push({ channels: [ramp(0, 5), ramp(0, 5), ramp(0, 5)] });
  expect(() => sealer.push({ firstSample: 2, channels: [ramp(0, 5), ramp(0, 5), ramp(0, 5)] })).toThrow(/overlap/);
});
