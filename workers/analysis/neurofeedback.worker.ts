// Neurofeedback worker: reads the EEG stream straight from the acquisition worker's ring, analyses it
// with ALBI and sends the feedback to the JONA worklet's port. Nothing on this path runs on the page,
// so the loop keeps its pace while the page is hidden, busy or showing another screen.
/// <reference lib="webworker" />
import albiUrl from '../../dsp-wasm/build/albi.wasm?url';
import { loadAlbi, type Albi } from '../../dsp-wasm/src/index.ts';
import type { JonaInMessage } from '../audio/jona.protocol.ts';
import type { SampleReader } from '../ring/port-ring.ts';
import { readerForEndpoint } from '../ring/endpoint-reader.ts';
import { warmUpKernels } from './kernel-warm-up.ts';
import { ANALYSIS_WINDOW_SEC, NeurofeedbackEngine } from './neurofeedback-engine.ts';
import type { FromNeurofeedback, ToNeurofeedback } from './neurofeedback.protocol.ts';
import { makeTrainingLog } from './training-log.ts';

/**
 * The ring is drained as soon as the acquisition worker writes to it (SampleReader.whenReadable: the
 * ring's notify, or the port's message), and at least every DRAIN_MS without samples (the calibration
 * clock runs on). An analysis runs every ANALYSIS_MS, on the first drain after that which brings new
 * samples: the newest sample in the window is then as fresh as the wake-up (a 5 ms polling timer left
 * it up to 5 ms old, which was most of the loop's share of the latency after the analysis itself).
 */
const DRAIN_MS = 5;
const ANALYSIS_MS = 500;
/** How long past ANALYSIS_MS a tick waits for new samples before it runs without them (ms). */
const STALE_MS = 100;
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

// Without the spectrogram's muscle search (the engine finds jaw EMG against the person's own
// baseline) and the outliers' index list (their count stays exact): 0.74 ms instead of 1.4 ms for
// 8 channels x 4 s at 250 Hz in Node, off the loop's latency.
const analyzeWindow = async (channels: Array<{ label: string; samples: Float64Array }>, sampleRateHz: number) =>
  (await (albi ??= loadAlbi(albiUrl))).analyzeChannels(channels, sampleRateHz, { mainsHz, muscle: false, statistics: { maxOutlierIndices: 0 } });

const engine = new NeurofeedbackEngine({
  analyze: analyzeWindow,
  now: () => performance.timeOrigin + performance.now(),
  sendToSound(events, tag, sourceMs) {
    if (!sound) return false;
    events.forEach((event, i) => sound!.postMessage({ type: 'event', event, ...(i === 0 && { tag, sourceMs }) } satisfies JonaInMessage));
    return true;
  },
  onStatus(status) {
    post({ type: 'status', status });
    trainingLog.record(status, performance.timeOrigin + performance.now());
    if (status.phase === 'training' && performance.now() - lastLogMs >= LOG_EVERY_MS) postLog();
  },
});

let lastAnalysisMs = 0;
function step(): void {
  let fresh = false;
  if (reader) {
    const frames = reader.drain();
    if (frames.length) engine.feed(frames);
    fresh = frames.length > 0;
  }
  if (motion) {
    const frames = motion.reader.drain();
    if (frames.length) engine.feedMotion(frames, motion.axes, motion.sampleRateHz);
  }
  const now = performance.now();
  // Without new samples for a while (a dropped link) it ticks anyway: the calibration clock runs on.
  const sinceMs = now - lastAnalysisMs;
  if (sinceMs >= ANALYSIS_MS && (fresh || sinceMs >= ANALYSIS_MS + STALE_MS)) {
    lastAnalysisMs = now;
    void engine.tick();
  }
}

/** Drains on every write to the EEG ring (or every DRAIN_MS without one), for the worker's lifetime. */
async function pump(): Promise<void> {
  for (;;) {
    await (reader ? reader.whenReadable(DRAIN_MS) : new Promise((resolve) => setTimeout(resolve, DRAIN_MS)));
    try {
      step();
    } catch (error) {
      post({ type: 'error', message: `neurofeedback step failed: ${(error as Error).message}` });
    }
  }
}
void pump();

function handle(message: ToNeurofeedback): void {
  switch (message.type) {
    case 'attach':
      reader = readerForEndpoint(message.reader, Math.ceil(message.stream.sampleRateHz * 30));
      mainsHz = message.mainsHz;
      engine.attach(message.stream);
      void warmUpKernels(analyzeWindow, message.stream.labels, message.stream.sampleRateHz, ANALYSIS_WINDOW_SEC);
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
