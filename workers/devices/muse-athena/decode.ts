// Muse S Athena packet decoding: pure functions over one notification of characteristic 273e0013.
// No state, no I/O, never throws on device bytes: what cannot be read is returned as a problem with
// its byte offset, and the walk stops where it can no longer trust the layout.
//
// One notification holds one or more packets; one packet holds blocks back to back, no padding:
//
//   packet: | len u8 | seq u16 LE | device clock u48 LE | block | block | ... |   (len counts itself)
//   block:  | tag u8 | index u8 | meta u24 LE | data (fixed length per tag, ATHENA_TAGS) |
//
// EEG (14-bit) and optics (20-bit) data are unsigned values packed LSB-first: the data bytes read as one
// little-endian integer, value k in bits [k*W, (k+1)*W), sample-major (k = sample * channels + channel).
// IMU data are int16 LE, sample-major [ax, ay, az, gx, gy, gz]; 0x53 and battery are u16 LE words.
import {
  ATHENA_ACCEL_G_PER_COUNT,
  ATHENA_BATTERY_COUNTS_PER_PCT,
  ATHENA_BLOCK_HEADER_BYTES,
  ATHENA_EEG_MIDPOINT,
  ATHENA_EEG_UV_PER_COUNT,
  ATHENA_GYRO_DPS_PER_COUNT,
  ATHENA_HEADER_BYTES,
  ATHENA_TAGS,
  type AthenaTag,
} from './descriptor.ts';

/** The smallest packet a parser accepts: the header plus one block header. */
export const ATHENA_MIN_PACKET_BYTES = ATHENA_HEADER_BYTES + ATHENA_BLOCK_HEADER_BYTES;

export interface AthenaBlock {
  tag: number;
  kind: AthenaTag['kind'];
  /** Byte offset of the block's tag within the notification. */
  byteOffset: number;
  /** Per-tag block counter (mod 256). */
  index: number;
  /** The 3 meta bytes as an unsigned 24-bit LE integer (meaning unsettled; kept for inspection). */
  meta: number;
  channels: number;
  samples: number;
  /** samples x channels raw integers, sample-major (EEG/optics unsigned counts, IMU int16, words u16). */
  raw: Int32Array;
}

export interface AthenaPacket {
  /** Byte offset of the packet within the notification. */
  byteOffset: number;
  /** Declared length (bytes, including the length byte). */
  length: number;
  /** Packet counter: +1 per notification, 0 at each stream start, wraps at 65536. */
  seq: number;
  /** Bytes 3-8 as an unsigned 48-bit LE integer (see athenaDeviceTimeMs). */
  deviceClock: number;
  blocks: AthenaBlock[];
}

export type AthenaProblemCode = 'short-packet' | 'bad-length' | 'length-overrun' | 'unknown-tag' | 'block-overrun';

/** Something the decoder could not use: what, and where (byte offset within the notification). */
export interface AthenaProblem {
  code: AthenaProblemCode;
  byteOffset: number;
  /** Bytes left unread because of it. */
  skippedBytes: number;
  message: string;
}

export interface AthenaNotification {
  packets: AthenaPacket[];
  problems: AthenaProblem[];
}

const hex2 = (v: number) => `0x${v.toString(16).padStart(2, '0')}`;

/**
 * Decodes one notification into packets and blocks, plus the problems found (never throws).
 * A packet longer than the bytes that arrived keeps its complete blocks and reports the truncation;
 * an unknown tag or a block running past its packet ends that packet's walk (the layout is lost there).
 * @example decodeAthenaNotification(bytes).packets[0].blocks.map((b) => b.tag) // [0x12, 0x12, 0x47, 0x36, 0x36]
 */
export function decodeAthenaNotification(bytes: Uint8Array): AthenaNotification {
  const packets: AthenaPacket[] = [];
  const problems: AthenaProblem[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const left = bytes.length - pos;
    if (left < ATHENA_MIN_PACKET_BYTES) {
      problems.push({
        code: 'short-packet',
        byteOffset: pos,
        skippedBytes: left,
        message: `${left} byte(s) at byte ${pos} are too few for a packet (at least ${ATHENA_MIN_PACKET_BYTES})`,
      });
      break;
    }
    const declared = bytes[pos]!;
    if (declared < ATHENA_MIN_PACKET_BYTES) {
      problems.push({
        code: 'bad-length',
        byteOffset: pos,
        skippedBytes: left,
        message: `packet at byte ${pos} declares ${declared} bytes, less than the ${ATHENA_MIN_PACKET_BYTES} of a header and one block`,
      });
      break;
    }
    let end = pos + declared;
    if (declared > left) {
      problems.push({
        code: 'length-overrun',
        byteOffset: pos,
        skippedBytes: 0,
        message: `packet at byte ${pos} declares ${declared} bytes but only ${left} arrived: its complete blocks are kept`,
      });
      end = bytes.length;
    }
    const packet: AthenaPacket = {
      byteOffset: pos,
      length: declared,
      seq: bytes[pos + 1]! | (bytes[pos + 2]! << 8),
      deviceClock: readU48(bytes, pos + 3),
      blocks: [],
    };
    walkBlocks(bytes, pos + ATHENA_HEADER_BYTES, end, packet.blocks, problems);
    packets.push(packet);
    pos = end;
  }
  return { packets, problems };
}

