// The neurofeedback loop as it runs in its worker, whatever screen the page shows:
//
//   acquisition frames -> AnalysisWindow (newest 4 s after the last gap) -> ALBI analyzeChannels every
//   500 ms -> feedback frame -> calibration (eyes open / closed) or training (makeNeurofeedback)
//   -> JONA events straight to the worklet's port, tagged -> loop latency
//
// Training with a program and mappings (feedback-mapping.ts): each analysis gives every mapping its
// metric (mapping-metrics.ts) and sends the ramps they ask for; a program with holds (a schedule with
// conditions) has its timeline run here from the first watched step on (schedule-runner.ts).
// Without mappings the classic loop steers the preset (noise bed, beat, level from the score).
//
// No thread plumbing here (the worker wires it; node tests drive it). The latency of an update runs
// from the fitted host time of the newest sample in the analysed window to the moment the change is
// heard: the time the events are sent plus the audio output latency the page measured.
import type { AnalysisResult } from '../../dsp-wasm/src/analysis-types.ts';
import type { Program, ProgramEvent } from '../../dsp-wasm/src/jona/program.ts';
import { makeMappingRunner, MappingError, parseMappingSet, type FeedbackMapping, type MappingState } from '../audio/feedback-mapping.ts';
import { checkMetricElectrodes, getChannelMetrics, getMetricValue } from './mapping-metrics.ts';
import { makeScheduleRunner, type ScheduleStatus } from './schedule-runner.ts';
import {
  calibrate,
  makeLatencyMeter,
  makeNeurofeedback,
  toEvents,
  type AnalysisFrame,
  type Calibration,
  type FeedbackOptions,
  type FeedbackOutput,
  type LatencyHistogram,
  type TrainingTarget,
} from '../audio/neurofeedback.ts';
import { AnalysisWindow } from './analysis-window.ts';
import { getGroupDelay } from '../../dsp-wasm/src/filter-design.ts';
import { measureEntrainment, type EntrainmentResult } from './entrainment.ts';
import { FRAME_HEADER_VALUES } from '../protocol/streams.ts';
import {
  ARTIFACT_CLEAN_MIN_SEC,
  ARTIFACT_REFRACTORY_SEC,
  blinksOf,
  findMotion,
  makeEmgDetector,
  type Artifact,
  type EmgBaseline,
  type FeedbackPause,
} from './artifact-gate.ts';

/** Seconds of signal each analysis looks at, and the least it needs after a gap. */
export const ANALYSIS_WINDOW_SEC = 4;
export const ANALYSIS_MIN_SEC = 2;

/** The band the loop trains on, and the frequency at which a filter's delay matters (alpha's centre). */
export const BAND_OF_INTEREST_HZ = 10.5;
/**
 * The causal filters the loop's analysis applies before its band powers, as second-order sections.
 * None: ALBI's band powers are Welch over the window (artifact detection filters zero-phase, apart
 * from the powers), so the filter delay is an honest 0 and the delay that counts is the window's own
 * (half of it, reported apart). A filter added here has its delay computed from its design.
 */
export const ANALYSIS_CAUSAL_FILTERS: Float64Array[] = [];

/** Group delay of the analysis filters at the band of interest, ms (getGroupDelay of each design). */
export function analysisFilterDelayMs(sampleRateHz: number, filters = ANALYSIS_CAUSAL_FILTERS): number {
  return filters.reduce((sum, sos) => sum + getGroupDelay(sos, BAND_OF_INTEREST_HZ, sampleRateHz) * 1000, 0);
}

/** Entrainment is measured every this often (host ms) over the EEG since the beat last changed (at most the newest ENTRAINMENT_KEEP_SEC). */
export const ENTRAINMENT_EVERY_MS = 3000;
export const ENTRAINMENT_KEEP_SEC = 60;

export interface EntrainmentStatus {
  /** The constant beat (or pulse) measured against, Hz; null when none plays or it keeps changing. */
  beatHz: number | null;
  /** Seconds of EEG gathered since the beat last changed. */
  seconds: number;
  result: EntrainmentResult | null;
  /** What to show: the verdict's words, or why there is none yet. */
  words: string;
}

/** Seconds of accelerometer frames kept for the movement check. */
const MOTION_KEEP_SEC = 2;

