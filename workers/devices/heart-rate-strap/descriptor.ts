// Bluetooth heart-rate straps (Polar, Garmin, Wahoo and any other that implements the standard Heart Rate
// service 0x180D, Heart Rate Measurement characteristic 0x2A37). Source: Bluetooth SIG GATT Specification
// Supplement, Heart Rate Measurement (see docs/devices.md).
import { makeStream, type DeviceDescriptor } from '../../protocol/streams.ts';

export const HEART_RATE_SERVICE = 0x180d;
export const HEART_RATE_MEASUREMENT = 0x2a37;
/** The measurement characteristic's full UUID, the transport source name the decoder sees. */
export const HEART_RATE_MEASUREMENT_UUID = '00002a37-0000-1000-8000-00805f9b34fb';

/**
 * Nominal rate of both streams. A strap notifies about once a second and sends one RR interval per beat,
 * so neither stream is regular: each sample is one reading placed by its own arrival counter, and the
 * timeline's clock fit measures the real rate (about heart rate / 60 for 'rr').
 */
export const HEART_RATE_NOMINAL_HZ = 1;
/** Battery service 0x180F, Battery Level 0x2A19 (one byte, %): most straps have it beside the heart rate. */
export const BATTERY_SERVICE = 0x180f;
export const BATTERY_LEVEL = 0x2a19;
export const BATTERY_LEVEL_UUID = '00002a19-0000-1000-8000-00805f9b34fb';
/** The decoder numbers the readings itself (the strap does not); the counter wraps here. */
export const HEART_RATE_SEQ_MODULUS = 65536;

export function heartRateStrapDescriptor(): DeviceDescriptor {
  return {
    kind: 'heart-rate-strap',
    name: 'Heart-rate strap',
    streams: [makeStream('hr', 'other', ['HR'], 'bpm', HEART_RATE_NOMINAL_HZ), makeStream('rr', 'other', ['RR'], 'ms', HEART_RATE_NOMINAL_HZ)],
  };
}
