// The page's handle on the neurofeedback worker: it hands over the EEG stream and the sound's port
// once, sends the user's choices, and receives the loop's status. It carries no samples and no events.
import type { Calibration, TrainingTarget } from '../audio/neurofeedback.ts';
import type { ReaderEndpoint } from '../protocol/streams.ts';
import type { NeurofeedbackStatus, TrainingOptions } from './neurofeedback-engine.ts';
import type { FromNeurofeedback, MotionStream, ToNeurofeedback } from './neurofeedback.protocol.ts';
import type { TrainingLog } from './training-log.ts';

export interface NeurofeedbackWorker {
  /** `motion`: the accelerometer stream, where the device has one (its movements pause the feedback). */
  attach(stream: { labels: string[]; sampleRateHz: number }, reader: ReaderEndpoint, mainsHz: 50 | 60, motion?: MotionStream): void;
  detach(): void;
  calibrate(which: 'open' | 'closed', seconds: number): void;
  useCalibration(target: TrainingTarget): void;
  /** Uses a calibration kept from before. */
  setCalibration(calibration: Calibration): void;
  startTraining(options: TrainingOptions, sound: MessagePort, outputLatencyMs: number): void;
  stopTraining(): void;
  onStatus(listener: (status: NeurofeedbackStatus) => void): () => void;
  /** The training's log, every few seconds while it runs and once when it stops (training-log.ts). */
  onTrainingLog(listener: (log: TrainingLog) => void): () => void;
  /** Errors of requests (calibration that cannot be used, training without calibration, ...). */
  onError(listener: (message: string) => void): () => void;
}

/** Starts the worker. @example const nf = createNeurofeedbackWorker(); nf.onStatus(show); nf.attach(stream, endpoint, 50); */
export function createNeurofeedbackWorker(): NeurofeedbackWorker {
  const worker = new Worker(new URL('./neurofeedback.worker.ts', import.meta.url), { type: 'module', name: 'clisonix-neurofeedback' });
  const statusListeners = new Set<(status: NeurofeedbackStatus) => void>();
  const errorListeners = new Set<(message: string) => void>();
  const logListeners = new Set<(log: TrainingLog) => void>();
  worker.onmessage = (event: MessageEvent<FromNeurofeedback>) => {
    const m = event.data;
    if (m.type === 'status') statusListeners.forEach((l) => l(m.status));
    else if (m.type === 'training-log') logListeners.forEach((l) => l(m.log));
    else errorListeners.forEach((l) => l(m.message));
  };
  worker.onerror = (event) => errorListeners.forEach((l) => l(`neurofeedback worker failed: ${event.message}`));
  const post = (message: ToNeurofeedback, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
  return {
    attach: (stream, reader, mainsHz, motion) =>
      post(
        { type: 'attach', stream, reader, mainsHz, ...(motion ? { motion } : {}) },
        [reader, ...(motion ? [motion.reader] : [])].flatMap((r) => ('port' in r ? [r.port] : [])),
      ),
    detach: () => post({ type: 'detach' }),
    calibrate: (which, seconds) => post({ type: 'calibrate', which, seconds }),
    useCalibration: (target) => post({ type: 'use-calibration', target }),
    setCalibration: (calibration) => post({ type: 'set-calibration', calibration }),
    startTraining: (options, sound, outputLatencyMs) => post({ type: 'start-training', options, outputLatencyMs, sound }, [sound]),
    stopTraining: () => post({ type: 'stop-training' }),
    onStatus: (listener) => (statusListeners.add(listener), () => void statusListeners.delete(listener)),
    onTrainingLog: (listener) => (logListeners.add(listener), () => void logListeners.delete(listener)),
    onError: (listener) => (errorListeners.add(listener), () => void errorListeners.delete(listener)),
  };
}