function walkBlocks(bytes: Uint8Array, start: number, end: number, blocks: AthenaBlock[], problems: AthenaProblem[]): void {
  let p = start;
  while (p < end) {
    const left = end - p;
    if (left < ATHENA_BLOCK_HEADER_BYTES) {
      problems.push({
        code: 'block-overrun',
        byteOffset: p,
        skippedBytes: left,
        message: `${left} byte(s) left at byte ${p}, too few for a block header (${ATHENA_BLOCK_HEADER_BYTES})`,
      });
      return;
    }
    const tag = bytes[p]!;
    const info = ATHENA_TAGS.get(tag);
    if (!info) {
      problems.push({
        code: 'unknown-tag',
        byteOffset: p,
        skippedBytes: left,
        message: `unknown block tag ${hex2(tag)} at byte ${p}: the packet's remaining ${left} bytes are skipped`,
      });
      return;
    }
    const size = ATHENA_BLOCK_HEADER_BYTES + info.dataBytes;
    if (size > left) {
      problems.push({
        code: 'block-overrun',
        byteOffset: p,
        skippedBytes: left,
        message: `block ${hex2(tag)} at byte ${p} needs ${size} bytes but its packet has ${left} left`,
      });
      return;
    }
    blocks.push(decodeBlock(bytes, p, tag, info));
    p += size;
  }
}

function decodeBlock(bytes: Uint8Array, at: number, tag: number, info: AthenaTag): AthenaBlock {
  const data = at + ATHENA_BLOCK_HEADER_BYTES;
  const count = info.channels * info.samples;
  const raw = new Int32Array(count);
  if (info.bits === 16) {
    const signed = info.kind === 'imu';
    for (let i = 0; i < count; i++) {
      const word = bytes[data + 2 * i]! | (bytes[data + 2 * i + 1]! << 8);
      raw[i] = signed ? (word << 16) >> 16 : word;
    }
  } else {
    unpackLsbFirst(bytes, data, data + info.dataBytes, info.bits, raw);
  }
  return {
    tag,
    kind: info.kind,
    byteOffset: at,
    index: bytes[at + 1]!,
    meta: bytes[at + 2]! | (bytes[at + 3]! << 8) | (bytes[at + 4]! << 16),
    channels: info.channels,
    samples: info.samples,
    raw,
  };
}

/** Unpacks `out.length` unsigned `bits`-wide values, LSB-first, from bytes [start, end). */
export function unpackLsbFirst(bytes: Uint8Array, start: number, end: number, bits: number, out: Int32Array): Int32Array {
  const mask = (1 << bits) - 1;
  for (let k = 0; k < out.length; k++) {
    const bit = k * bits;
    const b = start + (bit >> 3);
    // bits <= 20 and shift <= 7: the value lies within 4 bytes; bytes past `end` are never read.
    let word = 0;
    for (let j = 3; j >= 0; j--) word = (word << 8) | (b + j < end ? bytes[b + j]! : 0);
    out[k] = (word >>> (bit & 7)) & mask;
  }
  return out;
}

function readU48(bytes: Uint8Array, at: number): number {
  let v = 0;
  for (let i = 5; i >= 0; i--) v = v * 256 + bytes[at + i]!;
  return v;
}

/** EEG counts -> µV, centred on the offset-binary midpoint: (raw - 8192) x 1450/16383 (≈ ±725 µV). */
export function athenaEegUv(raw: number): number {
  return (raw - ATHENA_EEG_MIDPOINT) * ATHENA_EEG_UV_PER_COUNT;
}

/** IMU block -> accelerometer (g) and gyroscope (°/s) values, 3 samples x [x, y, z] each. */
export function athenaImu(block: AthenaBlock): { accelG: Float64Array; gyroDps: Float64Array } {
  const accelG = new Float64Array(block.samples * 3);
  const gyroDps = new Float64Array(block.samples * 3);
  for (let s = 0; s < block.samples; s++)
    for (let a = 0; a < 3; a++) {
      accelG[s * 3 + a] = block.raw[s * 6 + a]! * ATHENA_ACCEL_G_PER_COUNT;
      gyroDps[s * 3 + a] = block.raw[s * 6 + 3 + a]! * ATHENA_GYRO_DPS_PER_COUNT;
    }
  return { accelG, gyroDps };
}

/** Battery block (0x88 / 0x98) -> state of charge in %, from word 0 in 1/256 %. */
export function athenaBatteryPct(block: AthenaBlock): number {
  return block.raw[0]! / ATHENA_BATTERY_COUNTS_PER_PCT;
}

/**
 * The device clock in ms, by its magnitude (our reading of the captures; no client uses it):
 * older firmware counts ms from an unsynchronised default (2024-12-03 + uptime), values ≥ 1e12;
 * newer firmware counts 2^28 ns (0.268 s) units of Unix time, values ≈ 6.6e9.
 */
export function athenaDeviceTimeMs(deviceClock: number): { ms: number; basis: 'uptime-ms' | 'unix-2^28ns' } {
  return deviceClock >= 1e11 ? { ms: deviceClock, basis: 'uptime-ms' } : { ms: deviceClock * 268.435456, basis: 'unix-2^28ns' };
}
