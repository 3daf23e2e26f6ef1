// Stream and device descriptions shared by every thread (data only, no behaviour).
// Units are part of the names: `sampleRateHz`, `hostTimeMs`; sample values carry their unit in `units`.

/** Every kind of device the acquisition worker can read. */
export type DeviceKind = 'muse' | 'ganglion' | 'cyton' | 'cyton-daisy' | 'synthetic' | 'playback';

/** Connection state as the user sees it. `lost` is final: back-off gave up or the user must act. */
export type ConnectionState = 'idle' | 'connecting' | 'streaming' | 'reconnecting' | 'lost' | 'stopped';

/** One stream of a device: a set of channels sampled together at one nominal rate. */
export interface StreamDescriptor {
  /** Stable id within the device, e.g. 'eeg', 'ppg', 'accel'. */
  id: string;
  /** Channel labels in frame order, e.g. ['TP9', 'AF7', 'AF8', 'TP10']. */
  labels: string[];
  /** Physical unit per channel, e.g. 'uV', 'g', 'deg/s'. */
  units: string[];
  /** Nominal rate the device claims; the timeline measures the real one. */
  sampleRateHz: number;
  /** 'eeg' for channels analysis should use by default. */
  kind: 'eeg' | 'ppg' | 'accel' | 'gyro' | 'telemetry' | 'aux';
}

/** Static facts about a device model (data only, BrainFlow-style board table). */
export interface DeviceDescriptor {
  kind: DeviceKind;
  name: string;
  streams: StreamDescriptor[];
}

/**
 * Frame layout inside every ring and every MessagePort chunk (Float64):
 *
 *   | sampleIndex | hostTimeMs | ch0 | ch1 | ... | ch(n-1) |
 *
 * sampleIndex: device sample counter, unwrapped, 0 at session start (the truth; gaps show as jumps).
 * hostTimeMs:  fitted host time (performance.timeOrigin-based epoch ms) of that sample, drift and jitter removed.
 */
export const FRAME_HEADER_VALUES = 2;

/** Number of float64 values in one frame of a stream with `channelCount` channels. */
export function frameWidth(channelCount: number): number {
  return FRAME_HEADER_VALUES + channelCount;
}

/** An explicit hole in a stream: samples that never arrived. Nothing is interpolated over it. */
export interface GapRecord {
  streamId: string;
  /** First missing sample index. */
  startSample: number;
  /** Number of missing samples. */
  lengthSamples: number;
  /** Fitted host time of the first missing sample. */
  startHostTimeMs: number;
  /** Why: packets lost in flight, or a disconnection. */
  cause: 'packet-loss' | 'disconnect';
}

/** Per-stream health figures shown to the user. */
export interface StreamStats {
  streamId: string;
  samples: number;
  gaps: number;
  lostSamples: number;
  /** Rate measured by the timeline fit (Hz); null until enough packets arrived. */
  measuredRateHz: number | null;
  duplicates: number;
}

/** Decoder health figures per device (bytes that were not samples). */
export interface DecodeStats {
  packets: number;
  corrupt: number;
  truncated: number;
  unknown: number;
  skippedBytes: number;
}

/**
 * Where a reader in another thread reads one stream: the SharedArrayBuffer ring the acquisition
 * worker writes (cross-origin isolated pages), or a MessagePort receiving transferred frame chunks.
 */
export type ReaderEndpoint = { ring: SharedArrayBuffer } | { port: MessagePort; frameWidth: number };
