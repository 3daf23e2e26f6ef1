import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import vectors from './fixtures/vectors.json' with { type: 'json' };
import {
  decodeMuseEeg,
  decodeMuseImu,
  decodeMusePpg,
  decodeMuseTelemetry,
  encodeMuseCommand,
  MuseControlParser,
  unpack12Bit,
  unpack24Bit,
} from './decode.ts';
import { createMuseDecoder } from './stream-decoder.ts';
import { MUSE_EEG, museUuid } from './descriptor.ts';
import type { DecodedPacket, DeviceEvent } from '../decoded.ts';

const hex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));

describe('Muse packet decoding against the muse-js test vectors', () => {
  test('M1: 12-bit unpacking gives the exact raw counts and µV', () => {
    expect([...unpack12Bit(hex(vectors.M1_payload), 0, 12)]).toEqual(vectors.M1_raw);
    const packet = decodeMuseEeg(hex(`0102${vectors.M1_payload}`))!;
    expect(packet.seq).toBe(0x0102);
    expect([...packet.samplesUv]).toEqual(vectors.M1_uv);
  });

  test('M2: PPG 24-bit unsigned counts', () => {
    expect([...unpack24Bit(hex(vectors.M1_payload), 0, 6)]).toEqual(vectors.M2_ppg);
    expect([...decodeMusePpg(hex(`0007${vectors.M1_payload}`))!.samples]).toEqual(vectors.M2_ppg);
  });

  test('M3: TP10 packet, index 1, samples alternate -687.5 / -562.5', () => {
    const packet = decodeMuseEeg(hex(vectors.M3_tp10))!;
    expect(packet.seq).toBe(1);
    expect([...packet.samplesUv]).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? -687.5 : -562.5)));
  });

  test('M4: telemetry', () => {
    const t = decodeMuseTelemetry(hex(vectors.M4_telemetry))!;
    expect(t).toEqual({ seq: 330, batteryPct: 90.859375, fuelGaugeMv: 4083.2000000000003, temperatureC: 27 });
  });

  test('M5/M6: accelerometer (g) and gyroscope (°/s)', () => {
    const a = decodeMuseImu(hex(vectors.M5_accel), 'accel')!;
    expect(a.seq).toBe(21101);
    vectors.M5_expected.flat().forEach((v, i) => expect(a.xyz[i]).toBeCloseTo(v, 10));
    const g = decodeMuseImu(hex(vectors.M6_gyro), 'gyro')!;
    expect(g.seq).toBe(365);
    vectors.M6_expected.flat().forEach((v, i) => expect(g.xyz[i]).toBeCloseTo(v, 7));
  });

  test('M7: command framing', () => {
    expect([...encodeMuseCommand('v1')]).toEqual([0x03, 0x76, 0x31, 0x0a]);
    expect([...encodeMuseCommand('p21')]).toEqual([0x04, 0x70, 0x32, 0x31, 0x0a]);
    expect([...encodeMuseCommand('k')]).toEqual([0x02, 0x6b, 0x0a]);
  });

  test('M8: device info JSON reassembled from nine control notifications with garbage tails', () => {
    const parser = new MuseControlParser();
    const objects = vectors.M8_control.flatMap((h) => parser.push(hex(h)).objects);
    expect(objects).toEqual([vectors.M8_expected]);
  });

  test('M9: back-to-back objects, }{ straddling fragments', () => {
    const parser = new MuseControlParser();
    const fragments = [
      '{"hn":"Muse-1324","sn":"2031-TZRW-1324",',
      '"ma":"00-55-da-b0-13-24","id":"07473435 32313630 004f003a",',
      '"bp":82,"ts":0,"ps":32,"rc":0}{"r',
      'c":0}',
      '{"rc":0}{"rc":1}',
    ];
    const objects = fragments.flatMap((f) => parser.pushText(f).objects);
    expect(objects).toHaveLength(4);
    expect(objects[0]).toEqual({
      hn: 'Muse-1324',
      sn: '2031-TZRW-1324',
      ma: '00-55-da-b0-13-24',
      id: '07473435 32313630 004f003a',
      bp: 82,
      ts: 0,
      ps: 32,
      rc: 0,
    });
    expect(objects.slice(1)).toEqual([{ rc: 0 }, { rc: 0 }, { rc: 1 }]);
  });

  test('wrong-length packets are refused, not misread', () => {
    expect(decodeMuseEeg(hex('0001'))).toBeNull();
    expect(decodeMusePpg(new Uint8Array(21))).toBeNull();
  });
});

