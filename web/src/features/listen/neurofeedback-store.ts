// The neurofeedback loop as the page sees it. The loop runs in the neurofeedback worker (reading the
// acquisition ring, sending events to the worklet's port); this module starts that worker on the first
// use, hands it the connected source's EEG stream (again whenever the source changes) and the sound's
// port when training starts, forwards the user's choices and keeps what the screens show. Nothing here
// belongs to a screen: leaving Listen changes nothing, and training stops only when asked (or when the
// neurofeedback sound is stopped or replaced).
//
// What the loop steers is a mapping set (JSON, feedback-mapping.ts), checked here as it is typed so the
// screen can say it in words, and checked again by the worker. The sound is the preset or, when chosen,
// the schedule from the Schedule card: its `#@` conditions are run by the worker.
import { createEffect, createMemo, createRoot, createSignal, on } from 'solid-js';
import { splitHeldProgram } from '../../../../dsp-wasm/src/jona/conditions.ts';
import { programFromRequest } from '../../../../dsp-wasm/src/jona/presets.ts';
import type { Program } from '../../../../dsp-wasm/src/jona/program.ts';
import { parseMappingSet, type MappingSet } from '../../../../workers/audio/feedback-mapping.ts';
import type { TrainingTarget } from '../../../../workers/audio/neurofeedback.ts';
import { createNeurofeedbackWorker, type NeurofeedbackWorker } from '../../../../workers/analysis/neurofeedback.main.ts';
import { announce } from '../../app/announcer.ts';
import { pauseWords } from '../../../../workers/analysis/artifact-gate.ts';
import { nfStatus, setNfStatus } from '../../app/neurofeedback-state.ts';
import { settings } from '../../app/settings.ts';
import { source } from '../../app/studio.ts';
import { channelLabels } from '../../../../workers/protocol/streams.ts';
import { liveStreamOf } from '../live/live-view-store.ts';
import { eventPort, heardAtHostMs, outputLatencySec, play, playing, stop } from './audio-engine.ts';
import { keepCalibration, loadKeptCalibration, type KeptCalibration } from './calibration-store.ts';
import { followAccountCalibrations, saveCalibrationToAccount } from './calibration-account.ts';
import { makeLatencySaver } from './latency-to-session.ts';
import { makeTrainingSaver } from './training-to-session.ts';
import { renderedLoopLatency } from './loop-output.ts';
import { playCue, speak } from './cues.ts';

export const CALIBRATION_SEC = 20;
const SOUND_LABEL = 'Neurofeedback';

/** The user's training choices, kept while the app runs (not per screen). */
export const [nfChoices, setNfChoices] = createSignal<{ target: TrainingTarget; direction: 'up' | 'down'; threshold: number; auto: boolean }>({
  target: 'relaxation',
  direction: 'up',
  threshold: 0.5,
  auto: true,
});
export const [nfError, setNfError] = createSignal<string | null>(null);

const NOISE_FOLLOWS_SCORE = {
  metric: { kind: 'score' },
  target: { voice: 'noise', param: 'level' },
  input: [0, 1],
  output: [0.3, 0.05],
  smoothingSec: 1,
  maxRatePerSec: 0.2,
};
const BEAT_FOLLOWS_PEAK_ALPHA = {
  metric: { kind: 'peak-alpha' },
  target: { voice: 'beat', param: 'beatHz' },
  input: [8, 12],
  output: [8, 12],
  smoothingSec: 2,
  maxRatePerSec: 0.5,
};

/**
 * The default mapping of a training target: the noise bed fades as the score rises (the classic
 * loop); for relaxation the beat also follows the person's own peak alpha (focus keeps its beta beat).
 */
export function defaultMappingJson(target: TrainingTarget): string {
  const mappings = target === 'relaxation' ? [NOISE_FOLLOWS_SCORE, BEAT_FOLLOWS_PEAK_ALPHA] : [NOISE_FOLLOWS_SCORE];
  return JSON.stringify({ mappings }, null, 2);
}
/** The mapping as typed (JSON text), kept while the app runs. */
export const [nfMappingText, setNfMappingText] = createSignal(defaultMappingJson('relaxation'));
/** The typed mapping, checked: the set, or the error naming the bad field. */
export const nfMapping = createRoot(() =>
  createMemo((): { set: MappingSet; error: null } | { set: null; error: string } => {
    try {
      return { set: parseMappingSet(nfMappingText()), error: null };
    } catch (error) {
      return { set: null, error: (error as Error).message };
    }
  }),
);
/** The schedule compiled in the Schedule card (null before one is previewed), which training can play. */
export const [nfSchedule, setNfSchedule] = createSignal<{ program: Program; label: string } | null>(null);
/** Whether training needs the calibration first: the mapping (or the chosen schedule's conditions) reads the score. */
export const nfNeedsCalibration = (): boolean =>
  nfMapping().set?.mappings.some((m) => m.metric.kind === 'score') !== false ||
  (nfSound() === 'schedule' && (nfSchedule()?.program.holds ?? []).some((h) => h.condition.metric.kind === 'score'));