/** A calibration as the engine keeps it: with each temporal/frontal channel's EMG baseline (artifact-gate.ts). */
export type EngineCalibration = Calibration & { emgBaselineUv2?: EmgBaseline };

/**
 * A training update: the loop's output and, while paused, why ("blink", "jaw clench", "movement",
 * "poor signal on TP9"); the engine always sets `pauseReason` (null when not paused).
 */
export type EngineOutput = FeedbackOutput & { pauseReason?: string | null };

export type NeurofeedbackPhase = 'idle' | 'calibrating-open' | 'calibrating-closed' | 'training';

export interface NeurofeedbackStatus {
  /** Whether a stream is attached (a device or a replay). */
  attached: boolean;
  phase: NeurofeedbackPhase;
  /** Good and bad frames gathered per calibration condition. */
  calibrationFrames: { open: number; closed: number };
  /** Seconds left in the calibration step that runs, 0 otherwise. */
  calibrationLeftSec: number;
  calibration: EngineCalibration | null;
  output: EngineOutput | null;
  /**
   * The pauses of the running (or last) training, oldest first: reason as `output.pauseReason` says
   * it, host epoch ms from the update that paused to the one that resumed (`endMs` null while it lasts).
   * Always there in the engine's status (optional only for statuses made elsewhere, e.g. in tests).
   */
  pauses?: FeedbackPause[];
  /** Feedback updates sent to the sound since training started (each one tagged with its number). */
  updates: number;
  /**
   * Loop latency (newest sample -> sound out), and beside it, never added in: the analysed window,
   * its own delay (half the window: the centre of a Welch estimate) and the causal filters' group delay.
   */
  latency: {
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
    count: number;
    /** Every update since training started (the percentiles cover the latest 512). */
    histogram: LatencyHistogram;
    windowMs: number;
    windowDelayMs: number;
    filterDelayMs: number;
  } | null;
  analysedFrames: number;
  error: string | null;
  /** The mappings in use (validated), with where each parameter is and is heading; null without. */
  mapping: { mappings: FeedbackMapping[]; states: MappingState[] } | null;
  /** The held timeline of a program with conditions; null without. */
  schedule: ScheduleStatus | null;
  /** Whether the EEG follows the beat (while training with a beat or pulse); null otherwise. */
  entrainment: EntrainmentStatus | null;
}

export type TrainingOptions = Omit<FeedbackOptions, 'calibration'> & {
  /** A mapping set, `{ mappings: [...] }` (JSON value, validated here); needs `program`. */
  mappings?: unknown;
  /** The program the sound plays (its voices are what mappings steer; its holds are run here). */
  program?: Program;
  /** Host time (epoch ms) at which the program's second 0 is heard (the audio clock); the beat's phase is referred to it. */
  programStartHostMs?: number;
};

export interface EngineDeps {
  analyze(channels: Array<{ label: string; samples: Float64Array }>, sampleRateHz: number): Promise<AnalysisResult> | AnalysisResult;
  /** Host clock, epoch ms (performance.timeOrigin + performance.now()). */
  now(): number;
  /**
   * Sends one update's events to the sound; `tag` numbers the update, `sourceMs` is the host time of
   * the newest sample in its window (the worklet keeps both, for the latency to the rendered audio).
   * False when no sound listens.
   */
  sendToSound(events: ProgramEvent[], tag: number, sourceMs: number): boolean;
  onStatus(status: NeurofeedbackStatus): void;
}

/** The neurofeedback view of one analysis result: means over the channels. */
export function feedbackFrame(result: AnalysisResult, newestSampleHostMs: number): AnalysisFrame {
  const channels = Object.values(result.channels);
  const withBands = channels.filter((c) => c.bands);
  const mean = (f: (c: (typeof channels)[number]) => number, list = withBands) =>
    list.length ? list.reduce((s, c) => s + f(c), 0) / list.length : Number.NaN;
  return {
    deviceTimeMs: newestSampleHostMs,
    filterDelayMs: analysisFilterDelayMs(result.sampleRateHz),
    relativeAlpha: mean((c) => c.bands!.relative.alpha),
    thetaBetaRatio: mean((c) => c.bands!.absolute.theta) / mean((c) => c.bands!.absolute.beta),
    signalQuality: mean((c) => c.quality.score, channels),
    channels: getChannelMetrics(result),
  };
}

