// Cyton byte-stream decoding. The serial link delivers arbitrary chunks, so the decoder keeps a small
// buffer, finds 33-byte packets (0xA0 … 0xC0-0xC6), and resynchronises by skipping one byte at a time
// when framing is lost. Bytes that are not packets (text replies, line noise) are counted as skipped.
//
//   byte 0  | 1       | 2 … 25               | 26 … 31   | 32
//   0xA0    | counter | 8 x int24 BE (2's c.) | aux bytes | 0xC0-0xC6
import { createDecodeCounters, type DecodedPacket, type DeviceDecoder } from '../decoded.ts';
import {
  CYTON_ACCEL_G_PER_COUNT, CYTON_DEFAULT_GAIN, CYTON_HEADER, CYTON_PACKET_BYTES, CYTON_SEQ_MODULUS, CYTON_STOP_MAX, CYTON_STOP_MIN, cytonUvPerCount,
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

  /** Feeds bytes, calls `onPacket` for every packet found, in order. Never throws. */
  push(chunk: Uint8Array, onPacket: (packet: CytonRawPacket) => void): void {
    const data = new Uint8Array(this.buffer.length + chunk.length);
    data.set(this.buffer);
    data.set(chunk, this.buffer.length);
    let p = 0;
    while (data.length - p >= CYTON_PACKET_BYTES) {
      const packet = decodeCytonPacket(data, p);
      if (packet) {
        this.counters.packets++;
        onPacket(packet);
        p += CYTON_PACKET_BYTES;
      } else {
        if (data[p] === CYTON_HEADER) this.counters.corrupt++;
        this.counters.skippedBytes++;
        p++;
      }
    }
    this.buffer = data.slice(p);
  }

  /** Bytes held waiting for the rest of a packet. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }
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
  const gains = Array(daisy ? 16 : 8).fill(CYTON_DEFAULT_GAIN) as number[];
  let pendingDaisy: CytonRawPacket | null = null;
  const width = daisy ? 16 : 8;

  const toFrame = (board: CytonRawPacket, extra: CytonRawPacket | null) => {
    const eeg = new Float64Array(width);
    board.counts.forEach((c, ch) => (eeg[ch] = c * cytonUvPerCount(gains[ch]!)));
    extra?.counts.forEach((c, ch) => (eeg[8 + ch] = c * cytonUvPerCount(gains[8 + ch]!)));
    const accelCounts = board.accelCounts ?? extra?.accelCounts ?? null;
    const accel = accelCounts ? Float64Array.from(accelCounts, (c) => c * CYTON_ACCEL_G_PER_COUNT) : Float64Array.of(NaN, NaN, NaN);
    return { eeg, accel };
  };

  return {
    counters,
    gains,
    setGain(channel: number, gain: number) {
      if (channel >= 0 && channel < gains.length) gains[channel] = gain;
    },
    feed(_source, bytes, emit: (p: DecodedPacket) => void) {
      framer.push(bytes, (packet) => {
        if (!daisy) {
          const { eeg, accel } = toFrame(packet, null);
          emit({ streamId: 'eeg', seq: packet.counter, seqModulus: CYTON_SEQ_MODULUS, frames: 1, values: eeg });
          emit({ streamId: 'accel', seq: packet.counter, seqModulus: CYTON_SEQ_MODULUS, frames: 1, values: accel });
          return;
        }
        if (packet.counter % 2 === 0) {
          if (pendingDaisy) counters.corrupt++; // its board half never came
          pendingDaisy = packet;
          return;
        }
        const daisyHalf = pendingDaisy;
        pendingDaisy = null;
        if (!daisyHalf || daisyHalf.counter !== packet.counter - 1) {
          counters.corrupt++; // the daisy half was lost: the whole frame is a gap
          return;
        }
        const seq = packet.counter >> 1;
        const { eeg, accel } = toFrame(packet, daisyHalf);
        emit({ streamId: 'eeg', seq, seqModulus: CYTON_SEQ_MODULUS / 2, frames: 1, values: eeg });
        emit({ streamId: 'accel', seq, seqModulus: CYTON_SEQ_MODULUS / 2, frames: 1, values: accel });
      });
    },
    reset() {
      framer.reset();
      pendingDaisy = null;
    },
  };
}
