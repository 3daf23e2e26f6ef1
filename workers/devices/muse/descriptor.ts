// Muse 2016 / Muse 2 / Muse S (Gen 1-2), legacy GATT protocol. Data only.
// Sources: urish/muse-js src/muse.ts, alexandrebarachant/muse-lsl constants.py (see docs/devices.md).
import { makeStream, type DeviceDescriptor, type Stream } from '../../protocol/streams.ts';

export const MUSE_SERVICE = 0xfe8d;
export const museUuid = (short: string): string => `273e${short}-4c4d-454d-96be-f03bac821358`;

export const MUSE_CONTROL = museUuid('0001');
/** EEG characteristics in channel order: TP9, AF7, AF8, TP10, right AUX. */
export const MUSE_EEG = ['0003', '0004', '0005', '0006', '0007'].map(museUuid);
export const MUSE_EEG_LABELS = ['TP9', 'AF7', 'AF8', 'TP10', 'AUX'];
export const MUSE_GYRO = museUuid('0009');
export const MUSE_ACCEL = museUuid('000a');
export const MUSE_TELEMETRY = museUuid('000b');
/** PPG characteristics: ambient, infrared (Muse S: green), red. */
export const MUSE_PPG = ['000f', '0010', '0011'].map(museUuid);
/** Present only on Muse S Athena (MS-03): its multiplexed data characteristic (decoded in ../muse-athena). */
export const MUSE_ATHENA_DATA = museUuid('0013');

export const MUSE_EEG_RATE_HZ = 256;
export const MUSE_EEG_SAMPLES_PER_PACKET = 12;
export const MUSE_PPG_RATE_HZ = 64;
export const MUSE_PPG_SAMPLES_PER_PACKET = 6;
export const MUSE_IMU_RATE_HZ = 52;
export const MUSE_IMU_SAMPLES_PER_PACKET = 3;
export const MUSE_SEQ_MODULUS = 0x10000;
/** µV per count, centred at 2048 (muse-js / muse-lsl / BrainFlow convention: 1000/2048). */
export const MUSE_EEG_UV_PER_COUNT = 0.48828125;
export const MUSE_ACCEL_G_PER_COUNT = 0.0000610352;
export const MUSE_GYRO_DPS_PER_COUNT = 0.0074768;
/** Send `k` this often: without it Muse 2 units silently stop streaming after ~10 minutes. */
export const MUSE_KEEPALIVE_INTERVAL_MS = 10_000;

/** Presets we offer: p21 = 4 EEG + IMU (default), p20 = +AUX, p50 = +AUX +PPG, p51 = 4 EEG + PPG. */
export type MusePreset = 'p21' | 'p20' | 'p50' | 'p51';
export const musePresetHasAux = (p: MusePreset): boolean => p === 'p20' || p === 'p50';
export const musePresetHasPpg = (p: MusePreset): boolean => p === 'p50' || p === 'p51';

/** Builds the device description for a preset. */
export function museDescriptor(preset: MusePreset = 'p21'): DeviceDescriptor {
  const eegCount = musePresetHasAux(preset) ? 5 : 4;
  const streams: Stream[] = [
    makeStream('eeg', 'eeg', MUSE_EEG_LABELS.slice(0, eegCount), 'uV', MUSE_EEG_RATE_HZ),
    makeStream('accel', 'accel', ['X', 'Y', 'Z'], 'g', MUSE_IMU_RATE_HZ),
    makeStream('gyro', 'gyro', ['X', 'Y', 'Z'], 'deg/s', MUSE_IMU_RATE_HZ),
  ];
  if (musePresetHasPpg(preset)) streams.push(makeStream('ppg', 'ppg', ['ambient', 'infrared', 'red'], 'count', MUSE_PPG_RATE_HZ));
  return { kind: 'muse', name: 'Muse', streams };
}