/** What is wrong with a kept calibration's EMG baseline (absent is fine: the running baseline is used), or null. */
function badEmgBaseline(baseline: unknown): string | null {
  if (baseline === undefined) return null;
  if (!baseline || typeof baseline !== 'object') return 'calibration.emgBaselineUv2 must be an object of channel -> µV²';
  for (const [label, v] of Object.entries(baseline)) {
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
      return `calibration.emgBaselineUv2.${label} must be a finite power >= 0, got ${String(v)}`;
  }
  return null;
}

/** Why the quality gate paused: the channels below its 0.5 ("poor signal on TP9, AF7"), else the signal as a whole. */
export function poorSignalReason(frame: AnalysisFrame, minQuality = 0.5): string {
  const poor = Object.entries(frame.channels ?? {})
    .filter(([, c]) => !(c.quality >= minQuality))
    .map(([label]) => label);
  return poor.length ? `poor signal on ${poor.join(', ')}` : 'poor signal';
}

export class NeurofeedbackEngine {
  private window: AnalysisWindow | null = null;
  private labels: string[] = [];
  private analysedEnd = -1;
  private analysing = false;
  private phase: NeurofeedbackPhase = 'idle';
  private calibrationEndsAtMs = 0;
  private readonly gathered: { open: AnalysisFrame[]; closed: AnalysisFrame[] } = { open: [], closed: [] };
  private calibration: EngineCalibration | null = null;
  private loop: ReturnType<typeof makeNeurofeedback> | null = null;
  private outputLatencyMs = 0;
  private meter = makeLatencyMeter();
  private output: EngineOutput | null = null;
  private pauses: FeedbackPause[] = [];
  private readonly emg = makeEmgDetector();
  /** The analysis window restarts here after an artifact (stream sample), -1 before any. */
  private cutAtSample = -1;
  /** Accelerometer frames of the newest MOTION_KEEP_SEC (| index | hostTimeMs | axes... |). */
  private motion: { frames: Float64Array; axes: number; sampleRateHz: number } | null = null;
  private updates = 0;
  private analysedFrames = 0;
  private error: string | null = null;
  private mapping: { mappings: FeedbackMapping[]; runner: ReturnType<typeof makeMappingRunner>; mastered: boolean } | null = null;
  private schedule: ReturnType<typeof makeScheduleRunner> | null = null;
  private chimeVoice = 2;
  private lastFrameMs: number | undefined;
  private wasPaused = false;
  private pausedGain = 0.25;
  private minQuality = 0.5;
  private windowMs = 0;
  private sampleRateHz = 0;
  /** The beat voice (binaural, monaural or isochronic) and the EEG gathered since its beat last changed. */
  private beat: {
    voice: number;
    hz: number | null;
    fixedByProgram: string | null;
    /** Host ms at which the current beat's phase is 0. */
    phaseZeroMs: number;
    samples: Float64Array;
    length: number;
    firstHostMs: number;
    nextIndex: number;
    lastMeasureMs: number;
    result: EntrainmentResult | null;
  } | null = null;

  constructor(private readonly deps: EngineDeps) {}

  /** Analyses `stream` from now on (a new device or replay replaces the previous one; training goes on). */
  attach(stream: { labels: string[]; sampleRateHz: number }): void {
    this.window = new AnalysisWindow(stream.labels.length, stream.sampleRateHz, ANALYSIS_WINDOW_SEC);
    this.labels = [...stream.labels];
    this.sampleRateHz = stream.sampleRateHz;
    this.analysedEnd = -1;
    this.cutAtSample = -1;
    this.motion = null;
    if (this.beat) {
      this.beat.samples = new Float64Array(Math.round(ENTRAINMENT_KEEP_SEC * stream.sampleRateHz));
      this.beat.length = 0;
    }
    this.emit();
  }

  detach(): void {
    this.window = null;
    this.motion = null;
    this.emit();
  }