/** What training plays: the preset of the chosen metric, or that schedule. */
export const [nfSound, setNfSound] = createSignal<'preset' | 'schedule'>('preset');

/** Bumped when a calibration is kept, so the offer below reads the storage again. */
const [keptVersion, setKeptVersion] = createSignal(0);
// In cloud mode the account's calibrations come into localStorage too (calibration-account.ts).
followAccountCalibrations(
  () => setKeptVersion(keptVersion() + 1),
  (message) => setNfError(message),
);
/** The device the calibration steps ran on (the source's name), for keeping the result under it. */
let calibratedOn: string | null = null;
/** The calibration kept for the connected device and the chosen target (localStorage), or null. */
export const nfKeptCalibration = (): KeptCalibration | null => {
  keptVersion();
  const device = source()?.name;
  if (!device) return null;
  try {
    return loadKeptCalibration(localStorage, device, nfChoices().target);
  } catch {
    return null; // storage unavailable (private mode): nothing kept
  }
};

/**
 * The loop latency to show and keep: measured on the rendered audio (the worklet dates the first frame
 * that applies each update, mapped to the output by getOutputTimestamp(): loop-output.ts) once an
 * update has been seen there; until then, the worker's estimate (sent + the context's output latency).
 */
export function loopLatencyNow(estimate: { p50Ms: number; p95Ms: number; p99Ms: number; count: number }) {
  const rendered = renderedLoopLatency();
  return rendered.count > 0 ? { ...rendered, measuredOn: 'output' as const } : { ...estimate, measuredOn: 'estimate' as const };
}

/** The trained stream's packetisation on the connected device (reported beside the latency, never added in). */
export function nfPacketisation(): { samplesPerPacket: number; ms: number } | null {
  const src = source();
  return src?.packetisation?.(liveStreamOf(src).id) ?? null;
}

let worker: NeurofeedbackWorker | undefined;
let attachedTo: object | null = null;
let closeEndpoint: (() => void) | undefined;
/** The program training plays (with its holds), for the session's record. */
let trainedProgram: Program | null = null;
const latencySaver = makeLatencySaver(setNfError);
const trainingSaver = makeTrainingSaver(setNfError);

function ensureWorker(): NeurofeedbackWorker {
  if (worker) return worker;
  worker = createNeurofeedbackWorker();
  worker.onStatus((status) => {
    const before = nfStatus();
    setNfStatus(status);
    // A pause and its reason (blink, jaw clench, movement, poor signal on a channel), and the resume, to a screen reader.
    if (status.phase === 'training') {
      const reason = status.output?.pauseReason ?? null;
      const was = before?.phase === 'training' ? (before.output?.pauseReason ?? null) : null;
      if (reason !== was) announce(reason ? pauseWords(reason) : 'Feedback resumed.');
    }
    // A calibration made now (not one taken back) is kept for the device it was made on.
    const made = status.calibration;
    if (made?.madeAtMs !== undefined && made.madeAtMs !== before?.calibration?.madeAtMs && calibratedOn) {
      try {
        if (loadKeptCalibration(localStorage, calibratedOn, made.target)?.calibration.madeAtMs !== made.madeAtMs) {
          keepCalibration(localStorage, calibratedOn, made);
          saveCalibrationToAccount(calibratedOn, made, setNfError);
          setKeptVersion(keptVersion() + 1);
        }
      } catch (e) {
        setNfError(`The calibration could not be kept for next time: ${(e as Error).message}`);
      }
    }
    if (before?.phase.startsWith('calibrating') && status.phase === 'idle') {
      // The person may have their eyes closed: the end is a tone and, where the browser can, spoken.
      playCue('end');
      speak('Done. You can open your eyes.');
      announce('Calibration step done.');
    }
    const measured = status.latency ? loopLatencyNow(status.latency) : null;
    const packets = nfPacketisation();
    if (status.latency && status.output && measured)
      latencySaver.offer(
        {
          p50Ms: measured.p50Ms,
          p95Ms: measured.p95Ms,
          p99Ms: measured.p99Ms,
          filterDelayMs: status.output.filterDelayMs,
          updates: measured.count,
          windowMs: status.latency.windowMs,
          ...(packets && { packetisationMs: packets.ms }),
        },
        status.mapping ? { mappings: status.mapping.mappings, ...(trainedProgram?.holds ? { holds: trainedProgram.holds } : {}) } : undefined,
      );
  });
  worker.onTrainingLog((log) => trainingSaver.offer(log));
  worker.onError(setNfError);
  followSource();
  return worker;
}

