// OpenBCI Ganglion over BLE (Simblee service fe84). Data only. Sources: docs.openbci.com Ganglion data
// format and SDK, OpenBCI_Ganglion_Library firmware, BrainFlow ganglion_native.cpp (see docs/devices.md).
import { makeStream, type DeviceDescriptor } from '../../protocol/streams.ts';

export const GANGLION_SERVICE = 0xfe84;
export const GANGLION_RECEIVE = '2d30c082-f39f-4ce6-923f-3484ea480596';
export const GANGLION_SEND = '2d30c083-f39f-4ce6-923f-3484ea480596';
export const GANGLION_DISCONNECT = '2d30c084-f39f-4ce6-923f-3484ea480596';
export const GANGLION_NAME_PREFIX = 'Ganglion';

export const GANGLION_RATE_HZ = 200;
export const GANGLION_SAMPLES_PER_PACKET = 2;
/** Packet ids cycle through 100 values per compression mode, so the sequence counter wraps at 100. */
export const GANGLION_SEQ_MODULUS = 100;
/** µV per count: 1.2 V / (8388607 x 1.5 x 51) (docs: 0.001869917). */
export const GANGLION_UV_PER_COUNT = 1.2e6 / (8388607 * 1.5 * 51);
/** g per accelerometer count as BrainFlow and the JS utilities use it (the docs say 0.032: unresolved). */
export const GANGLION_ACCEL_G_PER_COUNT = 0.016;
/** One accelerometer axis per packet (id % 10 = 1, 2, 3 -> X, Y, Z), so 10 Hz for a full reading. */
export const GANGLION_ACCEL_RATE_HZ = 10;

/** fw 2 = delta compression (ids 0 raw, 1-100 18-bit, 101-200 19-bit); fw 3 = absolute MSBs (0-99, 100-199). */
export type GanglionFirmware = 2 | 3;

export function ganglionDescriptor(): DeviceDescriptor {
  return {
    kind: 'ganglion',
    name: 'OpenBCI Ganglion',
    streams: [
      makeStream('eeg', 'eeg', ['1', '2', '3', '4'], 'uV', GANGLION_RATE_HZ),
      makeStream('accel', 'accel', ['X', 'Y', 'Z'], 'g', GANGLION_ACCEL_RATE_HZ),
    ],
  };
}