  /** Adds accelerometer frames (g; the device's motion stream, where it has one): movements pause the loop. */
  feedMotion(frames: Float64Array, axes: number, sampleRateHz: number): void {
    if (!(axes > 0) || !(sampleRateHz > 0))
      throw new Error(`accelerometer frames need axes > 0 and a rate > 0, got ${axes} axes at ${sampleRateHz} Hz`);
    const width = FRAME_HEADER_VALUES + axes;
    const keep = Math.ceil(MOTION_KEEP_SEC * sampleRateHz) * width;
    const before = this.motion?.axes === axes ? this.motion.frames : new Float64Array(0);
    const joined = new Float64Array(before.length + frames.length - (frames.length % width));
    joined.set(before);
    joined.set(frames.subarray(0, joined.length - before.length), before.length);
    this.motion = { frames: joined.length > keep ? joined.slice(joined.length - keep) : joined, axes, sampleRateHz };
  }

  /** Adds frames drained from the acquisition ring. */
  feed(frames: Float64Array): void {
    this.window?.push(frames);
    this.gatherBeat(frames);
  }

  /** Starts a calibration step of `seconds`: frames analysed meanwhile count for that condition. */
  calibrate(which: 'open' | 'closed', seconds: number): void {
    if (this.phase === 'training') throw new Error('stop training before calibrating again');
    if (!(seconds > 0)) throw new Error(`a calibration step needs a positive duration, got ${seconds} s`);
    this.gathered[which] = [];
    this.phase = which === 'open' ? 'calibrating-open' : 'calibrating-closed';
    this.calibrationEndsAtMs = this.deps.now() + seconds * 1000;
    this.error = null;
    this.emit();
  }

  /** Turns the two calibration steps into the score's 0 and 1 points (a clear error when they cannot). */
  useCalibration(target: TrainingTarget): Calibration {
    try {
      const emgBaselineUv2 = this.emg.baseline() ?? undefined;
      this.calibration = {
        ...calibrate(this.gathered.open, this.gathered.closed, target),
        madeAtMs: this.deps.now(),
        ...(emgBaselineUv2 ? { emgBaselineUv2 } : {}),
      };
      this.error = null;
      return this.calibration;
    } catch (error) {
      this.error = (error as Error).message;
      throw error;
    } finally {
      this.emit();
    }
  }

  /** Uses a calibration kept from before (the page keeps them per device); checked, a clear error when it cannot be used. */
  setCalibration(calibration: EngineCalibration): EngineCalibration {
    const c = calibration as Partial<Calibration> | null;
    const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
    const problem = !c
      ? 'no calibration given'
      : c.target !== 'relaxation' && c.target !== 'focus'
        ? `calibration.target must be 'relaxation' or 'focus', got ${String(c.target)}`
        : !finite(c.zeroAt) || !finite(c.oneAt)
          ? 'calibration.zeroAt and calibration.oneAt must be finite numbers'
          : Math.abs(c.oneAt! - c.zeroAt!) < 1e-3
            ? 'calibration.zeroAt and calibration.oneAt do not differ'
            : badEmgBaseline((c as EngineCalibration).emgBaselineUv2);
    if (this.phase === 'training') throw new Error('stop training before changing the calibration');
    if (problem) {
      this.error = `the kept calibration cannot be used: ${problem}`;
      this.emit();
      throw new Error(this.error);
    }
    this.calibration = JSON.parse(JSON.stringify(calibration)) as EngineCalibration;
    const kept = this.calibration;
    this.error = null;
    this.emit();
    return kept;
  }

