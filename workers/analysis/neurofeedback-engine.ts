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
  type TrainingTarget,
} from '../audio/neurofeedback.ts';
import { AnalysisWindow } from './analysis-window.ts';

/** Seconds of signal each analysis looks at, and the least it needs after a gap. */
export const ANALYSIS_WINDOW_SEC = 4;
export const ANALYSIS_MIN_SEC = 2;

export type NeurofeedbackPhase = 'idle' | 'calibrating-open' | 'calibrating-closed' | 'training';

export interface NeurofeedbackStatus {
  /** Whether a stream is attached (a device or a replay). */
  attached: boolean;
  phase: NeurofeedbackPhase;
  /** Good and bad frames gathered per calibration condition. */
  calibrationFrames: { open: number; closed: number };
  /** Seconds left in the calibration step that runs, 0 otherwise. */
  calibrationLeftSec: number;
  calibration: Calibration | null;
  output: FeedbackOutput | null;
  /** Feedback updates sent to the sound since training started (each one tagged with its number). */
  updates: number;
  latency: { p50Ms: number; p95Ms: number; count: number } | null;
  analysedFrames: number;
  error: string | null;
  /** The mappings in use (validated), with where each parameter is and is heading; null without. */
  mapping: { mappings: FeedbackMapping[]; states: MappingState[] } | null;
  /** The held timeline of a program with conditions; null without. */
  schedule: ScheduleStatus | null;
}

export type TrainingOptions = Omit<FeedbackOptions, 'calibration'> & {
  /** A mapping set, `{ mappings: [...] }` (JSON value, validated here); needs `program`. */
  mappings?: unknown;
  /** The program the sound plays (its voices are what mappings steer; its holds are run here). */
  program?: Program;
};

export interface EngineDeps {
  analyze(channels: Array<{ label: string; samples: Float64Array }>, sampleRateHz: number): Promise<AnalysisResult> | AnalysisResult;
  /** Host clock, epoch ms (performance.timeOrigin + performance.now()). */
  now(): number;
  /** Sends one update's events to the sound; `tag` numbers the update. False when no sound listens. */
  sendToSound(events: ProgramEvent[], tag: number): boolean;
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
    relativeAlpha: mean((c) => c.bands!.relative.alpha),
    thetaBetaRatio: mean((c) => c.bands!.absolute.theta) / mean((c) => c.bands!.absolute.beta),
    signalQuality: mean((c) => c.quality.score, channels),
    channels: getChannelMetrics(result),
  };
}

export class NeurofeedbackEngine {
  private window: AnalysisWindow | null = null;
  private labels: string[] = [];
  private analysedEnd = -1;
  private analysing = false;
  private phase: NeurofeedbackPhase = 'idle';
  private calibrationEndsAtMs = 0;
  private readonly gathered: { open: AnalysisFrame[]; closed: AnalysisFrame[] } = { open: [], closed: [] };
  private calibration: Calibration | null = null;
  private loop: ReturnType<typeof makeNeurofeedback> | null = null;
  private outputLatencyMs = 0;
  private meter = makeLatencyMeter();
  private output: FeedbackOutput | null = null;
  private updates = 0;
  private analysedFrames = 0;
  private error: string | null = null;
  private mapping: { mappings: FeedbackMapping[]; runner: ReturnType<typeof makeMappingRunner>; mastered: boolean } | null = null;
  private schedule: ReturnType<typeof makeScheduleRunner> | null = null;
  private chimeVoice = 2;
  private lastFrameMs: number | undefined;
  private wasPaused = false;

  constructor(private readonly deps: EngineDeps) {}

  /** Analyses `stream` from now on (a new device or replay replaces the previous one; training goes on). */
  attach(stream: { labels: string[]; sampleRateHz: number }): void {
    this.window = new AnalysisWindow(stream.labels.length, stream.sampleRateHz, ANALYSIS_WINDOW_SEC);
    this.labels = [...stream.labels];
    this.analysedEnd = -1;
    this.emit();
  }

  detach(): void {
    this.window = null;
    this.emit();
  }

  /** Adds frames drained from the acquisition ring. */
  feed(frames: Float64Array): void {
    this.window?.push(frames);
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
      this.calibration = calibrate(this.gathered.open, this.gathered.closed, target);
      this.error = null;
      return this.calibration;
    } catch (error) {
      this.error = (error as Error).message;
      throw error;
    } finally {
      this.emit();
    }
  }

  /** Starts training with the calibration in use; `outputLatencyMs` is the audio path after the worklet. */
  startTraining(options: TrainingOptions, outputLatencyMs: number): void {
    const { mappings, program, ...feedback } = options;
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
    this.loop = makeNeurofeedback({ ...feedback, calibration: this.calibration });
    this.outputLatencyMs = Number.isFinite(outputLatencyMs) ? Math.max(0, outputLatencyMs) : 0;
    this.meter = makeLatencyMeter();
    this.updates = 0;
    this.output = null;
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

  stopTraining(): void {
    this.loop = null;
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
    if (window.contiguousSamples < window.sampleRateHz * ANALYSIS_MIN_SEC) return;
    this.analysing = true;
    this.analysedEnd = window.endSample;
    const newestSampleHostMs = window.newestHostTimeMs;
    const channels = window.latest().map((samples, i) => ({ label: this.labels[i], samples }));
    try {
      const result = await this.deps.analyze(channels, window.sampleRateHz);
      if (window !== this.window) return; // the stream changed meanwhile
      this.analysedFrames++;
      this.onFrame(feedbackFrame(result, newestSampleHostMs));
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
      updates: this.updates,
      latency: this.meter.count ? { p50Ms: this.meter.percentile(50), p95Ms: this.meter.percentile(95), count: this.meter.count } : null,
      analysedFrames: this.analysedFrames,
      error: this.error,
      mapping: this.mapping ? { mappings: this.mapping.mappings, states: this.mapping.runner.states() } : null,
      schedule: this.schedule ? this.schedule.status(this.deps.now()) : null,
    };
  }

  private onFrame(frame: AnalysisFrame): void {
    if (this.phase === 'calibrating-open') this.gathered.open.push(frame);
    else if (this.phase === 'calibrating-closed') this.gathered.closed.push(frame);
    else if (this.phase === 'training' && this.loop) {
      const out = this.loop.update(frame);
      this.output = out;
      const events = this.mapping ? this.mappingEvents(frame, out) : toEvents(out);
      if (this.schedule) {
        const channels = frame.channels ?? {};
        events.push(...this.schedule.update(this.deps.now(), (spec) => (out.paused ? Number.NaN : getMetricValue(spec, channels, out.score))));
      }
      const tag = this.updates + 1;
      if (this.deps.sendToSound(events, tag)) {
        this.updates = tag;
        this.meter.record(frame.deviceTimeMs, this.deps.now() + this.outputLatencyMs);
      }
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

  private emit(): void {
    this.deps.onStatus(this.status());
  }
}
