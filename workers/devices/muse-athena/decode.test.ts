import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import vectors from '../../../tests/data/devices/muse-athena-vectors.json' with { type: 'json' };
import { athenaBatteryPct, athenaDeviceTimeMs, athenaEegUv, athenaImu, decodeAthenaNotification, type AthenaBlock } from './decode.ts';
import { createAthenaDecoder } from './stream-decoder.ts';
import { ATHENA_DATA_1, ATHENA_TAGS, athenaDescriptor } from './descriptor.ts';
import { athenaStream, hexToBytes } from './athena-capture.ts';
import { AcquisitionSession } from '../../acquisition/acquisition-session.ts';
import type { DecodedPacket, DeviceEvent } from '../decoded.ts';

type Vector = (typeof vectors)[number];
type VectorBlock = Vector['blocks'][number] & Record<string, unknown>;

/** Every value of `actual` equals `expected` to the vector's last printed digit (`digits` decimals). */
function expectDigits(actual: ArrayLike<number>, expected: number[][], digits: number): void {
  const flat = expected.flat();
  expect(actual.length).toBe(flat.length);
  flat.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, digits));
}

const sampleRows = (block: AthenaBlock) =>
  Array.from({ length: block.samples }, (_, s) => [...block.raw.subarray(s * block.channels, (s + 1) * block.channels)]);

describe('every real notification of the shared vector file, to the last digit', () => {
  test.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const bytes = hexToBytes(v.hex);
    expect(bytes.length).toBe(v.notification_len);
    const { packets, problems } = decodeAthenaNotification(bytes);
    expect(problems).toEqual([]); // the walk ends exactly on the packet end (0x88 read as 20 bytes)
    expect(packets).toHaveLength(1);
    const [packet] = packets as [(typeof packets)[number]];
    expect(packet).toMatchObject({ byteOffset: 0, length: v.header.len, seq: v.header.seq_u16le, deviceClock: v.header.bytes3_8_u48le });
    expect(packet.blocks.map((b) => [b.byteOffset, `0x${b.tag.toString(16)}`, b.index])).toEqual(v.blocks.map((b) => [b.offset, b.tag, b.index]));
    for (const [i, expected] of (v.blocks as VectorBlock[]).entries()) {
      const block = packet.blocks[i]!;
      const meta = hexToBytes(expected.meta3_hex);
      expect(block.meta).toBe(meta[0]! | (meta[1]! << 8) | (meta[2]! << 16));
      expect(ATHENA_TAGS.get(block.tag)!.dataBytes).toBe(expected.data_len);
      if (block.kind === 'eeg') {
        expect(sampleRows(block)).toEqual(expected.raw14);
        expectDigits([...block.raw].map(athenaEegUv), expected['uV_centered_(raw-8192)_x_1450_over_16383'] as number[][], 4);
        expectDigits(
          [...block.raw].map((r) => (r * 1450) / 16383),
          expected.uV_openmuse_raw_x_1450_over_16383 as number[][],
          4,
        );
      } else if (block.kind === 'optics') {
        expect(sampleRows(block)).toEqual(expected.raw20);
        expectDigits(
          [...block.raw].map((r) => r / 32768),
          expected.openmuse_raw_over_32768 as number[][],
          6,
        );
      } else if (block.kind === 'imu') {
        expect(sampleRows(block)).toEqual(expected.raw_int16);
        const { accelG, gyroDps } = athenaImu(block);
        expectDigits(accelG, expected.acc_g as number[][], 6);
        expectDigits(gyroDps, expected.gyro_dps as number[][], 5);
      } else {
        expect([...block.raw]).toEqual(expected.u16_le);
        if (block.kind === 'battery') {
          expect(athenaBatteryPct(block)).toBeCloseTo(expected.battery_pct_div256 as number, 3);
          expect(block.raw[0]! / 512).toBeCloseTo(expected.battery_pct_div512 as number, 3);
        }
      }
    }
  });

  test('the vector file covers every tag the decoder knows', () => {
    const seen = new Set(vectors.flatMap((v) => v.blocks.map((b) => Number(b.tag))));
    expect([...seen].sort((a, b) => a - b)).toEqual([...ATHENA_TAGS.keys()]);
  });

  test('device clock: old firmware counts ms (2024-12-03 + uptime), new firmware 2^28 ns units of Unix time', () => {
    const old = vectors.find((v) => v.name.startsWith('B_'))!; // recorded 2025-09-25, 1325 s after power-on
    expect(athenaDeviceTimeMs(old.header.bytes3_8_u48le)).toEqual({ ms: 1733185325555, basis: 'uptime-ms' });
    const fresh = vectors.find((v) => v.name.startsWith('H_'))!; // host time 2026-01-14T05:08:00.091Z
    const { ms, basis } = athenaDeviceTimeMs(fresh.header.bytes3_8_u48le);
    expect(basis).toBe('unix-2^28ns');
    expect(Math.abs(ms - Date.parse(fresh.host_time!))).toBeLessThan(120_000); // the device ran ≈ 61 s ahead of the host
  });

  test('two packets in one notification are both decoded', () => {
    const a = hexToBytes(vectors[2]!.hex);
    const b = hexToBytes(vectors[7]!.hex);
    const joined = new Uint8Array([...a, ...b]);
    const { packets, problems } = decodeAthenaNotification(joined);
    expect(problems).toEqual([]);
    expect(packets.map((p) => [p.byteOffset, p.seq, p.blocks.length])).toEqual([
      [0, vectors[2]!.header.seq_u16le, vectors[2]!.blocks.length],
      [a.length, vectors[7]!.header.seq_u16le, vectors[7]!.blocks.length],
    ]);
  });
});

