import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import vectors from './fixtures/vectors.json' with { type: 'json' };
import { convertLsbSignedBits, createGanglionDecoder, lsbSigned, unpackGanglionValues } from './decode.ts';
import { GANGLION_UV_PER_COUNT } from './descriptor.ts';
import type { DecodedPacket, DeviceEvent } from '../decoded.ts';

const hex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));

/** Packs 8 values of `width` bits MSB-first into 19 bytes (test-side encoder following the firmware). */
function pack(fields: number[], width: number): Uint8Array {
  const out = new Uint8Array(19);
  let bit = 0;
  for (const field of fields) for (let i = width - 1; i >= 0; i--, bit++) if ((field >>> i) & 1) out[bit >> 3]! |= 0x80 >> (bit & 7);
  return out;
}
const packet = (id: number, data: Uint8Array, byte19?: number): Uint8Array => {
  const out = new Uint8Array(20);
  out[0] = id;
  out.set(data.subarray(0, 19), 1);
  if (byte19 !== undefined) out[19] = byte19;
  return out;
};
/** fw 2 encoding of a delta: low `width` bits, bit 0 replaced by the sign. */
const encodeDelta = (delta: number, width: number): number => (delta & (2 ** width - 1) & ~1) | (delta < 0 ? 1 : 0);

describe('Ganglion bit unpacking against the OpenBCI JS utilities vectors', () => {
  test.each([
    ['G1', 18],
    ['G2', 18],
    ['G3', 19],
    ['G4', 19],
  ] as const)('%s: %i-bit deltas', (name, width) => {
    const v = vectors[name];
    expect(unpackGanglionValues(hex(v.hex), width, lsbSigned)).toEqual(v.expected.flat());
  });

  test('G5: 18/19-bit LSB-signed conversion', () => {
    for (const [h, expected] of vectors.G5 as [string, number][]) {
      expect(convertLsbSignedBits(hex(h), 18)).toBe(expected);
      expect(convertLsbSignedBits(hex(h), 19)).toBe(expected);
    }
  });

  test('G6: multi-packet ASCII message', () => {
    const decoder = createGanglionDecoder(2);
    const events: DeviceEvent[] = [];
    for (const part of vectors.G6.parts)
      decoder.feed(
        'rx',
        hex(part),
        () => {},
        (e) => events.push(e),
      );
    expect(events).toEqual([{ type: 'device-message', text: vectors.G6.message }]);
  });
});

describe('Ganglion firmware 2 (deltas)', () => {
  test('raw seed then 19-bit deltas rebuild the samples (sample = previous - delta) in µV', () => {
    const decoder = createGanglionDecoder(2);
    const out: DecodedPacket[] = [];
    const seed = new Uint8Array(19);
    [1000, -2000, 3000, 0].forEach((c, ch) => {
      seed[ch * 3] = (c >> 16) & 255;
      seed[ch * 3 + 1] = (c >> 8) & 255;
      seed[ch * 3 + 2] = c & 255;
    });
    decoder.feed(
      'rx',
      packet(0, seed),
      (p) => out.push(p),
      () => {},
    );
    expect(out).toEqual([]); // the seed only anchors the deltas
    decoder.feed(
      'rx',
      packet(101, hex(vectors.G3.hex)),
      (p) => out.push(p),
      () => {},
    );
    const expectedCounts = [1000 - 0, -2000 - 2, 3000 - 10, 0 - 4, 1000 - 262148, -2002 - 507910, 2990 - 393222, -4 - 8];
    expect(out).toHaveLength(1);
    expect(out[0]!.seq).toBe(0);
    expect([...out[0]!.values]).toEqual(expectedCounts.map((c) => c * GANGLION_UV_PER_COUNT));
  });

  test('18-bit packets carry accelerometer X, Y, Z on ids ending in 1, 2, 3', () => {
    const decoder = createGanglionDecoder(2);
    const out: DecodedPacket[] = [];
    decoder.feed(
      'rx',
      packet(0, new Uint8Array(19)),
      () => {},
      () => {},
    );
    [
      [1, 10],
      [2, -20],
      [3, 30],
    ].forEach(([id, accel]) =>
      decoder.feed(
        'rx',
        packet(id!, new Uint8Array(19), accel! & 255),
        (p) => out.push(p),
        () => {},
      ),
    );
    const a = out.filter((p) => p.streamId === 'accel');
    expect(a).toHaveLength(1);
    expect([...a[0]!.values]).toEqual([10 * 0.016, -20 * 0.016, 30 * 0.016]);
  });

  test('random deltas round-trip through the firmware encoding', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100000, max: 100000 }), { minLength: 8, maxLength: 8 }), (raw) => {
        const deltas = raw.map((d) => d & ~1); // the firmware overwrites bit 0 with the sign
        const decoder = createGanglionDecoder(2);
        const out: DecodedPacket[] = [];
        decoder.feed(
          'rx',
          packet(0, new Uint8Array(19)),
          () => {},
          () => {},
        );
        decoder.feed(
          'rx',
          packet(
            150,
            pack(
              deltas.map((d) => encodeDelta(d, 19)),
              19,
            ),
          ),
          (p) => out.push(p),
          () => {},
        );
        let prev = [0, 0, 0, 0];
        const expected: number[] = [];
        for (let f = 0; f < 2; f++) {
          prev = prev.map((p, ch) => p - lsbSigned(encodeDelta(deltas[f * 4 + ch]!, 19), 19));
          expected.push(...prev);
        }
        return out[0]!.values.every((v, i) => Math.abs(v - expected[i]! * GANGLION_UV_PER_COUNT) < 1e-9);
      }),
    );
  });
});

