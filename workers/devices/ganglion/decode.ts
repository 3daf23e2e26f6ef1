// Ganglion packet decoding: pure bit-level helpers plus a small stateful decoder (fw 2 needs the
// previous sample to undo its deltas). Packet = id byte + 19 data bytes; 8 values (2 samples x 4 ch)
// of 18 or 19 bits packed MSB-first from byte 1. See docs/devices.md for the id table.
import { createDecodeCounters, type DecodedPacket, type DeviceDecoder, type DeviceEvent } from '../decoded.ts';
import { GANGLION_ACCEL_G_PER_COUNT, GANGLION_SEQ_MODULUS, GANGLION_UV_PER_COUNT, type GanglionFirmware } from './descriptor.ts';

/** Reads `width` bits MSB-first starting `bitOffset` bits into `bytes`. */
export function readBitsMsbFirst(bytes: Uint8Array, bitOffset: number, width: number): number {
  // width <= 25: the field lies within the 4 bytes from its first byte (missing bytes read as 0)
  const p = bitOffset >> 3;
  const word = ((bytes[p]! << 24) | ((bytes[p + 1] ?? 0) << 16) | ((bytes[p + 2] ?? 0) << 8) | (bytes[p + 3] ?? 0)) >>> 0;
  return ((word << (bitOffset & 7)) >>> 0) >>> (32 - width);
}

/** fw 2 convention (JS utilities): the sign lives in the LSB; a set LSB means field - 2^width. */
export function lsbSigned(field: number, width: number): number {
  return field & 1 ? field - 2 ** width : field;
}

/** fw 3 convention: ordinary MSB two's complement (the firmware also copies the sign into the LSB). */
export function msbSigned(field: number, width: number): number {
  return field >= 2 ** (width - 1) ? field - 2 ** width : field;
}

/** The 8 signed values of a compressed packet's data bytes (ID byte excluded), frame-major. */
export function unpackGanglionValues(data: Uint8Array, width: 18 | 19, signed: (f: number, w: number) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 8; i++) out.push(signed(readBitsMsbFirst(data, i * width, width), width));
  return out;
}

/** G5-style helper: a 3-byte field's low `width` bits, LSB-signed. */
export function convertLsbSignedBits(bytes: Uint8Array, width: 18 | 19): number {
  return lsbSigned(((bytes[0]! << 16) | (bytes[1]! << 8) | bytes[2]!) & (2 ** width - 1), width);
}

const readI24 = (b: Uint8Array, p: number): number => ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8)) >> 8;

/** Creates a Ganglion decoder for one firmware family (fw 3 = Software Revision starting with '3'). */
export function createGanglionDecoder(firmware: GanglionFirmware): DeviceDecoder {
  const counters = createDecodeCounters();
  let last: number[] | null = null; // fw 2: previous counts per channel, seeded by packet 0
  let message = '';
  const accel = [NaN, NaN, NaN];

  const emitAccel = (id: number, seqIndex: number, byte: number, emit: (p: DecodedPacket) => void): void => {
    const axis = (id % 10) - 1; // 1, 2, 3 -> X, Y, Z
    if (axis < 0 || axis > 2) return;
    accel[axis] = ((byte << 24) >> 24) * GANGLION_ACCEL_G_PER_COUNT;
    if (axis === 2) {
      emit({ streamId: 'accel', seq: Math.floor(seqIndex / 10), seqModulus: GANGLION_SEQ_MODULUS / 10, frames: 1, values: Float64Array.from(accel) });
      accel.fill(NaN);
    }
  };

  const feed = (_source: string, bytes: Uint8Array, emit: (p: DecodedPacket) => void, event: (e: DeviceEvent) => void): void => {
    if (bytes.length === 0) return void counters.truncated++;
    const id = bytes[0]!;
    if (id >= 201 && id <= 205) {
      const digits = String.fromCharCode(...bytes.subarray(1)).replace(/[^0-9]/g, '');
      counters.packets++;
      event({ type: 'impedance', channel: id === 205 ? 'REF' : String(id - 200), ohms: Number(digits) });
      return;
    }
    if (id === 206 || id === 207) {
      counters.packets++;
      message += String.fromCharCode(...bytes.subarray(1));
      if (id === 207) {
        event({ type: 'device-message', text: message });
        message = '';
      }
      return;
    }
    if (id > 207) return void counters.unknown++;
    if (bytes.length !== 20) return void counters.truncated++;
    const data = bytes.subarray(1);
    if (firmware === 2) {
      if (id === 0) {
        last = [0, 1, 2, 3].map((ch) => readI24(data, ch * 3));
        counters.packets++;
        return;
      }
      if (!last) return void counters.corrupt++; // deltas before the raw seed cannot be turned into samples
      const width = id <= 100 ? 18 : 19;
      const deltas = unpackGanglionValues(data, width, lsbSigned);
      const values = new Float64Array(8);
      for (let f = 0; f < 2; f++)
        for (let ch = 0; ch < 4; ch++) {
          last[ch] = last[ch]! - deltas[f * 4 + ch]!; // sample = previous - delta (firmware sends last - new)
          values[f * 4 + ch] = last[ch]! * GANGLION_UV_PER_COUNT;
        }
      const seq = (id - 1) % GANGLION_SEQ_MODULUS;
      counters.packets++;
      emit({ streamId: 'eeg', seq, seqModulus: GANGLION_SEQ_MODULUS, frames: 2, values });
      if (width === 18) emitAccel(id, seq, bytes[19]!, emit);
    } else {
      const width = id < 100 ? 18 : 19;
      const shift = 2 ** (24 - width);
      const values = new Float64Array(8);
      const scale = shift * GANGLION_UV_PER_COUNT;
      for (let i = 0; i < 8; i++) values[i] = msbSigned(readBitsMsbFirst(data, i * width, width), width) * scale;
      const seq = id % GANGLION_SEQ_MODULUS;
      counters.packets++;
      emit({ streamId: 'eeg', seq, seqModulus: GANGLION_SEQ_MODULUS, frames: 2, values });
      if (width === 18) emitAccel(id, seq, bytes[19]!, emit); // same axis rule as fw 2 (firmware source)
    }
  };

  return {
    counters,
    feed,
    reset() {
      last = null;
      message = '';
      accel.fill(NaN);
    },
  };
}