/** Hands the EEG stream of the connected source to the worker, once per source. */
function attachSource(): void {
  const src = source();
  if (!worker || src === attachedTo) return;
  closeEndpoint?.();
  closeEndpoint = undefined;
  attachedTo = src;
  if (!src) return worker.detach();
  const eeg = liveStreamOf(src);
  const { endpoint, close } = src.openStreamEndpoint(eeg.id);
  // The accelerometer, where the device has one: movements pause the feedback.
  const accel = src.streams.find((s) => s.kind === 'accel');
  const motion = accel ? src.openStreamEndpoint(accel.id) : null;
  closeEndpoint = () => {
    close();
    motion?.close();
  };
  worker.attach(
    { labels: channelLabels(eeg), sampleRateHz: eeg.sampleRateHz },
    endpoint,
    settings().mainsHz,
    accel && motion ? { reader: motion.endpoint, axes: channelLabels(accel).length, sampleRateHz: accel.sampleRateHz } : undefined,
  );
}

function followSource(): void {
  createRoot(() => {
    createEffect(on(source, attachSource));
    // Training feeds the neurofeedback sound; when that sound stops or another one replaces it, so does training.
    createEffect(
      on(playing, (label) => {
        if (label !== SOUND_LABEL && nfStatus()?.phase === 'training') {
          worker?.stopTraining();
          announce('Training stopped: the neurofeedback sound was stopped.');
        }
      }),
    );
  });
}

export function calibrateStep(which: 'open' | 'closed'): void {
  setNfError(null);
  ensureWorker().calibrate(which, CALIBRATION_SEC);
  attachSource();
  calibratedOn = source()?.name ?? null;
  const instruction = which === 'open' ? `Eyes open, relax for ${CALIBRATION_SEC} seconds.` : `Close your eyes for ${CALIBRATION_SEC} seconds.`;
  playCue('start');
  speak(instruction);
  announce(instruction);
}

export function useCalibration(): void {
  setNfError(null);
  ensureWorker().useCalibration(nfChoices().target);
}

/** Uses the calibration kept for this device (no calibration steps needed). */
export function useKeptCalibration(): void {
  setNfError(null);
  const kept = nfKeptCalibration();
  if (!kept) throw new Error('No calibration is kept for this headset and metric: calibrate (eyes open, eyes closed).');
  calibratedOn = kept.device;
  ensureWorker().setCalibration(kept.calibration);
  announce(`Using the calibration made on ${kept.device}.`);
}

/** When the program's second 0 is heard (the audio clock), retried over the first quanta; undefined if not known. */
async function programStartHostMs(): Promise<number | undefined> {
  for (let i = 0; i < 20; i++) {
    const at = await heardAtHostMs(0);
    if (at !== null) return at;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}

/** Starts the neurofeedback sound (call from a click) and the loop that steers it. */
export async function startTraining(): Promise<void> {
  const nf = ensureWorker();
  const { target, direction, threshold, auto } = nfChoices();
  const mapping = nfMapping();
  if (mapping.error !== null) throw new Error(`The mapping cannot be used: ${mapping.error}`);
  const schedule = nfSound() === 'schedule' ? nfSchedule() : null;
  if (nfSound() === 'schedule' && !schedule) throw new Error('Preview a schedule first (Schedule card), or train with the preset.');
  if (nfNeedsCalibration() && !nfStatus()?.calibration)
    throw new Error('The mapping reads your training score: calibrate (eyes open, eyes closed) and use the calibration first.');
  let program: Program;
  if (schedule) program = structuredClone(schedule.program);
  else {
    program = programFromRequest({
      mode: target === 'relaxation' ? 'relax' : 'focus',
      frequency: target === 'relaxation' ? 10 : 18,
      duration: 3600,
      amplitude: 0.7,
    });
  }
  if (program.voices.length < 32) program.voices.push({ kind: 'bell', level: 0.4, carrierHz: 880 });
  // The worklet plays up to the first watched step; the worker sends the rest as the conditions allow.
  await play(splitHeldProgram(program).played, SOUND_LABEL);
  const port = eventPort();
  if (!port) throw new Error('the neurofeedback sound did not start');
  trainedProgram = program;
  const startHostMs = await programStartHostMs();
  nf.startTraining(
    {
      direction,
      threshold,
      targetRewardRate: auto ? 0.6 : undefined,
      mappings: mapping.set,
      program,
      ...(startHostMs !== undefined ? { programStartHostMs: startHostMs } : {}),
    },
    port,
    outputLatencySec() * 1000,
  );
  announce('Training started.');
}

export function stopTraining(): void {
  worker?.stopTraining();
  latencySaver.flush();
  // A held schedule's later steps come from the loop: without it the sound would stay on the held step.
  if (trainedProgram?.holds?.length && playing() === SOUND_LABEL) {
    void stop();
    announce('Training stopped, and the schedule with it (its steps wait for the loop).');
  } else announce('Training stopped.');
}
