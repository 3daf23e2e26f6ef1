import { describe, expect, test } from 'vitest';
import { createHeartRateStrapDecoder, parseHeartRateMeasurement } from './decode.ts';
import { BATTERY_LEVEL_UUID, heartRateStrapDescriptor } from './descriptor.ts';
import type { DecodedPacket, DeviceEvent } from '../decoded.ts';

const SOURCE = '00002a37-0000-1000-8000-00805f9b34fb';

function decodeAll(notifications: number[][]) {
  const decoder = createHeartRateStrapDecoder();
  const packets: DecodedPacket[] = [];
  const events: DeviceEvent[] = [];
  for (const n of notifications)
    decoder.feed(
      SOURCE,
      Uint8Array.from(n),
      (p) => packets.push(p),
      (e) => events.push(e),
    );
  const stream = (id: string) => packets.filter((p) => p.streamId === id).map((p) => ({ seq: p.seq, frames: p.frames, value: p.values[0] }));
  return { decoder, packets, events, hr: stream('hr'), rr: stream('rr') };
}

describe('Heart Rate Measurement (0x2A37) layout', () => {
  test('uint8 heart rate, no contact support, no RR: flags 0x00, 72 bpm', () => {
    expect(parseHeartRateMeasurement(Uint8Array.of(0x00, 72))).toEqual({ ok: true, measurement: { bpm: 72, contact: 'unsupported', rrMs: [] } });
  });

  test('uint16 heart rate with energy expended and 2 RR intervals, little-endian', () => {
    // flags 0x19 = uint16 HR | energy | RR; HR 0x012C = 300 bpm; energy 0x0102 = 258 kJ; RR 1024 and 512 units.
    const bytes = Uint8Array.of(0x19, 0x2c, 0x01, 0x02, 0x01, 0x00, 0x04, 0x00, 0x02);
    expect(parseHeartRateMeasurement(bytes)).toEqual({
      ok: true,
      measurement: { bpm: 300, contact: 'unsupported', energyExpendedKj: 258, rrMs: [1000, 500] },
    });
  });

  test('RR units are 1/1024 s: 820 units = 800.78125 ms', () => {
    const r = parseHeartRateMeasurement(Uint8Array.of(0x10, 75, 0x34, 0x03));
    expect(r).toEqual({ ok: true, measurement: { bpm: 75, contact: 'unsupported', rrMs: [800.78125] } });
  });

  test.each([
    [0x00, 'unsupported'],
    [0x02, 'unsupported'], // bit 1 alone means nothing while bit 2 says contact is not reported
    [0x04, 'not-detected'],
    [0x06, 'detected'],
  ] as const)('contact bits of flags 0x%s -> %s', (flags, contact) => {
    const r = parseHeartRateMeasurement(Uint8Array.of(flags, 60));
    expect(r.ok && r.measurement.contact).toBe(contact);
  });

  test.each([
    [[], 0],
    [[0x00], 1], // uint8 HR missing
    [[0x01, 0x48], 2], // uint16 HR half there
    [[0x08, 0x48, 0x01], 3], // energy expended cut short
    [[0x10, 0x48, 0x00, 0x04, 0x01], 4], // RR list ends in half a uint16
  ])('too short for its flags: %j -> error at byte %i', (bytes, byteOffset) => {
    const r = parseHeartRateMeasurement(Uint8Array.from(bytes));
    expect(r).toMatchObject({ ok: false, byteOffset });
  });
});

