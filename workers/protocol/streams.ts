// Stream and device descriptions shared by every thread (data only, no behaviour).
// Units are part of the names: `sampleRateHz`, `hostTimeMs`; each channel carries its sample values' unit.
import type { z } from 'zod';
import type { streamSchema } from '../../api/src/contract/sessions.ts';

/** Every kind of device the acquisition worker can read. */
export type DeviceKind = 'muse' | 'ganglion' | 'cyton' | 'cyton-daisy' | 'heart-rate-strap' | 'synthetic' | 'playback';

/** Connection state as the user sees it. `lost` is final: back-off gave up or the user must act. */
export type ConnectionState = 'idle' | 'connecting' | 'streaming' | 'reconnecting' | 'lost' | 'stopped';

/**
 * One stream: a set of channels sampled together at one nominal rate, each with its label and unit.
 * The same type from the device's description to the stored session and the server's row: it is the
 * sessions contract's stream (api/src/contract/sessions.ts), so nothing is lost between them.
 *   id: stable within the device and the session, e.g. 'eeg', 'accel' (part of the chunk key and the sync URL)
 *   kind: what the channels measure; 'eeg' is what analysis uses by default
 *   sampleRateHz: the nominal rate the device claims; the timeline measures the real one
 */
export type Stream = z.infer<typeof streamSchema>;
export type StreamChannel = Stream['channels'][number];
export type StreamKind = Stream['kind'];

/** The channel labels in frame order, e.g. ['TP9', 'AF7', 'AF8', 'TP10']. */
export function channelLabels(stream: Stream): string[] {
  return stream.channels.map((c) => c.label);
}

/** A plain copy: what is stored must not share objects with its source (a reactive store's proxy cannot be cloned into IndexedDB). */
export function copyStream(stream: Stream): Stream {
  return {
    id: stream.id,
    kind: stream.kind,
    sampleRateHz: stream.sampleRateHz,
    channels: stream.channels.map((c) => ({ label: c.label, unit: c.unit })),
  };
}

/** A stream whose channels share one unit, e.g. makeStream('eeg', 'eeg', ['Fp1', 'Fp2'], 'uV', 250). */
export function makeStream(id: string, kind: StreamKind, labels: readonly string[], unit: string, sampleRateHz: number): Stream {
  return { id, kind, sampleRateHz, channels: labels.map((label) => ({ label, unit })) };
}

/** Static facts about a device model (data only, BrainFlow-style board table). */
export interface DeviceDescriptor {
  kind: DeviceKind;
  name: string;
  streams: Stream[];
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
  /** Why: packets lost in flight, a disconnection, or (replaying an imported session) the file had no samples there. */
  cause: 'packet-loss' | 'disconnect' | 'file-gap';
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
  /** Packets placed on the timeline: samples / packets is the device's packetisation. */
  packets: number;
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
