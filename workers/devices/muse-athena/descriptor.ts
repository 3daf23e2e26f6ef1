// Muse S Athena (MS-03): GATT, block tags, presets and scales. Data only.
// Sources and the reasoning behind each choice: docs/devices.md § "Muse S Athena" (from the public
// implementations OpenMuse, muse-lsl, BrainFlow, BlueMuse, muse-jsx, amused-py).
import { makeStream, type DeviceDescriptor, type Stream } from '../../protocol/streams.ts';
import { museUuid } from '../muse/descriptor.ts';

/** Multiplexed sensor data: every EEG, optics, IMU and battery block arrives here. */
export const ATHENA_DATA_1 = museUuid('0013');
/** Declared by the firmware, never seen carrying data; not notify-capable on some units (brainflow #835). */
export const ATHENA_DATA_2 = museUuid('0014');

/** What one block tag carries. The tag's high nibble is a rate code, the low nibble the data type. */
export interface AthenaTag {
  kind: 'eeg' | 'optics' | 'imu' | 'drl-ref' | 'battery';
  /** Data bytes after the 5-byte block header [tag][index][meta x3]. */
  dataBytes: number;
  channels: number;
  samples: number;
  /** Bits per packed value (14 or 20), or 16 for little-endian words. */
  bits: 14 | 16 | 20;
}

export const ATHENA_TAGS: ReadonlyMap<number, AthenaTag> = new Map<number, AthenaTag>([
  [0x11, { kind: 'eeg', dataBytes: 28, channels: 4, samples: 4, bits: 14 }],
  [0x12, { kind: 'eeg', dataBytes: 28, channels: 8, samples: 2, bits: 14 }],
  [0x34, { kind: 'optics', dataBytes: 30, channels: 4, samples: 3, bits: 20 }],
  [0x35, { kind: 'optics', dataBytes: 40, channels: 8, samples: 2, bits: 20 }],
  [0x36, { kind: 'optics', dataBytes: 40, channels: 16, samples: 1, bits: 20 }],
  [0x47, { kind: 'imu', dataBytes: 36, channels: 6, samples: 3, bits: 16 }],
  [0x53, { kind: 'drl-ref', dataBytes: 24, channels: 2, samples: 6, bits: 16 }],
  // Battery: 0x98 on older firmware, 0x88 on newer. Both are 20 bytes (10 x u16 LE, word 0 = charge).
  [0x88, { kind: 'battery', dataBytes: 20, channels: 10, samples: 1, bits: 16 }],
  [0x98, { kind: 'battery', dataBytes: 20, channels: 10, samples: 1, bits: 16 }],
]);

/** Packet header: [length][seq u16 LE][device clock u48 LE], then the first block's tag at byte 9. */
export const ATHENA_HEADER_BYTES = 9;
export const ATHENA_BLOCK_HEADER_BYTES = 5;
export const ATHENA_SEQ_MODULUS = 0x10000;
/** Per-tag block index: one byte, wraps 255 -> 0, independent per tag. */
export const ATHENA_BLOCK_INDEX_MODULUS = 0x100;

export const ATHENA_EEG_RATE_HZ = 256;
export const ATHENA_OPTICS_RATE_HZ = 64;
export const ATHENA_IMU_RATE_HZ = 52;
/** Offset-binary midpoint of the 14-bit EEG counts. */
export const ATHENA_EEG_MIDPOINT = 8192;
/** µV per count: the published 1.45 mVpp range over 14 bits. µV = (raw - 8192) x 1450/16383. */
export const ATHENA_EEG_UV_PER_COUNT = 1450 / 16383;
export const ATHENA_ACCEL_G_PER_COUNT = 0.0000610352;
/** Negated relative to the legacy Muse gyroscope (same magnitude, 0.0074768 °/s per count). */
export const ATHENA_GYRO_DPS_PER_COUNT = -0.0074768;
/** Battery word 0 is the state of charge in 1/256 %. */
export const ATHENA_BATTERY_COUNTS_PER_PCT = 256;

export const ATHENA_EEG_LABELS = ['TP9', 'AF7', 'AF8', 'TP10', 'AUX_1', 'AUX_2', 'AUX_3', 'AUX_4'];
/**
 * Optics labels of the 16-channel layout (OpenMuse's table; LO/LI/RI/RO = left outer/inner, right
 * inner/outer). 0x35 (8 channels) uses the first 8; 0x34 (4 channels) uses entries 4-7. The mapping is
 * unsettled across firmware (OpenMuse #24), so it is kept as one swappable table.
 */
export const ATHENA_OPTICS_LABELS = [
  'LO_NIR',
  'RO_NIR',
  'LO_IR',
  'RO_IR',
  'LI_NIR',
  'RI_NIR',
  'LI_IR',
  'RI_IR',
  'LO_RED',
  'RO_RED',
  'LO_AMB',
  'RO_AMB',
  'LI_RED',
  'RI_RED',
  'LI_AMB',
  'RI_AMB',
];

