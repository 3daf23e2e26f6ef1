import { describe, expect, test } from 'vitest';
import { createRingBuffer, RingReader, RingWriter } from './spsc-ring.ts';
import { PortRingReader } from './port-ring.ts';

function frames(first: number, count: number, width: number): Float64Array {
  const out = new Float64Array(count * width);
  for (let f = 0; f < count; f++) for (let v = 0; v < width; v++) out[f * width + v] = (first + f) * 10 + v;
  return out;
}

describe('SPSC ring on a SharedArrayBuffer', () => {
  test('starts empty: pull returns false and reads nothing', () => {
    const sab = createRingBuffer(4, 3);
    const reader = new RingReader(sab);
    const out = new Float64Array(3).fill(-1);
    expect(reader.availableRead()).toBe(0);
    expect(reader.pull(out)).toBe(false);
    expect([...out]).toEqual([-1, -1, -1]);
  });

  test('holds exactly its capacity (one spare slot) and refuses the next push, counting overflow', () => {
    const sab = createRingBuffer(4, 2);
    const writer = new RingWriter(sab);
    expect(writer.push(frames(0, 4, 2))).toBe(true);
    expect(writer.availableWrite()).toBe(0);
    expect(writer.push(frames(4, 1, 2))).toBe(false);
    expect(writer.overflowFrames).toBe(1);
    const reader = new RingReader(sab);
    expect([...reader.drain()]).toEqual([...frames(0, 4, 2)]);
  });

  test('wraps around the end and keeps frame order across many partial pushes and pulls', () => {
    const sab = createRingBuffer(5, 3);
    const writer = new RingWriter(sab);
    const reader = new RingReader(sab);
    let next = 0;
    const seen: number[] = [];
    for (let round = 0; round < 50; round++) {
      const n = 1 + (round % 3);
      if (writer.push(frames(next, n, 3))) next += n;
      const take = 1 + ((round * 7) % 4);
      const out = new Float64Array(take * 3);
      if (reader.pull(out)) for (let f = 0; f < take; f++) seen.push(out[f * 3]! / 10);
    }
    for (const f of reader.drain().filter((_, i) => i % 3 === 0)) seen.push(f / 10);
    expect(seen).toEqual(Array.from({ length: next }, (_, i) => i));
  });

  test('peek reads without removing', () => {
    const sab = createRingBuffer(3, 1);
    new RingWriter(sab).push(Float64Array.of(7, 8));
    const reader = new RingReader(sab);
    const out = new Float64Array(3);
    expect(reader.peek(out)).toBe(2);
    expect(reader.availableRead()).toBe(2);
    expect([...reader.drain()]).toEqual([7, 8]);
  });

  test('rejects nonsense sizes with a clear error', () => {
    expect(() => createRingBuffer(0, 3)).toThrow(/capacity/);
    expect(() => createRingBuffer(3, 0)).toThrow(/frame width/);
  });
});

/** Which settles first: `promise`, or `ms` of waiting. */
const first = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => 'readable'), new Promise((resolve) => setTimeout(() => resolve('timer'), ms))]);

describe('waiting for the next write (whenReadable)', () => {
  test('the ring wakes its waiting reader on a write, long before the wait would time out', async () => {
    const buffer = createRingBuffer(16, 2);
    const reader = new RingReader(buffer);
    const writer = new RingWriter(buffer);
    const waiting = reader.whenReadable(60_000);
    expect(await first(waiting, 50)).toBe('timer'); // nothing written: still waiting
    writer.push(frames(0, 1, 2));
    expect(await first(waiting, 1000)).toBe('readable');
    expect(await first(reader.whenReadable(60_000), 0)).toBe('readable'); // a frame is there: at once
    reader.drain();
    expect(await first(reader.whenReadable(20), 5000)).toBe('readable'); // no write: after its timeout
  });

  test('the port reader wakes on the next chunk, and after its timeout without one', async () => {
    const { port1 } = new MessageChannel();
    const reader = new PortRingReader(port1, 2, 8);
    const waiting = reader.whenReadable(60_000);
    expect(await first(waiting, 50)).toBe('timer');
    reader.enqueue(frames(0, 1, 2));
    expect(await first(waiting, 1000)).toBe('readable');
    reader.drain();
    expect(await first(reader.whenReadable(20), 5000)).toBe('readable');
    port1.close();
  });
});

describe('MessagePort fallback reader', () => {
  test('pulls across chunk boundaries in order and counts overflow', () => {
    const { port1 } = new MessageChannel();
    const reader = new PortRingReader(port1, 2, 5);
    reader.enqueue(frames(0, 2, 2));
    reader.enqueue(frames(2, 3, 2));
    reader.enqueue(frames(5, 1, 2)); // over capacity: dropped and counted
    expect(reader.overflowFrames).toBe(1);
    const out = new Float64Array(3 * 2);
    expect(reader.pull(out)).toBe(true);
    expect([...out]).toEqual([...frames(0, 3, 2)]);
    expect(reader.pull(new Float64Array(6))).toBe(false);
    expect([...reader.drain()]).toEqual([...frames(3, 2, 2)]);
    port1.close();
  });
});