describe('heart-rate strap decoder', () => {
  test('one hr sample per notification, one rr sample per interval, each numbered by its own counter', () => {
    const { hr, rr, decoder } = decodeAll([
      [0x16, 64, 0x00, 0x04], // contact detected, 64 bpm, RR 1024 -> 1000 ms
      [0x16, 66, 0x00, 0x04, 0x00, 0x03], // RR 1000 ms, 750 ms
      [0x06, 67], // no RR this time
    ]);
    expect(hr).toEqual([
      { seq: 0, frames: 1, value: 64 },
      { seq: 1, frames: 1, value: 66 },
      { seq: 2, frames: 1, value: 67 },
    ]);
    expect(rr).toEqual([
      { seq: 0, frames: 1, value: 1000 },
      { seq: 1, frames: 1, value: 1000 },
      { seq: 2, frames: 1, value: 750 },
    ]);
    expect(decoder.counters).toMatchObject({ packets: 3, corrupt: 0 });
  });

  test('"contact not detected" and 0 bpm are no reading: nothing emitted, their sequence numbers skipped (gaps)', () => {
    const { hr, rr, packets } = decodeAll([
      [0x16, 60, 0x00, 0x04], // contact: 1000 ms
      [0x14, 80, 0x00, 0x04, 0x00, 0x04], // contact supported, not detected: 2 RR dropped
      [0x10, 0, 0x00, 0x04], // 0 bpm from a strap without contact bits: 1 RR dropped
      [0x16, 61, 0x00, 0x02], // contact again: 500 ms
    ]);
    expect(hr).toEqual([
      { seq: 0, frames: 1, value: 60 },
      { seq: 3, frames: 1, value: 61 },
    ]);
    expect(rr).toEqual([
      { seq: 0, frames: 1, value: 1000 },
      { seq: 4, frames: 1, value: 500 },
    ]);
    expect(packets.every((p) => Number.isFinite(p.values[0]))).toBe(true);
  });

  test('malformed notifications are counted as corrupt with a decode problem, never thrown, and the next one decodes', () => {
    const { hr, rr, decoder, events } = decodeAll([[], [0x01, 0x48], [0x18, 70, 0x01], [0x10, 70, 0x00, 0x04, 0x01], [0x00, 70]]);
    expect(decoder.counters).toMatchObject({ packets: 1, corrupt: 4 });
    expect(hr).toEqual([{ seq: 0, frames: 1, value: 70 }]);
    expect(rr).toEqual([]);
    expect(events).toHaveLength(4);
    expect(events[1]).toMatchObject({ type: 'decode-problem', source: SOURCE, byteOffset: 2, message: 'flags 0x01 need 3 bytes, got 2' });
  });

  test('the counters continue across reset() (a reconnect), so the timeline does not see duplicates', () => {
    const decoder = createHeartRateStrapDecoder();
    const seqs: number[] = [];
    decoder.feed(
      SOURCE,
      Uint8Array.of(0x00, 70),
      (p) => seqs.push(p.seq),
      () => {},
    );
    decoder.reset();
    decoder.feed(
      SOURCE,
      Uint8Array.of(0x00, 71),
      (p) => seqs.push(p.seq),
      () => {},
    );
    expect(seqs).toEqual([0, 1]);
  });

  test('Battery Level (0x2A19) is a telemetry event in %; a value that is not one byte 0-100 is counted corrupt', () => {
    const decoder = createHeartRateStrapDecoder();
    const events: DeviceEvent[] = [];
    const packets: DecodedPacket[] = [];
    for (const bytes of [[85], [], [101], [50, 1]])
      decoder.feed(
        BATTERY_LEVEL_UUID,
        Uint8Array.from(bytes),
        (p) => packets.push(p),
        (e) => events.push(e),
      );
    expect(packets).toEqual([]);
    expect(events[0]).toEqual({ type: 'telemetry', batteryPct: 85 });
    expect(events.slice(1).map((e) => e.type === 'decode-problem' && e.message)).toEqual([
      'Battery Level must be one byte 0-100, got 0 byte(s)',
      'Battery Level must be one byte 0-100, got 1 byte(s) starting 101',
      'Battery Level must be one byte 0-100, got 2 byte(s) starting 50',
    ]);
    expect(decoder.counters).toMatchObject({ packets: 0, corrupt: 3 });
  });
  test('descriptor: hr in bpm and rr in ms, one channel each, nominal 1 Hz', () => {
    expect(heartRateStrapDescriptor().streams).toEqual([
      { id: 'hr', kind: 'other', sampleRateHz: 1, channels: [{ label: 'HR', unit: 'bpm' }] },
      { id: 'rr', kind: 'other', sampleRateHz: 1, channels: [{ label: 'RR', unit: 'ms' }] },
    ]);
  });
});
