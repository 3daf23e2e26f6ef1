// Messages between the page and the neurofeedback worker (neurofeedback.worker.ts).
import type { ReaderEndpoint } from '../protocol/streams.ts';
import type { Calibration, TrainingTarget } from '../audio/neurofeedback.ts';
import type { NeurofeedbackStatus, TrainingOptions } from './neurofeedback-engine.ts';
import type { TrainingLog } from './training-log.ts';

/**
 * The device's accelerometer (g), where it has one: its movements pause the feedback. While paused,
 * `status.output.pauseReason` says why ("blink", "jaw clench", "movement", "poor signal on TP9") and
 * `status.pauses` lists every pause of the training as `{ reason, startMs, endMs }` (host epoch ms;
 * `endMs` null while it lasts). See artifact-gate.ts.
 */
export interface MotionStream {
  reader: ReaderEndpoint;
  axes: number;
  sampleRateHz: number;
}

export type ToNeurofeedback =
  /** Read this stream from now on (the endpoint is transferred once; the page no longer carries samples). */
  | { type: 'attach'; stream: { labels: string[]; sampleRateHz: number }; reader: ReaderEndpoint; mainsHz: 50 | 60; motion?: MotionStream }
  | { type: 'detach' }
  | { type: 'calibrate'; which: 'open' | 'closed'; seconds: number }
  | { type: 'use-calibration'; target: TrainingTarget }
  /** Use a calibration kept from before (the page keeps them per device, see calibration-store.ts). */
  | { type: 'set-calibration'; calibration: Calibration }
  /** `sound`: a port into the playing JONA worklet (JonaNode.openEventPort()); events go there directly. */
  | { type: 'start-training'; options: TrainingOptions; outputLatencyMs: number; sound: MessagePort }
  | { type: 'stop-training' };

export type FromNeurofeedback =
  | { type: 'status'; status: NeurofeedbackStatus }
  /** What the running (or just stopped) training did so far: every few seconds, and when it stops. */
  | { type: 'training-log'; log: TrainingLog }
  /** A request that could not be done, in plain words (the worker goes on); no `request`: its own drain loop failed once. */
  | { type: 'error'; request?: ToNeurofeedback['type']; message: string };
