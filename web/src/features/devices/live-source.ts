// What the Live views, the recorder and the analysis read from, whatever the origin of the samples:
// a device (through the acquisition worker), the synthetic headset, or a stored session replayed.
import type { ConnectionState, GapRecord, ReaderEndpoint } from '../../../../workers/protocol/streams.ts';
import type { Stream } from '../../../../workers/protocol/streams.ts';
import type { RecordingOptions } from '../../../../workers/acquisition/acquisition-recording.ts';
import type { CompanionHandle, RecordingHandle } from '../../../../workers/acquisition/device-handle.ts';
import type { TimelineMarker } from '../live/timeline-marks.ts';
import type { DeviceEvent } from '../../../../workers/devices/decoded.ts';
import type { ReplayControl } from '../sessions/replay-source.ts';

/** Samples of one stream, channel-major, starting at `firstSample` (gaps show as jumps). */
export interface LiveBlock {
  streamId: string;
  firstSample: number;
  channels: Float32Array[];
}

export type { CompanionHandle, RecordingHandle };

export interface LiveSource {
  /** Shown to the user, e.g. 'Synthetic headset', 'Muse-1324', 'Replay: Morning sit'. */
  name: string;
  kind: 'device' | 'replay';
  streams: Stream[];
  /** Subscribes to connection state changes; returns the unsubscribe. */
  onState(listener: (state: ConnectionState, detail?: string) => void): () => void;
  /** A device's side information (battery telemetry, messages, packet loss); returns the unsubscribe. Absent for a replay. */
  onDeviceEvent?(listener: (event: DeviceEvent) => void): () => void;
  /** Gaps and lost samples so far, per stream. */
  lostSamples(): Record<string, number>;
  /**
   * A device's packetisation on a stream, as it arrives (mean samples per packet and their span in ms:
   * the newest sample of a packet waits for the packet); null before a packet, absent for a replay.
   */
  packetisation?(streamId: string): { samplesPerPacket: number; ms: number } | null;
  /** The gaps found so far, every stream, on the streams' sample indices (the plots shade them). */
  gaps?(): readonly GapRecord[];
  /** A replay: the stored session's markers on its first stream's sample indices (the plots draw them). */
  markers?(): readonly TimelineMarker[];
  /** A replay: its session, transport clock and length (the replay player drives them). */
  replay?: ReplayControl;
  /**
   * A reader of one stream for another thread (the live-view and neurofeedback workers), to transfer
   * there: the acquisition worker's own ring for a device, frames posted from the page for a replay.
   * This is the only way to the samples: the page itself reads none.
   */
  openStreamEndpoint(streamId: string): { endpoint: ReaderEndpoint; close(): void };
  /**
   * The synthetic headset only: drops its link for `durationMs`, to see (and test) what a real loss
   * looks like: a disconnect gap, reconnection, the loss counted in the recording.
   */
  simulateDisconnect?(durationMs: number): void;
  /**
   * A headset only: adds a heart-rate strap beside it, in the same acquisition worker and session; its
   * 'hr' and 'rr' streams are its own (not in `streams`, which stay the headset's) and join the
   * recordings started from then on. Call from a click handler (the browser's chooser).
   */
  addCompanion?(kind: 'heart-rate-strap'): Promise<CompanionHandle>;
  /** Records every stream in the acquisition worker; absent for a replay (it is stored already). */
  startRecording?(options: RecordingOptions): Promise<RecordingHandle>;
  disconnect(): Promise<void>;
}

/** A tiny fan-out used by sources to serve many subscribers. */
export function makeEmitter<T extends unknown[]>() {
  const listeners = new Set<(...args: T) => void>();
  return {
    on(listener: (...args: T) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(...args: T) {
      for (const l of listeners) l(...args);
    },
    /** How many listeners there are (a source with none need not build blocks). */
    get count() {
      return listeners.size;
    },
  };
}
