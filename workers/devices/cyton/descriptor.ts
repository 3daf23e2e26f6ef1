// OpenBCI Cyton (+ Daisy) through the FTDI dongle over Web Serial. Data only. Sources: docs.openbci.com
// Cyton data format + SDK, BrainFlow cyton(_daisy).cpp, OpenBCI JS utilities (see docs/devices.md).
import { makeStream, type DeviceDescriptor } from '../../protocol/streams.ts';

export const CYTON_BAUD_RATE = 115200;
export const CYTON_PACKET_BYTES = 33;
export const CYTON_HEADER = 0xa0;
/** Stop bytes 0xC0..0xC6 say how to read the 6 aux bytes. */
export const CYTON_STOP_MIN = 0xc0;
export const CYTON_STOP_MAX = 0xc6;
export const CYTON_RATE_HZ = 250;
/** Daisy: packets alternate board / daisy, so a 16-channel frame arrives at 125 Hz. */
export const CYTON_DAISY_RATE_HZ = 125;
export const CYTON_SEQ_MODULUS = 256;
/** ADS1299 full scale 4.5 V over 2^23 - 1 counts, divided by the programmable gain. */
export const cytonUvPerCount = (gain: number): number => (4.5 / gain / (2 ** 23 - 1)) * 1e6;
export const CYTON_DEFAULT_GAIN = 24;
/** Channel-settings GAIN digit (x CH PWR GAIN ... X) -> gain. */
export const CYTON_GAIN_CODES = [1, 2, 4, 6, 8, 12, 24] as const;
/**
 * The accelerometer's output rate, Hz: a packet carries a fresh reading about every 10th packet (its aux
 * bytes are zero otherwise), so the accel stream holds only the fresh readings, at their own rate.
 */
export const CYTON_ACCEL_RATE_HZ = 25;
/** Fresh accel readings are counted by the decoder (the board numbers only its packets). */
export const CYTON_ACCEL_SEQ_MODULUS = 2 ** 31;
/** LIS3DH ±4 g: 0.002 g / 2^4 per count. */
export const CYTON_ACCEL_G_PER_COUNT = 0.002 / 16;
/** Channel letters for `x…X` settings: 1-8 board, Q-I daisy. */
export const CYTON_CHANNEL_CODES = ['1', '2', '3', '4', '5', '6', '7', '8', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I'];

export const CytonCommand = {
  softReset: 'v',
  defaults: 'd',
  start: 'b',
  stop: 's',
  daisyOn: 'C',
  daisyOff: 'c',
} as const;

export function cytonDescriptor(daisy: boolean): DeviceDescriptor {
  const count = daisy ? 16 : 8;
  const rate = daisy ? CYTON_DAISY_RATE_HZ : CYTON_RATE_HZ;
  return {
    kind: daisy ? 'cyton-daisy' : 'cyton',
    name: daisy ? 'OpenBCI Cyton + Daisy' : 'OpenBCI Cyton',
    streams: [
      makeStream(
        'eeg',
        'eeg',
        Array.from({ length: count }, (_, i) => String(i + 1)),
        'uV',
        rate,
      ),
      // Accel readings come in some packets only: the stream holds the fresh ones (never a held value, never NaN).
      makeStream('accel', 'accel', ['X', 'Y', 'Z'], 'g', CYTON_ACCEL_RATE_HZ),
    ],
  };
}
