// Every message between the main thread and the acquisition worker: discriminated unions on `type`.
import type { DeviceEvent } from '../devices/decoded.ts';
import type { ConnectionState, DecodeStats, DeviceDescriptor, DeviceKind, GapRecord, StreamStats } from '../protocol/streams.ts';
import type { Recording } from '../formats/recording.ts';
import type { RecordingOptions } from './acquisition-recording.ts';
import type { RecorderStatus } from '../storage/recorder.ts';

/** Options for the device the worker decodes (transport-independent). */
export interface DeviceSetup {
  kind: DeviceKind;
  /** Muse 2016 / 2 / S gen 1 preset (p21 default). */
  musePreset?: 'p21' | 'p20' | 'p50' | 'p51';
  /** Which Muse the transport found: 'athena' (Muse S Athena, multiplexed protocol) or 'classic' (default). */
  museModel?: 'classic' | 'athena';
  /** Muse S Athena preset (p1041 default). */
  athenaPreset?: import('../devices/muse-athena/descriptor.ts').AthenaPresetId;
  /** Ganglion firmware family: 3 when Software Revision starts with '3'. */
  ganglionFirmware?: 2 | 3;
  /** Synthetic headset options (channelCount, sampleRateHz, seed, dropProbability, clockDrift, jitterMs, mainsHz). */
  synthetic?: import('../devices/synthetic/synthetic-source.ts').SyntheticOptions;
  /** Playback: the recording and a speed factor (1 = real time). */
  playback?: { recording: Recording; speed?: number };
  /** Electrode names of the EEG inputs, in input order (montages.ts); the device's own labels otherwise. */
  channelNames?: string[];
}

export type ToWorker =
  | { type: 'start'; sessionId: string; setup: DeviceSetup }
  /** Raw bytes from a main-thread transport (transferred). `arrivalMs` = performance.timeOrigin + now(). */
  | { type: 'bytes'; source: string; bytes: ArrayBuffer; arrivalMs: number }
  /** A reader wants a stream: either a SharedArrayBuffer ring or a MessagePort. */
  | { type: 'open-reader'; readerId: string; streamId: string; ring: SharedArrayBuffer }
  | { type: 'open-reader'; readerId: string; streamId: string; port: MessagePort; frameWidth: number }
  | { type: 'close-reader'; readerId: string }
  /** The transport's link state (main-thread transports); the worker uses it to label gaps. */
  | { type: 'link-state'; state: ConnectionState }
  | { type: 'set-gain'; channel: number; gain: number }
  /** Synthetic only: lose the link for `durationMs` (demo and tests of reconnect). */
  | { type: 'simulate-disconnect'; durationMs: number }
  /** Synthetic only: change the alpha rhythm from host time `hostTimeMs` (epoch ms) on (latency tests). */
  | { type: 'steer-synthetic'; hostTimeMs: number; change: import('../devices/synthetic/eeg-model.ts').AlphaChange }
  /** Start recording every stream into IndexedDB (answered by a 'reply' with the new StoredSession). */
  | { type: 'record-start'; requestId: number; options: RecordingOptions }
  /** Seal, write and close the recording (answered with the completed StoredSession). */
  | { type: 'record-stop'; requestId: number }
  /** A marker at host time `hostTimeMs` (epoch ms), placed on the first stream's timeline (answered with the StoredMarker). */
  | { type: 'marker'; requestId: number; text: string; source: string; hostTimeMs: number }
  /**
   * A companion device (a heart-rate strap) joins the running headset in this worker: its streams,
   * own timelines and link state beside the headset's (companion-device.ts). Answered with its descriptor.
   */
  | { type: 'companion-start'; requestId: number; setup: DeviceSetup }
  /** Raw bytes from the companion's transport (transferred), like 'bytes'. */
  | { type: 'companion-bytes'; source: string; bytes: ArrayBuffer; arrivalMs: number }
  /** The companion's link state: 'reconnecting' makes its next samples close a gap on its streams only. */
  | { type: 'companion-link-state'; state: ConnectionState }
  /** The companion is removed: its streams end here (a running recording keeps what they had). Answered when done. */
  | { type: 'companion-stop'; requestId: number }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'started'; sessionId: string; descriptor: DeviceDescriptor }
  | { type: 'state'; state: ConnectionState; detail?: string }
  | { type: 'gap'; gap: GapRecord }
  /** `streams` holds the companion's streams after the headset's; `companionDecode` its decoder's counters. */
  | { type: 'stats'; streams: StreamStats[]; decode: DecodeStats; companionDecode?: DecodeStats }
  | { type: 'device-event'; event: DeviceEvent }
  | { type: 'error'; code: 'bad-setup' | 'bad-message' | 'internal'; message: string }
  /** The answer to a request carrying `requestId`. */
  | { type: 'reply'; requestId: number; ok: true; value: unknown }
  | { type: 'reply'; requestId: number; ok: false; error: string }
  /** The recording's figures: after every write to IndexedDB and with every stats message. */
  | { type: 'record-status'; status: RecorderStatus }
  /** One sample a companion stream placed (about one a second for a strap), for the page's display. */
  | { type: 'companion-reading'; reading: import('./companion-device.ts').CompanionReading }
  /** The companion's side information (battery, decode problems). */
  | { type: 'companion-event'; event: DeviceEvent }
  | { type: 'stopped' };

/** How often the worker posts stats (ms): often enough for a live display, rare enough to be free. */
export const STATS_INTERVAL_MS = 500;
