// Synthetic headset: data-only description built from the chosen channel count and rate.
import { makeStream, type DeviceDescriptor } from '../../protocol/streams.ts';

/** Default montage names; channels beyond these are named 'Ch<n>'. Frontal ones get blinks. */
export const SYNTHETIC_LABELS = ['TP9', 'AF7', 'AF8', 'TP10', 'Fp1', 'Fp2', 'C3', 'C4', 'P3', 'P4', 'O1', 'O2', 'F7', 'F8', 'T7', 'T8'];
export const SYNTHETIC_SEQ_MODULUS = 2 ** 32;

export function syntheticLabels(channelCount: number): string[] {
  return Array.from({ length: channelCount }, (_, i) => SYNTHETIC_LABELS[i] ?? `Ch${i + 1}`);
}

/** The synthetic accelerometer: head orientation and slow motion, in g, at a Muse-like rate. */
export const SYNTHETIC_ACCEL = { id: 'accel', labels: ['X', 'Y', 'Z'], sampleRateHz: 50, framesPerPacket: 5 } as const;

export function syntheticDescriptor(channelCount = 4, sampleRateHz = 256): DeviceDescriptor {
  if (!Number.isInteger(channelCount) || channelCount < 1 || channelCount > 256)
    throw new RangeError(`synthetic channel count must be 1-256, got ${channelCount}`);
  if (!(sampleRateHz > 0 && sampleRateHz <= 16384)) throw new RangeError(`synthetic sample rate must be in (0, 16384] Hz, got ${sampleRateHz}`);
  return {
    kind: 'synthetic',
    name: 'Synthetic headset',
    streams: [
      makeStream('eeg', 'eeg', syntheticLabels(channelCount), 'uV', sampleRateHz),
      makeStream(SYNTHETIC_ACCEL.id, 'accel', SYNTHETIC_ACCEL.labels, 'g', SYNTHETIC_ACCEL.sampleRateHz),
    ],
  };
}