export function athenaOpticsLabels(channels: 4 | 8 | 16): string[] {
  return channels === 4 ? ATHENA_OPTICS_LABELS.slice(4, 8) : ATHENA_OPTICS_LABELS.slice(0, channels);
}

/** A preset as data: what the headset streams after `p<digits>` (observed in the public captures). */
export interface AthenaPreset {
  id: AthenaPresetId;
  eegChannels: 4 | 8;
  opticsChannels: 0 | 4 | 8 | 16;
  /** Optical emitter power (odd = low, even = high per BrainFlow's docs; weakly supported by the captures). */
  ledPower: 'low' | 'high' | null;
  label: string;
}

export type AthenaPresetId = 'p21' | 'p1034' | 'p1035' | 'p1041' | 'p1042' | 'p1043' | 'p1044' | 'p1045' | 'p1046';

/** The presets offered. p20/p50/p51/p60/p61 stream the same as p21 on Athena, p4129 the same as p1045. */
export const ATHENA_PRESETS: readonly AthenaPreset[] = [
  { id: 'p1041', eegChannels: 8, opticsChannels: 16, ledPower: 'low', label: '8 EEG + 16 optics, low LED power' },
  { id: 'p1042', eegChannels: 8, opticsChannels: 16, ledPower: 'high', label: '8 EEG + 16 optics, high LED power' },
  { id: 'p1043', eegChannels: 8, opticsChannels: 8, ledPower: 'low', label: '8 EEG + 8 optics, low LED power' },
  { id: 'p1044', eegChannels: 8, opticsChannels: 8, ledPower: 'high', label: '8 EEG + 8 optics, high LED power' },
  { id: 'p1045', eegChannels: 8, opticsChannels: 4, ledPower: 'low', label: '8 EEG + 4 optics, low LED power' },
  { id: 'p1046', eegChannels: 8, opticsChannels: 4, ledPower: 'high', label: '8 EEG + 4 optics, high LED power' },
  { id: 'p1034', eegChannels: 4, opticsChannels: 8, ledPower: 'high', label: '4 EEG + 8 optics, high LED power' },
  { id: 'p1035', eegChannels: 4, opticsChannels: 4, ledPower: 'low', label: '4 EEG + 4 optics, low LED power' },
  { id: 'p21', eegChannels: 4, opticsChannels: 0, ledPower: null, label: '4 EEG, no optics' },
];
export const ATHENA_DEFAULT_PRESET: AthenaPresetId = 'p1041';

export function athenaPreset(id: AthenaPresetId = ATHENA_DEFAULT_PRESET): AthenaPreset {
  const preset = ATHENA_PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`unknown Muse S Athena preset "${id}"; choose one of ${ATHENA_PRESETS.map((p) => p.id).join(', ')}`);
  return preset;
}

/** Builds the device description for a preset: eeg, optics (if any), accel and gyro streams. */
export function athenaDescriptor(id: AthenaPresetId = ATHENA_DEFAULT_PRESET): DeviceDescriptor {
  const preset = athenaPreset(id);
  const streams: Stream[] = [makeStream('eeg', 'eeg', ATHENA_EEG_LABELS.slice(0, preset.eegChannels), 'uV', ATHENA_EEG_RATE_HZ)];
  if (preset.opticsChannels > 0)
    streams.push(makeStream('optics', 'ppg', athenaOpticsLabels(preset.opticsChannels as 4 | 8 | 16), 'count', ATHENA_OPTICS_RATE_HZ));
  streams.push(makeStream('accel', 'accel', ['X', 'Y', 'Z'], 'g', ATHENA_IMU_RATE_HZ));
  streams.push(makeStream('gyro', 'gyro', ['X', 'Y', 'Z'], 'deg/s', ATHENA_IMU_RATE_HZ));
  return { kind: 'muse', name: `Muse S Athena (${preset.id}, ${preset.label})`, streams };
}

/**
 * The start sequence, command and pause after it (ms), as BrainFlow, muse-lsl, BlueMuse and OpenMuse send
 * it: version, status, halt, preset, status, start twice (the first can be ignored after a cold start),
 * `L1` (sent by all of them; meaning unknown), status. BlueMuse: the device drops commands sent faster
 * than 200 ms apart.
 */
export function athenaStartCommands(preset: AthenaPresetId): [command: string, pauseMs: number][] {
  return [
    ['v6', 200],
    ['s', 200],
    ['h', 200],
    [preset, 200],
    ['s', 200],
    ['dc001', 50],
    ['dc001', 100],
    ['L1', 300],
    ['s', 200],
  ];
}
/** Resumes streaming (the data-stall nudge). */
export const ATHENA_RESUME_COMMAND = 'dc001';
