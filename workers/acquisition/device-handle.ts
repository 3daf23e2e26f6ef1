// Public types of the acquisition bridge (acquisition.main.ts documents how to use them).
import type { DeviceSetup } from './acquisition.protocol.ts';
import type {
  ConnectionState,
  DecodeStats,
  DeviceDescriptor,
  DeviceKind,
  GapRecord,
  ReaderEndpoint,
  Stream,
  StreamStats,
} from '../protocol/streams.ts';
import type { DeviceEvent } from '../devices/decoded.ts';
import type { DeviceTransport } from '../devices/transport.ts';
import type { SyntheticOptions } from '../devices/synthetic/synthetic-source.ts';
import type { Recording } from '../formats/recording.ts';
import type { SampleReader } from '../ring/port-ring.ts';
import type { BackoffOptions } from './reconnect.ts';
import type { RecordingOptions } from './acquisition-recording.ts';
import type { RecorderStatus } from '../storage/recorder.ts';
import type { StoredMarker, StoredSession } from '../storage/types.ts';
import type { CompanionReading } from './companion-device.ts';

export interface ConnectOptions {
  synthetic?: SyntheticOptions;
  playback?: { recording: Recording; speed?: number };
  musePreset?: DeviceSetup['musePreset'];
  /** Preset used when the Muse turns out to be a Muse S Athena (default p1041: 8 EEG + 16 optics). */
  athenaPreset?: DeviceSetup['athenaPreset'];
  /**
   * Muse keep-alive period in ms (default 10 s) and data-stall limits: nudge with `d` (Athena `dc001`),
   * then drop and reconnect.
   */
  museTiming?: { keepAliveMs?: number; stallNudgeMs?: number; stallDropMs?: number };
  /** Ganglion firmware; detected from the Software Revision when omitted. */
  ganglionFirmware?: 2 | 3;
  /** An already chosen Web Bluetooth device (skips the chooser; used for reconnects within a page's life). */
  bluetoothDevice?: BluetoothDevice;
  /** An already chosen Web Serial port (e.g. from navigator.serial.getPorts()). */
  serialPort?: SerialPort;
  /** Electrode names of the EEG inputs in input order (Cyton, Daisy, Ganglion: montages.ts). */
  channelNames?: string[];
  /** Cyton: text commands sent before streaming starts (e.g. 'x1040110X'); gain changes are tracked. */
  setupCommands?: string[];
  reconnect?: BackoffOptions;
  /** A pre-built transport (tests of the bridge); otherwise chosen by kind. */
  transport?: DeviceTransport;
  /** Worker factory (defaults to the bundled acquisition worker). */
  createWorker?: () => Worker;
}

export interface StreamReader extends SampleReader {
  readonly stream: Stream;
  /** Detaches the reader: the worker stops writing to it. */
  close(): void;
}

export interface DeviceHandle {
  readonly sessionId: string;
  readonly kind: DeviceKind;
  readonly descriptor: DeviceDescriptor;
  readonly streams: Stream[];
  /** Whether readers use SharedArrayBuffer rings (true) or the MessagePort fallback. */
  readonly sharedMemory: boolean;
  state(): ConnectionState;
  onState(listener: (state: ConnectionState, detail?: string) => void): () => void;
  /** Every gap so far (also delivered live through onGap). */
  readonly gaps: readonly GapRecord[];
  onGap(listener: (gap: GapRecord) => void): () => void;
  stats(): { streams: StreamStats[]; decode: DecodeStats } | null;
  onStats(listener: (stats: { streams: StreamStats[]; decode: DecodeStats }) => void): () => void;
  onDeviceEvent(listener: (event: DeviceEvent) => void): () => void;
  /** Opens a reader of one stream; capacity defaults to 30 s of samples. */
  openReader(streamId: string, options?: { capacityFrames?: number }): StreamReader;
  /** Opens a reader for another thread: the endpoint to transfer there (capacity 30 s by default). */
  openReaderEndpoint(streamId: string, options?: { capacityFrames?: number }): { endpoint: ReaderEndpoint; close(): void };
  sendCommand(command: string): Promise<void>;
  /**
   * Starts recording every stream into IndexedDB inside the acquisition worker (so the page's state
   * does not matter). Rejects when a recording already runs or storage cannot be opened.
   */
  startRecording(options: RecordingOptions): Promise<RecordingHandle>;
  /** The recording running now, if any. */
  recording(): RecordingHandle | null;
  /** Synthetic headset only: drop the link for a while (demo of gaps and reconnect). */
  simulateDisconnect(durationMs: number): void;
  /** Synthetic headset only: change its alpha rhythm from host time `hostTimeMs` (epoch ms) on. */
  steerSynthetic(hostTimeMs: number, change: import('../devices/synthetic/eeg-model.ts').AlphaChange): void;
  /**
   * Adds a companion device beside this one, in the same worker and session (companion-device.ts):
   * 'heart-rate-strap' (the chooser: call from a click handler). Its streams join the recordings
   * started from then on. Rejects while recording, or when one is connected already.
   */
  addCompanion(kind: DeviceKind, options?: CompanionOptions): Promise<CompanionHandle>;
  /** The companion connected now, if any. */
  companion(): CompanionHandle | null;
  /** Removes the companion (if any) and stops the session. */
  disconnect(): Promise<void>;
}

export interface CompanionOptions {
  /** An already chosen Web Bluetooth device (skips the chooser). */
  bluetoothDevice?: BluetoothDevice;
  reconnect?: BackoffOptions;
  /** A pre-built transport (tests); otherwise chosen by kind. */
  transport?: DeviceTransport;
}

/** A companion device (a heart-rate strap) read beside the headset, seen from the page. */
export interface CompanionHandle {
  readonly kind: DeviceKind;
  readonly descriptor: DeviceDescriptor;
  /** Its own streams, e.g. 'hr' (bpm) and 'rr' (ms); ids that no headset uses. */
  readonly streams: Stream[];
  /** The name the device advertises (e.g. 'Polar H10 1A2B3C4D'), else its descriptor's. */
  readonly name: string;
  /** Its own link state: a strap reconnecting leaves the headset streaming. */
  state(): ConnectionState;
  onState(listener: (state: ConnectionState, detail?: string) => void): () => void;
  /** Every sample its streams place (about one a second): index, fitted host time (epoch ms), values. */
  onReading(listener: (reading: CompanionReading) => void): () => void;
  /** Its battery and decode problems; the newest battery reading is handed to each new listener. */
  onDeviceEvent(listener: (event: DeviceEvent) => void): () => void;
  /** Disconnects it: its streams end here (a running recording keeps what they had). */
  remove(): Promise<void>;
}

/** A recording running in the acquisition worker, seen from the page. */
export interface RecordingHandle {
  /** The session as it was created (id, start time, streams). */
  readonly session: StoredSession;
  /** The latest figures the worker sent (updated every 500 ms and after every write). */
  readonly status: RecorderStatus;
  onStatus(listener: (status: RecorderStatus) => void): () => void;
  /**
   * Stores a marker at `hostTimeMs` (epoch ms; default now), placed on the first stream's timeline.
   * Pass performance.timeOrigin + event.timeStamp to place it when the key was pressed.
   */
  addMarker(text: string, source: string, hostTimeMs?: number): Promise<StoredMarker>;
  /** Seals and writes what is open; resolves with the completed session once it is on disk. */
  stop(): Promise<StoredSession>;
}