  /** Starts training with the calibration in use; `outputLatencyMs` is the audio path after the worklet. */
  startTraining(options: TrainingOptions, outputLatencyMs: number): void {
    const { mappings, program, programStartHostMs, ...feedback } = options;
    const needsCalibration = () => new Error('calibrate (eyes open, eyes closed) and use the calibration before training');
    // The classic loop is the score; a mapping set needs a calibration only when it reads the score.
    if (!this.calibration && (mappings === undefined || !program)) throw needsCalibration();
    // Everything is checked before anything changes: a refused start leaves a running training as it was.
    let mapping: NeurofeedbackEngine['mapping'];
    let schedule: NeurofeedbackEngine['schedule'];
    try {
      // With a program, only mappings steer it (none: the program plays as written, paused on poor signal).
      mapping = mappings === undefined && !program ? null : this.makeMapping(mappings ?? { mappings: [] }, program);
      const scored = mapping?.mappings.some((m) => m.metric.kind === 'score') || program?.holds?.some((h) => h.condition.metric.kind === 'score');
      if (!this.calibration && scored)
        throw new MappingError('a mapping or condition reads the training score: calibrate (eyes open, eyes closed) and use the calibration first');
      for (const [i, hold] of (program?.holds ?? []).entries()) {
        const problem = checkMetricElectrodes(hold.condition.metric, this.labels);
        if (problem) throw new MappingError(`holds[${i}].condition.metric (${hold.label ?? 'a step'}): ${problem}`);
      }
      schedule = program?.holds?.length ? makeScheduleRunner(program, this.deps.now()) : null;
    } catch (error) {
      this.error = (error as Error).message;
      this.emit();
      throw error;
    }
    this.mapping = mapping;
    this.schedule = schedule;
    this.chimeVoice = program ? program.voices.map((v) => v.kind).lastIndexOf('bell') : 2;
    this.lastFrameMs = undefined;
    this.wasPaused = false;
    this.loop = makeNeurofeedback({ ...feedback, calibration: this.calibration, windowSec: ANALYSIS_WINDOW_SEC, hopSec: 0.5 });
    this.beat = this.makeBeat(program, Number.isFinite(programStartHostMs) ? programStartHostMs! : this.deps.now());
    this.outputLatencyMs = Number.isFinite(outputLatencyMs) ? Math.max(0, outputLatencyMs) : 0;
    this.pausedGain = feedback.pausedGain ?? 0.25;
    this.minQuality = feedback.minQuality ?? 0.5;
    this.meter = makeLatencyMeter();
    this.updates = 0;
    this.output = null;
    this.pauses = [];
    this.windowMs = ANALYSIS_WINDOW_SEC * 1000;
    this.phase = 'training';
    this.error = null;
    this.emit();
  }

  private makeMapping(mappings: unknown, program: Program | undefined) {
    if (!program) throw new MappingError('a mapping needs the program it steers (options.program)');
    const set = parseMappingSet(mappings);
    set.mappings.forEach((m, i) => {
      const problem = checkMetricElectrodes(m.metric, this.labels);
      if (problem) throw new MappingError(`mapping.mappings[${i}].metric: ${problem}`);
    });
    const runner = makeMappingRunner(set.mappings, program);
    return { mappings: set.mappings, runner, mastered: runner.targets.some((t) => t.voice === 'master') };
  }

  /** The beat voice training plays and whether its frequency is constant over the program. */
  private makeBeat(program: Program | undefined, programStartHostMs: number): NeurofeedbackEngine['beat'] {
    const beatKinds = ['binaural', 'monaural', 'isochronic'];
    // Without a program the classic loop's preset plays: voice 0 is its binaural voice.
    const voice = program ? program.voices.findIndex((v) => beatKinds.includes(v.kind)) : 0;
    if (voice < 0) return null;
    const changes = program?.events.some((e) => e.type === 'param' && e.param === 'beatHz' && e.voice === voice && e.atSec > 0);
    const hz = program ? (program.voices[voice]!.beatHz ?? 10) : null; // the classic loop says its beat in its first update
    return {
      voice,
      hz,
      fixedByProgram: changes ? 'The program changes its beat as it plays: the check needs a beat that holds still.' : null,
      phaseZeroMs: programStartHostMs,
      samples: new Float64Array(Math.round(ENTRAINMENT_KEEP_SEC * (this.sampleRateHz || 256))),
      length: 0,
      firstHostMs: Number.NaN,
      nextIndex: -1,
      lastMeasureMs: -Infinity,
      result: null,
    };
  }

  /** A beat event just sent: a new frequency starts the gathering again, its phase 0 now (the worklet ramps from here). */
  private noteBeat(events: ProgramEvent[]): void {
    const beat = this.beat;
    if (!beat) return;
    for (const e of events) {
      if (e.type !== 'param' || e.param !== 'beatHz' || e.voice !== beat.voice) continue;
      if (beat.hz !== null && Math.abs(e.value - beat.hz) < 1e-3) continue;
      beat.hz = e.value;
      beat.phaseZeroMs = this.deps.now() + this.outputLatencyMs + (e.rampSec ?? 0) * 1000;
      beat.length = 0;
      beat.result = null;
    }
  }

