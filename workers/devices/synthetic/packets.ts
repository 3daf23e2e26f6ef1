// The synthetic headset's wire format, so it enters the acquisition worker as bytes like a real device:
//   u32 LE counter (packets since start, wraps at 2^32) | u16 LE frames | u16 LE channels | f32 LE x frames x channels (µV)
import { createDecodeCounters, type DecodedPacket, type DeviceDecoder } from '../decoded.ts';
import { SYNTHETIC_ACCEL, SYNTHETIC_SEQ_MODULUS } from './descriptor.ts';

/** Transport source name of the accelerometer's packets (the EEG's is any other name). */
export const SYNTHETIC_ACCEL_SOURCE = 'synthetic-accel';

export const SYNTHETIC_HEADER_BYTES = 8;

/** Encodes one packet (values frame-major). */
export function encodeSyntheticPacket(counter: number, frames: number, channels: number, values: Float64Array): Uint8Array {
  const bytes = new Uint8Array(SYNTHETIC_HEADER_BYTES + frames * channels * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, counter >>> 0, true);
  view.setUint16(4, frames, true);
  view.setUint16(6, channels, true);
  for (let i = 0; i < frames * channels; i++) view.setFloat32(SYNTHETIC_HEADER_BYTES + 4 * i, values[i]!, true);
  return bytes;
}

/**
 * Decoder for the format above: packets from SYNTHETIC_ACCEL_SOURCE are the accelerometer's, the rest
 * the EEG's. Packets whose size or channel count do not match are counted and skipped.
 */
export function createSyntheticDecoder(channelCount: number, streamId = 'eeg'): DeviceDecoder {
  const counters = createDecodeCounters();
  return {
    counters,
    feed(source, bytes, emit: (p: DecodedPacket) => void) {
      if (bytes.length < SYNTHETIC_HEADER_BYTES) return void counters.truncated++;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const frames = view.getUint16(4, true);
      const channels = view.getUint16(6, true);
      const accel = source === SYNTHETIC_ACCEL_SOURCE;
      if (channels !== (accel ? SYNTHETIC_ACCEL.labels.length : channelCount)) return void counters.corrupt++;
      if (bytes.length !== SYNTHETIC_HEADER_BYTES + frames * channels * 4) return void counters.truncated++;
      const values = new Float64Array(frames * channels);
      for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(SYNTHETIC_HEADER_BYTES + 4 * i, true);
      counters.packets++;
      emit({ streamId: accel ? SYNTHETIC_ACCEL.id : streamId, seq: view.getUint32(0, true), seqModulus: SYNTHETIC_SEQ_MODULUS, frames, values });
    },
    reset() {},
  };
}
