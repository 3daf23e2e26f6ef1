import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import vectors from './fixtures/vectors.json' with { type: 'json' };
import { createCytonDecoder, CytonFramer, decodeCytonPacket, readInt16, readInt24 } from './decode.ts';
import { encodeChannelSettings, gainsSetBy } from './commands.ts';
import { cytonUvPerCount } from './descriptor.ts';
import { createDecodeCounters, type DecodedPacket } from '../decoded.ts';

const hex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
/** A valid packet with a given counter and per-channel counts. */
function cytonPacket(counter: number, counts: number[], accel: number[] = [0, 0, 0]): Uint8Array {
  const b = new Uint8Array(33);
  b[0] = 0xa0;
  b[1] = counter & 255;
  counts.forEach((c, ch) => {
    b[2 + ch * 3] = (c >> 16) & 255;
    b[3 + ch * 3] = (c >> 8) & 255;
    b[4 + ch * 3] = c & 255;
  });
  accel.forEach((a, i) => {
    b[26 + i * 2] = (a >> 8) & 255;
    b[27 + i * 2] = a & 255;
  });
  b[32] = 0xc0;
  return b;
}

describe('Cyton vectors (OpenBCI JS utilities)', () => {
  test('C1: counts 1..8, value j x 4.5/24/(2^23-1) V, accel counts 0, 1, 2', () => {
    const p = decodeCytonPacket(hex(vectors.C1))!;
    expect(p.counter).toBe(1);
    expect(p.counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(p.accelCounts).toEqual([0, 1, 2]);
    const out: DecodedPacket[] = [];
    createCytonDecoder(false).feed(
      'serial',
      hex(vectors.C1),
      (x) => out.push(x),
      () => {},
    );
    expect([...out[0]!.values]).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((j) => j * ((4.5 / 24 / (2 ** 23 - 1)) * 1e6)));
    expect(cytonUvPerCount(24)).toBeCloseTo(0.02235174445530706, 15);
  });

  test('C2: a real packet: counts, µV at gain 24 (railed channels at +187500), accel in g', () => {
    const p = decodeCytonPacket(hex(vectors.C2))!;
    expect(p.counter).toBe(0);
    expect(p.counts).toEqual(vectors.C2_counts);
    expect(p.accelCounts).toEqual(vectors.C2_accel_counts);
    const out: DecodedPacket[] = [];
    createCytonDecoder(false).feed(
      'serial',
      hex(vectors.C2),
      (x) => out.push(x),
      () => {},
    );
    vectors.C2_uv.forEach((uv, ch) => expect(out[0]!.values[ch]).toBeCloseTo(uv, 3));
    vectors.C2_accel_g.forEach((g, i) => expect(out[1]!.values[i]).toBeCloseTo(g, 3));
  });

  test('the accel stream holds only fresh readings (aux bytes not all zero), numbered in order: no NaN frames', () => {
    const out: DecodedPacket[] = [];
    const decoder = createCytonDecoder(false);
    const packets = Array.from({ length: 30 }, (_, i) => cytonPacket(i, [i, 0, 0, 0, 0, 0, 0, 0], i % 10 === 9 ? [100 + i, -5, 16] : [0, 0, 0]));
    decoder.feed(
      'serial',
      concat(...packets),
      (x) => out.push(x),
      () => {},
    );
    expect(out.filter((p) => p.streamId === 'eeg')).toHaveLength(30);
    const accel = out.filter((p) => p.streamId === 'accel');
    expect(accel.map((p) => p.seq)).toEqual([0, 1, 2]);
    expect(accel.map((p) => Math.round(p.values[0]! / (0.002 / 16)))).toEqual([109, 119, 129]);
    expect(out.some((p) => p.values.some((v) => Number.isNaN(v)))).toBe(false);
  });

  test('C3: extracts 1 packet + keeps a 2-byte remainder; 3 packets back to back', () => {
    const counters = createDecodeCounters();
    const framer = new CytonFramer(counters);
    const seen: number[] = [];
    framer.push(hex(`${vectors.C2}414a`), (p) => seen.push(p.counter));
    expect(seen).toEqual([0]);
    expect(framer.pendingBytes).toBe(2);
    const again = new CytonFramer();
    let n = 0;
    again.push(hex(vectors.C2.repeat(3)), () => n++);
    expect(n).toBe(3);
    expect(again.pendingBytes).toBe(0);
  });

  test('C4: int24 and int16 two’s complement', () => {
    for (const [h, v] of vectors.C4_int24 as [string, number][]) expect(readInt24(hex(h), 0)).toBe(v);
    for (const [h, v] of vectors.C4_int16 as [string, number][]) expect(readInt16(hex(h), 0)).toBe(v);
  });
});

