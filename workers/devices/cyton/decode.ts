// Cyton byte-stream decoding. The serial link delivers arbitrary chunks, so the decoder keeps a small
// buffer, finds 33-byte packets (0xA0 … 0xC0-0xC6), and resynchronises by skipping one byte at a time
// when framing is lost. Bytes that are not packets (text replies, line noise) are counted as skipped.
//
//   byte 0  | 1       | 2 … 25               | 26 … 31   | 32
//   0xA0    | counter | 8 x int24 BE (2's c.) | aux bytes | 0xC0-0xC6
import { createDecodeCounters, type DecodedPacket, type DeviceDecoder } from '../decoded.ts';
import {
  CYTON_ACCEL_G_PER_COUNT,
  CYTON_DEFAULT_GAIN,
  CYTON_HEADER,
  CYTON_PACKET_BYTES,
  CYTON_ACCEL_SEQ_MODULUS,
  CYTON_SEQ_MODULUS,
  CYTON_STOP_MAX,
  CYTON_STOP_MIN,
  cytonUvPerCount,
} from './descriptor.ts';

/** int24 big-endian two's complement. */
export const readInt24 = (b: Uint8Array, p: number): number => ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8)) >> 8;
/** int16 big-endian two's complement. */
export const readInt16 = (b: Uint8Array, p: number): number => ((b[p]! << 24) >> 16) | b[p + 1]!;

export interface CytonRawPacket {
  counter: number;
  /** 8 channel counts. */
  counts: number[];
  /** Accel counts X, Y, Z when the stop byte is 0xC0 and the reading is fresh (non-zero), else null. */
  accelCounts: number[] | null;
  stop: number;
}

/** Decodes one aligned 33-byte packet, or null when header/stop bytes are wrong. */
export function decodeCytonPacket(b: Uint8Array, p = 0): CytonRawPacket | null {
  if (b.length - p < CYTON_PACKET_BYTES || b[p] !== CYTON_HEADER) return null;
  const stop = b[p + 32]!;
  if (stop < CYTON_STOP_MIN || stop > CYTON_STOP_MAX) return null;
  const counts: number[] = [];
  for (let ch = 0; ch < 8; ch++) counts.push(readInt24(b, p + 2 + ch * 3));
  let accelCounts: number[] | null = null;
  if (stop === 0xc0) {
    accelCounts = [readInt16(b, p + 26), readInt16(b, p + 28), readInt16(b, p + 30)];
    if (accelCounts.every((c) => c === 0)) accelCounts = null;
  }
  return { counter: b[p + 1]!, counts, accelCounts, stop };
}

/** Splits a byte stream into aligned packets; keeps a partial tail for the next chunk. */
export class CytonFramer {
  private buffer = new Uint8Array(0);

  constructor(private readonly counters = createDecodeCounters()) {}

  /** Feeds bytes; calls `onPacket(bytes, offset)` for every aligned, framed packet found, in order. Never throws. */
  pushAligned(chunk: Uint8Array, onPacket: (bytes: Uint8Array, offset: number) => void): void {
    let data = chunk;
    if (this.buffer.length > 0) {
      data = new Uint8Array(this.buffer.length + chunk.length);
      data.set(this.buffer);
      data.set(chunk, this.buffer.length);
    }
    let p = 0;
    const end = data.length - CYTON_PACKET_BYTES;
    while (p <= end) {
      const stop = data[p + 32]!;
      if (data[p] === CYTON_HEADER && stop >= CYTON_STOP_MIN && stop <= CYTON_STOP_MAX) {
        this.counters.packets++;
        onPacket(data, p);
        p += CYTON_PACKET_BYTES;
      } else {
        if (data[p] === CYTON_HEADER) this.counters.corrupt++;
        this.counters.skippedBytes++;
        p++;
      }
    }
    this.buffer = data.slice(p);
  }

  /** Same as pushAligned, with each packet decoded into a CytonRawPacket (tests, tools). */
  push(chunk: Uint8Array, onPacket: (packet: CytonRawPacket) => void): void {
    this.pushAligned(chunk, (bytes, offset) => onPacket(decodeCytonPacket(bytes, offset)!));
  }