describe('Ganglion firmware 3 (absolute MSBs)', () => {
  test('24-bit counts survive the 19- and 18-bit truncation within the dropped LSBs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 23), max: 2 ** 23 - 1 }), { minLength: 8, maxLength: 8 }), fc.boolean(), (counts, accelOn) => {
        const width = accelOn ? 18 : 19;
        const shift = 24 - width;
        // firmware: copy the sign into bit `shift`, then shift right; the low `width` bits are sent
        const fields = counts.map((c) => ((c < 0 ? c | (1 << shift) : c & ~(1 << shift)) >> shift) & (2 ** width - 1));
        const decoder = createGanglionDecoder(3);
        const out: DecodedPacket[] = [];
        decoder.feed(
          'rx',
          packet(accelOn ? 42 : 142, pack(fields, width)),
          (p) => out.push(p),
          () => {},
        );
        expect(out[0]!.seq).toBe(42);
        return out[0]!.values.every((v, i) => Math.abs(v / GANGLION_UV_PER_COUNT - counts[i]!) <= 2 ** (shift + 1));
      }),
    );
  });
});

describe('Ganglion robustness', () => {
  test('property: random notifications never throw; bad ones are counted; a valid packet after them decodes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 25 }), { maxLength: 50 }), fc.integer({ min: 100, max: 199 }), (junk, id) => {
        const decoder = createGanglionDecoder(3);
        let emitted = 0;
        for (const bytes of junk)
          decoder.feed(
            'rx',
            bytes,
            () => emitted++,
            () => {},
          );
        const c = decoder.counters;
        const valid = junk.filter((b) => b.length === 20 && b[0]! <= 199).length;
        const before = emitted;
        const out: DecodedPacket[] = [];
        decoder.feed(
          'rx',
          packet(id, new Uint8Array(19)),
          (p) => out.push(p),
          () => {},
        );
        return before >= valid && out.length === 1 && out[0]!.seq === id % 100 && c.packets >= valid;
      }),
    );
  });

  test('unknown ids and truncated packets are counted, not decoded', () => {
    const decoder = createGanglionDecoder(3);
    decoder.feed(
      'rx',
      Uint8Array.of(250, 1, 2),
      () => {
        throw new Error('must not emit');
      },
      () => {},
    );
    decoder.feed(
      'rx',
      Uint8Array.of(5, 1, 2),
      () => {
        throw new Error('must not emit');
      },
      () => {},
    );
    expect(decoder.counters.unknown).toBe(1);
    expect(decoder.counters.truncated).toBe(1);
  });
});