describe('Cyton + Daisy', () => {
  test('even counter = channels 9-16, next odd = 1-8; the pair is one 16-channel frame with seq counter >> 1', () => {
    const decoder = createCytonDecoder(true);
    const out: DecodedPacket[] = [];
    const stream = concat(
      cytonPacket(4, [9, 10, 11, 12, 13, 14, 15, 16]),
      cytonPacket(5, [1, 2, 3, 4, 5, 6, 7, 8]),
      cytonPacket(6, [90, 0, 0, 0, 0, 0, 0, 0]),
      cytonPacket(8, Array(8).fill(0)),
      cytonPacket(9, Array(8).fill(7)),
    );
    decoder.feed(
      'serial',
      stream,
      (p) => out.push(p),
      () => {},
    );
    const eeg = out.filter((p) => p.streamId === 'eeg');
    expect(eeg.map((p) => p.seq)).toEqual([2, 4]); // frame 3 lost its board half: dropped whole
    expect([...eeg[0]!.values].map((v) => Math.round(v / cytonUvPerCount(24)))).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(eeg[0]!.seqModulus).toBe(128);
  });

  test('gain follows x…X settings and rescales decoding', () => {
    expect(encodeChannelSettings(0, { powerDown: false, gain: 8, input: 0, bias: true, srb2: true, srb1: false })).toBe('x1040110X');
    expect(gainsSetBy('x1040110Xx3020000X')).toEqual([
      [0, 8],
      [2, 4],
    ]);
    const decoder = createCytonDecoder(false);
    decoder.setGain(0, 8);
    const out: DecodedPacket[] = [];
    decoder.feed(
      'serial',
      cytonPacket(1, [1000, 1000, 0, 0, 0, 0, 0, 0]),
      (p) => out.push(p),
      () => {},
    );
    expect(out[0]!.values[0]).toBeCloseTo(3 * out[0]!.values[1]!, 12);
    expect(() => encodeChannelSettings(16, { powerDown: false, gain: 24, input: 0, bias: true, srb2: true, srb1: false })).toThrow(/channel index/);
  });
});

describe('Cyton robustness (property tests)', () => {
  const junkByte = fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0xa0);
  test('valid packets separated by junk and split at random points are all decoded, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.array(junkByte, { maxLength: 40 })), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }),
        (items, splits) => {
          const stream = concat(
            ...items.flatMap(([counter, junk]) => [Uint8Array.from(junk), cytonPacket(counter, [counter, -counter, 0, 0, 0, 0, 0, 1])]),
          );
          const decoder = createCytonDecoder(false);
          const seen: number[] = [];
          let p = 0,
            s = 0;
          while (p < stream.length) {
            const n = splits[s++ % splits.length]!;
            decoder.feed(
              'serial',
              stream.subarray(p, p + n),
              (x) => x.streamId === 'eeg' && seen.push(x.seq),
              () => {},
            );
            p += n;
          }
          return (
            JSON.stringify(seen) === JSON.stringify(items.map(([c]) => c)) &&
            decoder.counters.skippedBytes === items.reduce((n, [, j]) => n + j.length, 0)
          );
        },
      ),
    );
  });

  test('arbitrary bytes never throw and every byte is accounted for (packet, skipped or pending)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 20 }), (chunks) => {
        const counters = createDecodeCounters();
        const framer = new CytonFramer(counters);
        for (const c of chunks) framer.push(c, () => {});
        const total = chunks.reduce((n, c) => n + c.length, 0);
        return counters.packets * 33 + counters.skippedBytes + framer.pendingBytes === total;
      }),
    );
  });
});