describe('bad packets are reported with what and where, and the walk stays inside the bytes', () => {
  const j = hexToBytes(vectors.find((v) => v.name.startsWith('J_'))!.hex); // 0x47 0x47 0x88 0x53 0x11 0x11 0x11

  test('an unknown tag stops the packet at its byte offset; earlier blocks are kept', () => {
    const bad = j.slice();
    bad[91] = 0x99; // the 0x88 block's tag
    const { packets, problems } = decodeAthenaNotification(bad);
    expect(packets[0]!.blocks.map((b) => b.tag)).toEqual([0x47, 0x47]);
    expect(problems).toEqual([
      {
        code: 'unknown-tag',
        byteOffset: 91,
        skippedBytes: 244 - 91,
        message: "unknown block tag 0x99 at byte 91: the packet's remaining 153 bytes are skipped",
      },
    ]);
  });

  test('a notification cut short keeps its complete blocks and says how much arrived', () => {
    const { packets, problems } = decodeAthenaNotification(j.subarray(0, 150));
    expect(packets[0]!.blocks.map((b) => b.byteOffset)).toEqual([9, 50, 91, 116]);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'length-overrun',
        byteOffset: 0,
        message: 'packet at byte 0 declares 244 bytes but only 150 arrived: its complete blocks are kept',
      }),
      expect.objectContaining({ code: 'block-overrun', byteOffset: 145, skippedBytes: 5 }),
    ]);
  });

  test('a length byte below a header is refused, a tail too short for a packet is reported', () => {
    expect(decodeAthenaNotification(new Uint8Array([5, ...new Uint8Array(20)])).problems).toEqual([
      expect.objectContaining({ code: 'bad-length', byteOffset: 0 }),
    ]);
    const tail = decodeAthenaNotification(new Uint8Array([...j, 1, 2, 3]));
    expect(tail.packets).toHaveLength(1);
    expect(tail.problems).toEqual([expect.objectContaining({ code: 'short-packet', byteOffset: 244, skippedBytes: 3 })]);
  });

  /** Every block lies wholly inside the bytes; problems point inside them too. */
  const withinBytes = (bytes: Uint8Array) => {
    const { packets, problems } = decodeAthenaNotification(bytes);
    for (const p of packets)
      for (const b of p.blocks) {
        const end = b.byteOffset + 5 + ATHENA_TAGS.get(b.tag)!.dataBytes;
        if (end > bytes.length || end > p.byteOffset + p.length || b.byteOffset < p.byteOffset + 9) return false;
        if (b.raw.length !== b.channels * b.samples) return false;
      }
    return problems.every((q) => q.byteOffset >= 0 && q.byteOffset < bytes.length && q.message.includes(`byte ${q.byteOffset}`));
  };

  test('property: random bytes never throw and never yield a block beyond the packet', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), withinBytes), { numRuns: 2000 });
  });

  test('property: a real packet cut anywhere yields exactly its blocks that fit, and reports the cut', () => {
    fc.assert(
      fc.property(fc.constantFrom(...vectors), fc.nat(), (v, cut) => {
        const full = hexToBytes(v.hex);
        const n = cut % full.length;
        const cutBytes = full.subarray(0, n);
        if (!withinBytes(cutBytes)) return false;
        const { packets, problems } = decodeAthenaNotification(cutBytes);
        const fitting = v.blocks.filter((b) => b.offset + 5 + b.data_len <= n).map((b) => b.offset);
        if (n < 14) return packets.length === 0 && problems.length === (n === 0 ? 0 : 1);
        return (
          JSON.stringify(packets[0]!.blocks.map((b) => b.byteOffset)) === JSON.stringify(fitting) &&
          problems[0]!.code === 'length-overrun' &&
          problems[0]!.byteOffset === 0
        );
      }),
      { numRuns: 1000 },
    );
  });

  test('property: bit flips in real packets never throw, stay inside the bytes, and the stream goes on', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...vectors),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }),
        (v, flips) => {
          const bytes = hexToBytes(v.hex);
          for (const [at, bit] of flips) bytes[at % bytes.length]! ^= 1 << bit;
          if (!withinBytes(bytes)) return false;
          // The stateful decoder takes the corrupt packet, then decodes a clean one in full.
          const decoder = createAthenaDecoder('p1041');
          const out: DecodedPacket[] = [];
          decoder.feed(
            ATHENA_DATA_1,
            bytes,
            () => {},
            () => {},
          );
          decoder.feed(
            ATHENA_DATA_1,
            hexToBytes(vectors[0]!.hex),
            (p) => out.push(p),
            () => {},
          );
          return out.map((p) => p.streamId).join() === 'eeg,eeg,accel,gyro,optics,optics';
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('Athena stream decoder', () => {
  const feedAll = (preset: Parameters<typeof createAthenaDecoder>[0], hexes: string[]) => {
    const decoder = createAthenaDecoder(preset);
    const out: DecodedPacket[] = [];
    const events: DeviceEvent[] = [];
    for (const h of hexes)
      decoder.feed(
        ATHENA_DATA_1,
        hexToBytes(h),
        (p) => out.push(p),
        (e) => events.push(e),
      );
    return { decoder, out, events };
  };

  test('p1041: each block becomes one packet of its stream, timed by the block index', () => {
    const a = vectors[0]!; // 0x12 x2, 0x47, 0x36 x2
    const { out } = feedAll('p1041', [a.hex]);
    expect(out.map((p) => [p.streamId, p.seq, p.seqModulus, p.frames, p.values.length])).toEqual([
      ['eeg', 22, 256, 2, 16],
      ['eeg', 23, 256, 2, 16],
      ['accel', 147, 256, 3, 9],
      ['gyro', 147, 256, 3, 9],
      ['optics', 124, 256, 1, 16],
      ['optics', 125, 256, 1, 16],
    ]);
    expect(out[0]!.values[0]).toBeCloseTo(-320.2161, 4);
    expect(out[4]!.values[0]).toBe(122206);
    expect(out[3]!.values[1]).toBeCloseTo(55.67225, 5);
  });

  test('the descriptor matches what the decoder emits, per preset', () => {
    expect(athenaDescriptor('p1041').streams.map((s) => [s.id, s.kind, s.channels.length, s.sampleRateHz])).toEqual([
      ['eeg', 'eeg', 8, 256],
      ['optics', 'ppg', 16, 64],
      ['accel', 'accel', 3, 52],
      ['gyro', 'gyro', 3, 52],
    ]);
    expect(athenaDescriptor('p21').streams.map((s) => s.id)).toEqual(['eeg', 'accel', 'gyro']);
    expect(athenaDescriptor('p1035').streams[1]!.channels.map((c) => c.label)).toEqual(['LI_NIR', 'RI_NIR', 'LI_IR', 'RI_IR']);
    expect(() => athenaDescriptor('p99' as 'p21')).toThrow(/unknown Muse S Athena preset "p99"/);
  });

  test('battery blocks (0x98 and 0x88) become telemetry events, in %', () => {
    const f = vectors.find((v) => v.name.startsWith('F_'))!;
    const h = vectors.find((v) => v.name.startsWith('H_'))!;
    const { events } = feedAll('p1045', [f.hex, h.hex]);
    const battery = events.filter((e) => e.type === 'telemetry');
    expect(battery).toEqual([
      { type: 'telemetry', batteryPct: 14918 / 256 },
      { type: 'telemetry', batteryPct: 25246 / 256 },
    ]);
  });

  test('a block the preset does not stream is skipped and reported once per kind, with its byte offset', () => {
    const c = vectors.find((v) => v.name.startsWith('C_'))!; // 4-channel EEG (0x11) under an 8-channel preset
    const { out, events, decoder } = feedAll('p1041', [c.hex]);
    expect(out.map((p) => p.streamId)).toEqual(['accel', 'gyro', 'accel', 'gyro']);
    const problems = events.filter((e) => e.type === 'decode-problem');
    expect(problems[0]).toEqual({
      type: 'decode-problem',
      source: 'muse-athena',
      code: 'unexpected-block',
      byteOffset: 9,
      message: 'a 4-channel eeg block at byte 9, but preset p1041 streams 8-channel eeg: skipped',
      occurrences: 1,
    });
    expect(decoder.counters.unknown).toBe(4);
  });

  test('control notifications become device-info events; the status reply\'s "bp" is the battery charge', () => {
    const decoder = createAthenaDecoder('p21');
    const events: DeviceEvent[] = [];
    const text = '{"fw":"3.1.11","sp":"Athena_RevE","rc":0}{"hn":"MuseS-F723","bp":99.68,"ps":4165,"rc":0}';
    for (let i = 0; i < text.length; i += 31) {
      const chunk = text.slice(i, i + 31);
      decoder.feed(
        '273e0001-4c4d-454d-96be-f03bac821358',
        Uint8Array.from([chunk.length, ...[...chunk].map((c) => c.charCodeAt(0))]),
        () => {},
        (e) => events.push(e),
      );
    }
    expect(events).toEqual([
      { type: 'device-info', info: { fw: '3.1.11', sp: 'Athena_RevE', rc: 0 } },
      { type: 'device-info', info: { hn: 'MuseS-F723', bp: 99.68, ps: 4165, rc: 0 } },
      { type: 'telemetry', batteryPct: 99.68 },
    ]);
  });
});

describe('loss: one lost notification becomes, on each stream it carried, one gap of its samples', () => {
  // Real p1041 notifications (A: 2 EEG, 1 IMU, 2 optics blocks; B: 7 EEG; I: 4 EEG, 2 optics) renumbered
  // into one continuous stream; notification 10 (an A: 4 EEG, 3 IMU, 2 optics samples) is lost in flight.
  const p1041 = ['A_', 'B_', 'I_'].map((p) => vectors.find((v) => v.name.startsWith(p))!.hex);
  const eegPerPacket = [4, 14, 8];

  test('through the acquisition session: gaps of 4 EEG, 2 optics, 3 accel and 3 gyro samples, one packet-loss event', () => {
    const events: DeviceEvent[] = [];
    const session = new AcquisitionSession('s', athenaDescriptor('p1041'), createAthenaDecoder('p1041'), { onEvent: (e) => events.push(e) });
    let eegSamples = 0;
    const t0 = 1_700_000_000_000;
    athenaStream(p1041, 60).forEach((bytes, seq) => {
      eegSamples += eegPerPacket[seq % 3]!;
      if (seq !== 30) session.ingest(ATHENA_DATA_1, bytes, t0 + (eegSamples * 1000) / 256);
    });
    const lost = (id: string) => session.gaps.filter((g) => g.streamId === id).map((g) => [g.lengthSamples, g.cause]);
    expect(lost('eeg')).toEqual([[4, 'packet-loss']]);
    expect(lost('optics')).toEqual([[2, 'packet-loss']]);
    expect(lost('accel')).toEqual([[3, 'packet-loss']]);
    expect(lost('gyro')).toEqual([[3, 'packet-loss']]);
    expect(events.filter((e) => e.type === 'packet-loss')).toEqual([
      { type: 'packet-loss', source: 'muse-athena', lostPackets: 1, lastSeq: 29, nextSeq: 31 },
    ]);
    const eeg = session.streamStats().find((s) => s.streamId === 'eeg')!;
    expect(eeg).toMatchObject({ samples: 20 * 26 - 4, lostSamples: 4, gaps: 1 });
  });

  test('a restart (counters back at 0, as after dc001) is not reported as lost notifications', () => {
    const decoder = createAthenaDecoder('p1041');
    const events: DeviceEvent[] = [];
    const stream = athenaStream(p1041, 12);
    for (const bytes of [...stream, ...stream.slice(0, 3)])
      decoder.feed(
        ATHENA_DATA_1,
        bytes,
        () => {},
        (e) => events.push(e),
      );
    expect(events.filter((e) => e.type === 'packet-loss')).toEqual([]);
  });
});