  /** Adds frames to the entrainment buffer (mean over the channels), host time of its first sample kept. */
  private gatherBeat(frames: Float64Array): void {
    const beat = this.beat;
    if (!beat || this.phase !== 'training') return;
    const width = FRAME_HEADER_VALUES + this.labels.length;
    const capacity = beat.samples.length;
    for (let f = 0; f + width <= frames.length; f += width) {
      const index = frames[f]!;
      if (index !== beat.nextIndex) beat.length = 0; // a gap: epochs are contiguous
      beat.nextIndex = index + 1;
      let sum = 0;
      for (let c = 0; c < this.labels.length; c++) sum += frames[f + FRAME_HEADER_VALUES + c]!;
      if (beat.length === capacity) {
        // Full: the older half goes (at once, not a sample at a time); the first sample's host time moves on.
        const drop = Math.floor(capacity / 2);
        beat.samples.copyWithin(0, drop, capacity);
        beat.length -= drop;
        beat.firstHostMs += (drop * 1000) / this.sampleRateHz;
      }
      if (beat.length === 0) beat.firstHostMs = frames[f + 1]!;
      beat.samples[beat.length++] = sum / this.labels.length;
    }
  }

  private measureBeat(): void {
    const beat = this.beat;
    const now = this.deps.now();
    if (!beat || beat.hz === null || beat.fixedByProgram || now - beat.lastMeasureMs < ENTRAINMENT_EVERY_MS) return;
    beat.lastMeasureMs = now;
    // Gathered before the beat changed (first host time earlier than its phase 0): only from phase 0 on.
    const skip = Math.max(0, Math.ceil(((beat.phaseZeroMs - beat.firstHostMs) * this.sampleRateHz) / 1000));
    if (skip >= beat.length) return;
    try {
      beat.result = measureEntrainment({
        samples: beat.samples.subarray(skip, beat.length),
        sampleRateHz: this.sampleRateHz,
        stimulusHz: beat.hz,
        // The sample <-> host fit: sample 0 of the slice was taken at firstHostMs + skip / rate.
        stimulusPhaseZeroSample: ((beat.phaseZeroMs - beat.firstHostMs) * this.sampleRateHz) / 1000 - skip,
      });
    } catch (error) {
      beat.result = null;
      this.error = `entrainment check failed: ${(error as Error).message}`;
    }
  }

  private entrainmentStatus(): EntrainmentStatus | null {
    const beat = this.beat;
    if (!beat || this.phase !== 'training') return null;
    const seconds = this.sampleRateHz ? beat.length / this.sampleRateHz : 0;
    if (beat.fixedByProgram) return { beatHz: null, seconds: 0, result: null, words: beat.fixedByProgram };
    const hz = beat.hz === null ? 'the' : `the ${Number(beat.hz.toFixed(2))} Hz`;
    const words = beat.result
      ? `Following ${hz} beat: ${beat.result.words}`
      : `Following ${hz} beat: not enough data yet (${Math.floor(seconds)} s since the beat last changed; the check needs about 20 s of a steady beat).`;
    return { beatHz: beat.hz, seconds, result: beat.result, words };
  }

  stopTraining(): void {
    this.loop = null;
    this.beat = null;
    this.schedule = null;
    if (this.phase === 'training') this.phase = 'idle';
    this.emit();
  }

