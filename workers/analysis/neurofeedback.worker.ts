// Neurofeedback worker: reads the EEG stream straight from the acquisition worker's ring, analyses it
// with ALBI and sends the feedback to the JONA worklet's port. Nothing on this path runs on the page,
// so the loop keeps its pace while the page is hidden, busy or showing another screen.
/// <reference lib="webworker" />
import albiUrl from '../../dsp-wasm/build/albi.wasm?url';
import { loadAlbi, type Albi } from '../../dsp-wasm/src/index.ts';
import type { JonaInMessage } from '../audio/jona.protocol.ts';
import type { SampleReader } from '../ring/port-ring.ts';
import { readerForEndpoint } from '../ring/endpoint-reader.ts';
import { NeurofeedbackEngine } from './neurofeedback-engine.ts';
import type { FromNeurofeedback, ToNeurofeedback } from './neurofeedback.protocol.ts';
import { makeTrainingLog } from './training-log.ts';

/** How often the ring is drained and the calibration clock checked (ms); analysis runs every ANALYSIS_MS. */
const DRAIN_MS = 100;
const ANALYSIS_MS = 500;
/** How often the training log goes to the page while training runs (ms): it saves it with the session. */
const LOG_EVERY_MS = 5_000;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromNeurofeedback) => scope.postMessage(message);
let albi: Promise<Albi> | null = null;
let reader: SampleReader | null = null;
let motion: { reader: SampleReader; axes: number; sampleRateHz: number } | null = null;
let mainsHz: 50 | 60 = 50;
let sound: MessagePort | null = null;
const trainingLog = makeTrainingLog();
let lastLogMs = 0;
const postLog = () => {
  const log = trainingLog.log();
  lastLogMs = performance.now();
  if (log) post({ type: 'training-log', log });
};

const engine = new NeurofeedbackEngine({
  analyze: async (channels, sampleRateHz) => (await (albi ??= loadAlbi(albiUrl))).analyzeChannels(channels, sampleRateHz, { mainsHz }),
  now: () => performance.timeOrigin + performance.now(),
  sendToSound(events, tag) {
    if (!sound) return false;
    events.forEach((event, i) => sound!.postMessage({ type: 'event', event, tag: i === 0 ? tag : undefined } satisfies JonaInMessage));
    return true;
  },
  onStatus(status) {
    post({ type: 'status', status });
    trainingLog.record(status, performance.timeOrigin + performance.now());
    if (status.phase === 'training' && performance.now() - lastLogMs >= LOG_EVERY_MS) postLog();
  },
});

let lastAnalysisMs = 0;
setInterval(() => {
  if (reader) {
    const frames = reader.drain();
    if (frames.length) engine.feed(frames);
  }
  if (motion) {
    const frames = motion.reader.drain();
    if (frames.length) engine.feedMotion(frames, motion.axes, motion.sampleRateHz);
  }
  const now = performance.now();
  if (now - lastAnalysisMs >= ANALYSIS_MS) {
    lastAnalysisMs = now;
    void engine.tick();
  }
}, DRAIN_MS);

function handle(message: ToNeurofeedback): void {
  switch (message.type) {
    case 'attach':
      reader = readerForEndpoint(message.reader, Math.ceil(message.stream.sampleRateHz * 30));
      mainsHz = message.mainsHz;
      engine.attach(message.stream);
      motion = message.motion
        ? {
            reader: readerForEndpoint(message.motion.reader, Math.ceil(message.motion.sampleRateHz * 30)),
            axes: message.motion.axes,
            sampleRateHz: message.motion.sampleRateHz,
          }
        : null;
      return;
    case 'detach':
      reader = null;
      motion = null;
      engine.detach();
      return;
    case 'calibrate':
      return engine.calibrate(message.which, message.seconds);
    case 'use-calibration':
      engine.useCalibration(message.target);
      return;
    case 'set-calibration':
      engine.setCalibration(message.calibration);
      return;
    case 'start-training':
      sound?.close();
      sound = message.sound;
      trainingLog.start(performance.timeOrigin + performance.now());
      lastLogMs = performance.now();
      return engine.startTraining(message.options, message.outputLatencyMs);
    case 'stop-training':
      sound?.close();
      sound = null;
      engine.stopTraining();
      trainingLog.stop();
      postLog();
      return;
    default:
      throw new Error(`unknown message type "${(message as { type: string }).type}"`);
  }
}

scope.onmessage = (event: MessageEvent<ToNeurofeedback>) => {
  try {
    handle(event.data);
  } catch (error) {
    post({ type: 'error', request: event.data?.type, message: (error as Error).message });
  }
};