  /** Bytes held waiting for the rest of a packet. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }
}

/** Reads fresh accel counts (stop byte 0xC0, not all zero) into `out` as g; returns false when there are none. */
function readAccel(b: Uint8Array, p: number, out: Float64Array): boolean {
  if (b[p + 32] !== 0xc0) return false;
  const x = readInt16(b, p + 26),
    y = readInt16(b, p + 28),
    z = readInt16(b, p + 30);
  if (x === 0 && y === 0 && z === 0) return false;
  out[0] = x * CYTON_ACCEL_G_PER_COUNT;
  out[1] = y * CYTON_ACCEL_G_PER_COUNT;
  out[2] = z * CYTON_ACCEL_G_PER_COUNT;
  return true;
}

/**
 * Creates the Cyton decoder. Without Daisy each packet is one 8-channel frame (seq = counter mod 256).
 * With Daisy an even counter carries channels 9-16 and the following odd counter channels 1-8; the pair
 * becomes one 16-channel frame with seq = counter >> 1 (mod 128). A half pair is dropped, never padded.
 * `gains` holds the programmable gain per channel (follow `x…X` commands with `setGain`).
 */
export function createCytonDecoder(daisy: boolean): DeviceDecoder & { setGain(channel: number, gain: number): void; readonly gains: number[] } {
  const counters = createDecodeCounters();
  const framer = new CytonFramer(counters);
  const width = daisy ? 16 : 8;
  const gains = Array(width).fill(CYTON_DEFAULT_GAIN) as number[];
  const scales = new Float64Array(width).fill(cytonUvPerCount(CYTON_DEFAULT_GAIN));
  let pending: Float64Array | null = null; // daisy half (channels 9-16) waiting for its board half
  let pendingCounter = -1;
  let pendingAccel: Float64Array | null = null;
  /** Fresh accelerometer readings so far: the accel stream's sequence number. */
  let accelSeq = 0;
  const emitAccel = (accel: Float64Array, emit: (p: DecodedPacket) => void) =>
    emit({ streamId: 'accel', seq: accelSeq++ % CYTON_ACCEL_SEQ_MODULUS, seqModulus: CYTON_ACCEL_SEQ_MODULUS, frames: 1, values: accel });

  const readChannels = (b: Uint8Array, p: number, out: Float64Array, first: number) => {
    for (let ch = 0; ch < 8; ch++) out[first + ch] = readInt24(b, p + 2 + ch * 3) * scales[first + ch]!;
  };

  return {
    counters,
    gains,
    setGain(channel: number, gain: number) {
      if (channel >= 0 && channel < width) {
        gains[channel] = gain;
        scales[channel] = cytonUvPerCount(gain);
      }
    },
    feed(_source, bytes, emit: (p: DecodedPacket) => void) {
      framer.pushAligned(bytes, (b, p) => {
        const counter = b[p + 1]!;
        if (!daisy) {
          const eeg = new Float64Array(8);
          readChannels(b, p, eeg, 0);
          const accel = new Float64Array(3);
          emit({ streamId: 'eeg', seq: counter, seqModulus: CYTON_SEQ_MODULUS, frames: 1, values: eeg });
          if (readAccel(b, p, accel)) emitAccel(accel, emit);
          return;
        }
        if (counter % 2 === 0) {
          if (pending) counters.corrupt++; // its board half never came
          pending = new Float64Array(16);
          readChannels(b, p, pending, 8);
          pendingCounter = counter;
          pendingAccel = new Float64Array(3);
          if (!readAccel(b, p, pendingAccel)) pendingAccel = null;
          return;
        }
        const eeg = pending;
        pending = null;
        if (!eeg || pendingCounter !== counter - 1) {
          counters.corrupt++; // the daisy half was lost: the whole frame is a gap
          return;
        }
        readChannels(b, p, eeg, 0);
        const accel = new Float64Array(3);
        const fresh = readAccel(b, p, accel) || (pendingAccel !== null && (accel.set(pendingAccel), true));
        const seq = counter >> 1;
        emit({ streamId: 'eeg', seq, seqModulus: CYTON_SEQ_MODULUS / 2, frames: 1, values: eeg });
        if (fresh) emitAccel(accel, emit);
      });
    },
    reset() {
      framer.reset();
      pending = null;
    },
  };
}