  /** Analyses the newest window when there are new samples; one analysis at a time. */
  async tick(): Promise<void> {
    if (this.phase.startsWith('calibrating') && this.deps.now() >= this.calibrationEndsAtMs) {
      this.phase = 'idle';
      this.emit();
    }
    const window = this.window;
    // Idle, nothing uses an analysis: the ring is still drained (feed), the kernels rest.
    if (this.phase === 'idle' || !window || this.analysing || window.endSample === this.analysedEnd) return;
    // After an artifact the clean signal that follows is enough once ALBI can take it (1 s); after a gap, 2 s.
    const afterArtifact = window.stretchStartSample === this.cutAtSample;
    if (window.contiguousSamples < window.sampleRateHz * (afterArtifact ? ARTIFACT_CLEAN_MIN_SEC : ANALYSIS_MIN_SEC)) {
      // Waiting for clean signal after an artifact: the pause holds, and the sound hears so at the usual pace.
      const reason = this.output?.pauseReason;
      if (afterArtifact && reason && this.phase === 'training' && window.endSample !== this.analysedEnd) {
        this.analysedEnd = window.endSample;
        this.onArtifact(reason, window.newestHostTimeMs);
        this.emit();
      }
      return;
    }
    this.analysing = true;
    this.analysedEnd = window.endSample;
    const newestSampleHostMs = window.newestHostTimeMs;
    const channels = window.latest().map((samples, i) => ({ label: this.labels[i]!, samples }));
    const startSample = window.endSample - channels[0]!.samples.length;
    // The window reported beside the latency: the analysed one, but not the short ones while the window
    // fills again after an artifact (a blink every few seconds would make it read 1-3 s most of the time).
    if (!afterArtifact) this.windowMs = (channels[0]!.samples.length / window.sampleRateHz) * 1000;
    try {
      const result = await this.deps.analyze(channels, window.sampleRateHz);
      if (window !== this.window) return; // the stream changed meanwhile
      this.analysedFrames++;
      const artifacts = this.findArtifacts(result.anomalies, channels, startSample, newestSampleHostMs);
      if (artifacts.length) {
        // The window holds an artifact: nothing is computed from it, and the next analyses start after it.
        const end = Math.max(...artifacts.map((a) => a.endSample));
        this.cutAtSample = end + Math.round(ARTIFACT_REFRACTORY_SEC * window.sampleRateHz);
        window.restartAt(this.cutAtSample);
        const newest = artifacts.reduce((a, b) => (b.endSample > a.endSample ? b : a));
        this.onArtifact(newest.kind, newestSampleHostMs);
      } else {
        if (this.phase.startsWith('calibrating')) this.emg.gather(channels, window.sampleRateHz);
        this.onFrame(feedbackFrame(result, newestSampleHostMs));
      }
      if (this.phase === 'training') this.measureBeat();
    } catch (error) {
      this.error = `analysis failed: ${(error as Error).message}`;
    } finally {
      this.analysing = false;
      this.emit();
    }
  }

  status(): NeurofeedbackStatus {
    const left = this.phase.startsWith('calibrating') ? Math.max(0, (this.calibrationEndsAtMs - this.deps.now()) / 1000) : 0;
    return {
      attached: this.window !== null,
      phase: this.phase,
      calibrationFrames: { open: this.gathered.open.length, closed: this.gathered.closed.length },
      calibrationLeftSec: left,
      calibration: this.calibration,
      output: this.output,
      pauses: this.pauses.map((p) => ({ ...p })),
      updates: this.updates,
      latency: this.meter.count
        ? {
            p50Ms: this.meter.percentile(50),
            p95Ms: this.meter.percentile(95),
            p99Ms: this.meter.percentile(99),
            count: this.meter.count,
            histogram: this.meter.histogram(),
            windowMs: this.windowMs,
            windowDelayMs: this.windowMs / 2,
            filterDelayMs: analysisFilterDelayMs(this.sampleRateHz),
          }
        : null,
      analysedFrames: this.analysedFrames,
      error: this.error,
      mapping: this.mapping ? { mappings: this.mapping.mappings, states: this.mapping.runner.states() } : null,
      schedule: this.schedule ? this.schedule.status(this.deps.now()) : null,
      entrainment: this.entrainmentStatus(),
    };
  }

  private onFrame(frame: AnalysisFrame): void {
    if (this.phase === 'calibrating-open') this.gathered.open.push(frame);
    else if (this.phase === 'calibrating-closed') this.gathered.closed.push(frame);
    else if (this.phase === 'training' && this.loop) {
      const loopOut = this.loop.update(frame);
      const out: EngineOutput = { ...loopOut, pauseReason: loopOut.paused ? poorSignalReason(frame, this.minQuality) : null };
      this.sendUpdate(frame, out);
    }
  }

  /** The artifacts in an analysed window: ALBI's blinks, jaw EMG, and movements the accelerometer saw while it was taken. */
  private findArtifacts(
    anomalies: AnalysisResult['anomalies'],
    channels: Array<{ label: string; samples: Float64Array }>,
    startSample: number,
    newestSampleHostMs: number,
  ): Artifact[] {
    const fs = this.sampleRateHz;
    const found = [...blinksOf(anomalies, startSample), ...this.emg.find(channels, fs, startSample, this.calibration?.emgBaselineUv2)];
    if (this.motion) {
      const endSample = startSample + channels[0]!.samples.length;
      const toSample = (hostMs: number) => Math.round(endSample - ((newestSampleHostMs - hostMs) * fs) / 1000);
      for (const span of findMotion(this.motion.frames, this.motion.axes, this.motion.sampleRateHz)) {
        const [s, e] = [toSample(span.startMs), toSample(span.endMs)];
        if (e > startSample && s < endSample) found.push({ kind: 'movement', channel: 'accel', startSample: s, endSample: e });
      }
    }
    return found;
  }

