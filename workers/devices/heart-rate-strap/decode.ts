// Heart Rate Measurement (0x2A37) decoding, little-endian per the GATT specification:
//   byte 0 flags: bit 0 HR format (0 = uint8, 1 = uint16), bits 1-2 sensor contact (bit 2 = the strap
//   reports contact, bit 1 = contact detected), bit 3 energy expended present (uint16, kJ), bit 4 RR
//   intervals present (uint16 each, 1/1024 s, oldest first, filling the rest of the notification).
// Without skin contact a strap keeps notifying stale or zero values, so a reading it flags as "no contact"
// (or a 0 bpm reading) is not emitted, and neither are its RR intervals; their sequence numbers are used up,
// so the timeline records each of them as a gap (a chunk holds finite samples only: no NaN).
import { createDecodeCounters, type DecodedPacket, type DeviceDecoder, type DeviceEvent } from '../decoded.ts';
import { BATTERY_LEVEL_UUID, HEART_RATE_SEQ_MODULUS } from './descriptor.ts';

/** Sensor contact as bits 1-2 say it: 'unsupported' when the strap does not report contact. */
export type SensorContact = 'unsupported' | 'detected' | 'not-detected';

export interface HeartRateMeasurement {
  bpm: number;
  contact: SensorContact;
  /** Cumulative energy expended since the strap's last reset, kJ; absent unless flag bit 3 is set. */
  energyExpendedKj?: number;
  /** RR intervals in ms (1/1024 s units x 1000 / 1024), oldest first. */
  rrMs: number[];
}

export type MeasurementResult = { ok: true; measurement: HeartRateMeasurement } | { ok: false; byteOffset: number; message: string };

const RR_UNITS_PER_SECOND = 1024;

/** Parses one notification; never throws. A notification too short for its flags is an error at the byte that is missing. */
export function parseHeartRateMeasurement(bytes: Uint8Array): MeasurementResult {
  if (bytes.length === 0) return { ok: false, byteOffset: 0, message: 'empty notification: no flags byte' };
  const flags = bytes[0]!;
  const wideHr = (flags & 0x01) !== 0;
  const contact: SensorContact = (flags & 0x04) === 0 ? 'unsupported' : (flags & 0x02) !== 0 ? 'detected' : 'not-detected';
  const hasEnergy = (flags & 0x08) !== 0;
  const hasRr = (flags & 0x10) !== 0;
  const need = 1 + (wideHr ? 2 : 1) + (hasEnergy ? 2 : 0);
  if (bytes.length < need)
    return { ok: false, byteOffset: bytes.length, message: `flags 0x${flags.toString(16).padStart(2, '0')} need ${need} bytes, got ${bytes.length}` };
  const u16 = (p: number) => bytes[p]! | (bytes[p + 1]! << 8);
  let p = 1;
  const bpm = wideHr ? u16(p) : bytes[p]!;
  p += wideHr ? 2 : 1;
  const measurement: HeartRateMeasurement = { bpm, contact, rrMs: [] };
  if (hasEnergy) {
    measurement.energyExpendedKj = u16(p);
    p += 2;
  }
  if (hasRr) {
    if ((bytes.length - p) % 2 !== 0) return { ok: false, byteOffset: bytes.length - 1, message: 'RR intervals end in half a uint16' };
    for (; p < bytes.length; p += 2) measurement.rrMs.push((u16(p) * 1000) / RR_UNITS_PER_SECOND);
  }
  return { ok: true, measurement };
}

/**
 * The Battery Level (0x2A19, one byte, %) notification becomes a 'telemetry' event.
 * One 'hr' sample per notification (bpm) and one 'rr' sample per RR interval (ms); without contact, gaps.
 * The strap numbers nothing, so each stream's sequence counts the samples this decoder emitted: a lost
 * notification leaves no gap, a reconnect's gap is measured by the clock. The counters survive reset().
 */
export function createHeartRateStrapDecoder(): DeviceDecoder {
  const counters = createDecodeCounters();
  let hrSeq = 0;
  let rrSeq = 0;
  const feed = (source: string, bytes: Uint8Array, emit: (p: DecodedPacket) => void, event: (e: DeviceEvent) => void): void => {
    if (source === BATTERY_LEVEL_UUID) return decodeBattery(source, bytes, event);
    const result = parseHeartRateMeasurement(bytes);
    if (!result.ok) {
      counters.corrupt++;
      event({
        type: 'decode-problem',
        source,
        code: 'hr-measurement-short',
        byteOffset: result.byteOffset,
        message: result.message,
        occurrences: counters.corrupt,
      });
      return;
    }
    const { bpm, contact, rrMs } = result.measurement;
    counters.packets++;
    if (contact === 'not-detected' || bpm === 0) {
      hrSeq++; // no reading: the skipped numbers become gaps on both streams
      rrSeq += rrMs.length;
      return;
    }
    emit({ streamId: 'hr', seq: hrSeq++ % HEART_RATE_SEQ_MODULUS, seqModulus: HEART_RATE_SEQ_MODULUS, frames: 1, values: Float64Array.of(bpm) });
    for (const ms of rrMs)
      emit({ streamId: 'rr', seq: rrSeq++ % HEART_RATE_SEQ_MODULUS, seqModulus: HEART_RATE_SEQ_MODULUS, frames: 1, values: Float64Array.of(ms) });
  };
  function decodeBattery(source: string, bytes: Uint8Array, event: (e: DeviceEvent) => void): void {
    const pct = bytes[0];
    if (bytes.length === 1 && pct !== undefined && pct <= 100) return event({ type: 'telemetry', batteryPct: pct });
    counters.corrupt++;
    event({
      type: 'decode-problem',
      source,
      code: 'battery-level-invalid',
      byteOffset: 0,
      message: `Battery Level must be one byte 0-100, got ${bytes.length} byte(s)${pct === undefined ? '' : ` starting ${pct}`}`,
      occurrences: counters.corrupt,
    });
  }
  return { counters, feed, reset() {} };
}