/** Builds an EEG notification for seq with 12 raw counts. */
function eegPacket(seq: number, raw: number[]): Uint8Array {
  const out = new Uint8Array(20);
  out[0] = seq >> 8;
  out[1] = seq & 0xff;
  for (let i = 0; i < 12; i += 2) {
    const p = 2 + (i / 2) * 3;
    out[p] = raw[i]! >> 4;
    out[p + 1] = ((raw[i]! & 15) << 4) | (raw[i + 1]! >> 8);
    out[p + 2] = raw[i + 1]! & 0xff;
  }
  return out;
}

describe('Muse stream decoder', () => {
  test('zips four channels that share a seq into one 4-channel packet, in seq order across interleaving', () => {
    const decoder = createMuseDecoder('p21');
    const out: DecodedPacket[] = [];
    const raw = (ch: number, seq: number) => Array.from({ length: 12 }, (_, i) => 2048 + ch * 100 + seq + i);
    // channel 3 of seq 5 arrives after channel 0 of seq 6
    for (const [ch, seq] of [
      [0, 5],
      [1, 5],
      [2, 5],
      [0, 6],
      [3, 5],
      [1, 6],
      [2, 6],
      [3, 6],
    ] as const) {
      decoder.feed(
        MUSE_EEG[ch]!,
        eegPacket(seq, raw(ch, seq)),
        (p) => out.push(p),
        () => {},
      );
    }
    expect(out.map((p) => p.seq)).toEqual([5, 6]);
    expect(out[0]!.values[3]).toBeCloseTo(0.48828125 * (300 + 5), 10); // frame 0, TP10
    expect(out[1]!.values[11 * 4 + 1]).toBeCloseTo(0.48828125 * (100 + 6 + 11), 10);
  });

  test('a block missing one channel is dropped whole, never emitted with invented values', () => {
    const decoder = createMuseDecoder('p21');
    const out: DecodedPacket[] = [];
    for (let seq = 0; seq < 10; seq++) {
      for (let ch = 0; ch < 4; ch++)
        if (!(seq === 3 && ch === 2))
          decoder.feed(
            MUSE_EEG[ch]!,
            eegPacket(seq, Array(12).fill(2048)),
            (p) => out.push(p),
            () => {},
          );
    }
    expect(out.map((p) => p.seq)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
  });

  test('telemetry and control become events', () => {
    const decoder = createMuseDecoder();
    const events: DeviceEvent[] = [];
    decoder.feed(
      museUuid('000b'),
      hex(vectors.M4_telemetry),
      () => {},
      (e) => events.push(e),
    );
    for (const h of vectors.M8_control)
      decoder.feed(
        museUuid('0001'),
        hex(h),
        () => {},
        (e) => events.push(e),
      );
    expect(events.map((e) => e.type)).toEqual(['telemetry', 'device-info']);
  });

  test('property: arbitrary notifications on any characteristic never throw; valid EEG blocks always come out', () => {
    const sources = [...MUSE_EEG, museUuid('0001'), museUuid('0009'), museUuid('000a'), museUuid('000b'), museUuid('000f'), 'bogus'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...sources), fc.uint8Array({ maxLength: 40 })), { maxLength: 60 }),
        fc.integer({ min: 0, max: 0xffff }),
        (junk, seq) => {
          const decoder = createMuseDecoder('p21');
          const out: DecodedPacket[] = [];
          for (const [src, bytes] of junk)
            decoder.feed(
              src,
              bytes,
              () => {},
              () => {},
            );
          decoder.reset();
          for (let ch = 0; ch < 4; ch++)
            decoder.feed(
              MUSE_EEG[ch]!,
              eegPacket(seq, Array(12).fill(2048 + ch)),
              (p) => out.push(p),
              () => {},
            );
          return out.length === 1 && out[0]!.seq === seq && out[0]!.values[3] === 0.48828125 * 3;
        },
      ),
    );
  });
});