  /** A window with an artifact: calibration leaves it out; training pauses (nothing moves, the master gain goes down). */
  private onArtifact(reason: string, newestSampleHostMs: number): void {
    if (this.phase !== 'training' || !this.loop) return;
    const last = this.output;
    const out: EngineOutput = {
      ...(last ?? {
        score: Number.NaN,
        threshold: Number.NaN,
        rewardRate: Number.NaN,
        noiseLevel: Number.NaN,
        beatHz: Number.NaN,
        voiceLevel: Number.NaN,
        filterDelayMs: analysisFilterDelayMs(this.sampleRateHz),
      }),
      deviceTimeMs: newestSampleHostMs,
      paused: true,
      pauseReason: reason,
      rewarded: false,
      chime: false,
      masterGain: this.pausedGain,
      probability: null,
      moved: [],
    };
    this.sendUpdate(
      { deviceTimeMs: newestSampleHostMs, relativeAlpha: Number.NaN, thetaBetaRatio: Number.NaN, signalQuality: Number.NaN, channels: {} },
      out,
    );
  }

  /** Sends one training update to the sound, notes the pause it begins or ends, and its latency. */
  private sendUpdate(frame: AnalysisFrame, out: EngineOutput): void {
    this.output = out;
    this.notePause(out.pauseReason ?? null);
    const events: ProgramEvent[] = this.mapping ? this.mappingEvents(frame, out) : Number.isFinite(out.noiseLevel) ? toEvents(out) : [];
    // A paused update still tells the sound (the master gain held where the pause put it), so every
    // update reaches the worklet with its tag.
    if (out.paused && events.length === 0)
      events.push({ type: 'param', atSec: 0, voice: 'master', param: 'gain', value: out.masterGain, rampSec: 0.2 });
    if (this.schedule) {
      const channels = frame.channels ?? {};
      events.push(...this.schedule.update(this.deps.now(), (spec) => (out.paused ? Number.NaN : getMetricValue(spec, channels, out.score))));
    }
    const tag = this.updates + 1;
    if (this.deps.sendToSound(events, tag, frame.deviceTimeMs)) {
      this.updates = tag;
      this.noteBeat(events);
      this.meter.record(frame.deviceTimeMs, this.deps.now() + this.outputLatencyMs);
    }
  }

  /**
   * The mappings' ramps for this frame, the chime, and the master gain when the pause begins or ends
   * (only then: between, the program's own fades and any mapping on the master are left alone).
   */
  private mappingEvents(frame: AnalysisFrame, out: FeedbackOutput): ProgramEvent[] {
    const { mappings, runner, mastered } = this.mapping!;
    const dtSec = this.lastFrameMs === undefined ? 0 : Math.max(0, (frame.deviceTimeMs - this.lastFrameMs) / 1000);
    this.lastFrameMs = frame.deviceTimeMs;
    const values = mappings.map((m) => getMetricValue(m.metric, frame.channels ?? {}, out.score));
    const events: ProgramEvent[] = runner.update(values, dtSec, out.paused);
    if (out.paused !== this.wasPaused && (out.paused || !mastered))
      events.push({ type: 'param', atSec: 0, voice: 'master', param: 'gain', value: out.masterGain, rampSec: 0.2 });
    this.wasPaused = out.paused;
    if (out.chime && this.chimeVoice >= 0) events.push({ type: 'trigger', atSec: 0, voice: this.chimeVoice });
    return events;
  }

  /** Opens, changes or closes the pause record (host ms of the update). */
  private notePause(reason: string | null): void {
    const open = this.pauses.at(-1);
    const isOpen = open !== undefined && open.endMs === null;
    if (isOpen && open.reason === reason) return;
    const now = this.deps.now();
    if (isOpen) open.endMs = now;
    if (reason !== null) this.pauses.push({ reason, startMs: now, endMs: null });
  }

  private emit(): void {
    this.deps.onStatus(this.status());
  }
}
