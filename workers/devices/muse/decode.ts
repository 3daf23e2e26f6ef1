// Muse legacy packet decoding: pure functions over one 20-byte notification. No state, no I/O.
// Layouts (big-endian): EEG = u16 seq + 12 x 12-bit unsigned; PPG = u16 seq + 6 x u24;
// IMU = u16 seq + 3 samples x (x, y, z) int16; telemetry = u16 fields. See docs/devices.md.
import { MUSE_ACCEL_G_PER_COUNT, MUSE_EEG_UV_PER_COUNT, MUSE_GYRO_DPS_PER_COUNT } from './descriptor.ts';

export const MUSE_PACKET_BYTES = 20;

/** Unpacks 12-bit MSB-first samples: every 3 bytes hold two (s0 = b0<<4 | b1>>4, s1 = (b1&15)<<8 | b2). */
export function unpack12Bit(
  bytes: Uint8Array,
  offset: number,
  count: number,
  out: Float64Array | number[] = new Float64Array(count),
): Float64Array | number[] {
  for (let i = 0; i < count; i += 2) {
    const p = offset + (i >> 1) * 3;
    const b0 = bytes[p]!,
      b1 = bytes[p + 1]!,
      b2 = bytes[p + 2]!;
    out[i] = (b0 << 4) | (b1 >> 4);
    if (i + 1 < count) out[i + 1] = ((b1 & 0x0f) << 8) | b2;
  }
  return out;
}

/** Unpacks unsigned 24-bit big-endian values. */
export function unpack24Bit(bytes: Uint8Array, offset: number, count: number, out: Float64Array = new Float64Array(count)): Float64Array {
  for (let i = 0; i < count; i++) {
    const p = offset + i * 3;
    out[i] = (bytes[p]! << 16) | (bytes[p + 1]! << 8) | bytes[p + 2]!;
  }
  return out;
}

const readU16 = (b: Uint8Array, p: number): number => (b[p]! << 8) | b[p + 1]!;
const readI16 = (b: Uint8Array, p: number): number => ((b[p]! << 24) >> 16) | b[p + 1]!;

/** EEG notification -> sequence number and 12 samples in µV, or null when it is not 20 bytes. */
export function decodeMuseEeg(bytes: Uint8Array): { seq: number; samplesUv: Float64Array } | null {
  if (bytes.length !== MUSE_PACKET_BYTES) return null;
  const samplesUv = unpack12Bit(bytes, 2, 12) as Float64Array;
  for (let i = 0; i < 12; i++) samplesUv[i] = MUSE_EEG_UV_PER_COUNT * (samplesUv[i]! - 0x800);
  return { seq: readU16(bytes, 0), samplesUv };
}

/** PPG notification -> sequence number and 6 unsigned 24-bit counts, or null when not 20 bytes. */
export function decodeMusePpg(bytes: Uint8Array): { seq: number; samples: Float64Array } | null {
  if (bytes.length !== MUSE_PACKET_BYTES) return null;
  return { seq: readU16(bytes, 0), samples: unpack24Bit(bytes, 2, 6) };
}

/** Accelerometer (g) or gyroscope (°/s) notification -> seq and 3 frames of x, y, z (frame-major). */
export function decodeMuseImu(bytes: Uint8Array, which: 'accel' | 'gyro'): { seq: number; xyz: Float64Array } | null {
  if (bytes.length !== MUSE_PACKET_BYTES) return null;
  const scale = which === 'accel' ? MUSE_ACCEL_G_PER_COUNT : MUSE_GYRO_DPS_PER_COUNT;
  const xyz = new Float64Array(9);
  for (let i = 0; i < 9; i++) xyz[i] = scale * readI16(bytes, 2 + 2 * i);
  return { seq: readU16(bytes, 0), xyz };
}

/** Telemetry notification: battery %, fuel gauge mV, temperature (°C as reported). */
export function decodeMuseTelemetry(bytes: Uint8Array): { seq: number; batteryPct: number; fuelGaugeMv: number; temperatureC: number } | null {
  if (bytes.length < 10) return null;
  return {
    seq: readU16(bytes, 0),
    batteryPct: readU16(bytes, 2) / 512,
    fuelGaugeMv: readU16(bytes, 4) * 2.2,
    temperatureC: readU16(bytes, 8),
  };
}

/** Frames a control command: [len(cmd)+1, ascii(cmd)..., 0x0A]. `v1` -> 03 76 31 0a. */
export function encodeMuseCommand(command: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(command.length + 2);
  out[0] = command.length + 1;
  for (let i = 0; i < command.length; i++) out[i + 1] = command.charCodeAt(i);
  out[command.length + 1] = 0x0a;
  return out;
}

/**
 * Reassembles the JSON objects the control characteristic sends in 20-byte pieces
 * (byte 0 = n, then n ASCII bytes; the rest is garbage). Objects may straddle packets and sit back to back.
 */
export class MuseControlParser {
  private text = '';

  /** Adds one notification; returns every object completed by it. Malformed objects are skipped. */
  push(bytes: Uint8Array): { objects: Record<string, unknown>[]; malformed: number } {
    if (bytes.length === 0) return { objects: [], malformed: 0 };
    const n = Math.min(bytes[0]!, bytes.length - 1);
    let fragment = '';
    for (let i = 1; i <= n; i++) fragment += String.fromCharCode(bytes[i]!);
    return this.pushText(fragment);
  }

  /** Adds already-extracted text (what muse-js's parseControl takes). */
  pushText(fragment: string): { objects: Record<string, unknown>[]; malformed: number } {
    this.text += fragment;
    const objects: Record<string, unknown>[] = [];
    let malformed = 0;
    for (;;) {
      const start = this.text.indexOf('{');
      if (start < 0) {
        this.text = '';
        break;
      }
      const end = this.text.indexOf('}', start);
      if (end < 0) {
        this.text = this.text.slice(start);
        break;
      }
      const candidate = this.text.slice(start, end + 1);
      this.text = this.text.slice(end + 1);
      try {
        objects.push(JSON.parse(candidate) as Record<string, unknown>);
      } catch {
        malformed++;
      }
    }
    if (this.text.length > 4096) this.text = ''; // a runaway unterminated object: drop it
    return { objects, malformed };
  }
}
