// Messages between the page and the live-view worker (live-view.worker.ts).
import type { ReaderEndpoint } from '../protocol/streams.ts';
import type { DisplayFilterConfig } from './display-filter.ts';
import type { LiveAnalysisFrame, LiveViewSettings } from './live-view-analysis.ts';
import type { MotionBlock } from './motion-magnitude.ts';
import type { MovementSpan } from './motion-artifacts.ts';
import type { HeartRateFrame } from './ppg-monitor.ts';

/** What a side stream is read for: 'ppg' gives the heart rate, 'motion' the accelerometer magnitude and the movements, 'gyro' the gyroscope magnitude. */
export type SideStreamRole = 'ppg' | 'motion' | 'gyro';

export type LiveViewConfig = LiveViewSettings & Omit<DisplayFilterConfig, 'sampleRateHz'>;

export type ToLiveView =
  /** Read this stream from now on (the endpoint is transferred once; the page carries no samples there). */
  | { type: 'attach'; stream: { id: string; labels: string[]; sampleRateHz: number }; reader: ReaderEndpoint; config: LiveViewConfig }
  /** Also read this stream (after 'attach'; a new 'attach' or 'detach' drops it): an optical stream or an accelerometer. */
  | { type: 'attach-side'; role: SideStreamRole; stream: { id: string; labels: string[]; sampleRateHz: number }; reader: ReaderEndpoint }
  | { type: 'detach' }
  /** New settings (filters, bands, mains); the filter restarts, the band history stays. */
  | { type: 'configure'; config: LiveViewConfig }
  /** Whether a screen draws the stream: display blocks are filtered and posted only while one does. */
  | { type: 'display'; on: boolean };

export type FromLiveView =
  /** Display-filtered samples for the time series, channel-major from `firstSample` (a jump is a gap). */
  | { type: 'display'; streamId: string; firstSample: number; channels: Float32Array[] }
  | { type: 'frame'; streamId: string; frame: LiveAnalysisFrame }
  /** The heart rate of the optical stream, every HEART_MS (a result with its reason when there is none). */
  | { type: 'heart'; streamId: string; frame: HeartRateFrame }
  /** Accelerometer (g) or gyroscope (deg/s) magnitude of the samples drained since the last post, while a screen draws. */
  | { type: 'motion'; sensor: 'accel' | 'gyro'; streamId: string; sampleRateHz: number; blocks: MotionBlock[] }
  /** A movement (artifact-gate.ts findMotion on the accelerometer), posted as it begins and as it grows, whether or not a screen draws. */
  | { type: 'movement'; streamId: string; span: MovementSpan }
  /** Analysis or filtering could not be done, in plain words; the worker goes on with the next block. */
  | { type: 'error'; message: string }
  /** The last error no longer applies (a frame was analysed since). */
  | { type: 'recovered' };
