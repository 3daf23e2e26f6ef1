// Neurofeedback mapping: live analysis -> sound. Pure TS (no DOM, no audio), so it runs in any
// thread and is tested with synthetic feeds; the neurofeedback worker runs it on ALBI's analysis and sends
// toEvents() to the JONA worklet (workers/analysis/neurofeedback-engine.ts).
//
//   frame (relative alpha, theta/beta, quality, device time)
//     -> raw metric -> calibrated score (0 = eyes-open baseline, 1 = eyes-closed, for relaxation)
//     -> reward = score above (up-training) or below (down-training) the threshold
//     -> auto-threshold nudges the threshold toward a target reward rate
//     -> sound: noise-bed level, beat frequency, main-voice level, reward chime; paused on bad signal
import type { ProgramEvent } from '../../dsp-wasm/src/jona/program.ts';
import type { MetricChannels } from '../analysis/mapping-metrics.ts';

export type TrainingTarget = 'relaxation' | 'focus';

export interface AnalysisFrame {
  /** Fitted host time of the newest EEG sample in the analysed window, epoch ms (performance.timeOrigin based). */
  deviceTimeMs: number;
  /** Alpha (8-13 Hz) power / total power, 0..1. */
  relativeAlpha: number;
  /** Theta (4-8 Hz) / beta (13-30 Hz) power ratio. */
  thetaBetaRatio: number;
  /** Signal quality 0 (unusable) .. 1 (clean). */
  signalQuality: number;
  /** Group delay of the analysis filters/windows, ms (reported apart from the loop latency). */
  filterDelayMs?: number;
  /** Per-channel band powers, peak alpha and quality, for feedback mappings (mapping-metrics.ts). */
  channels?: MetricChannels;
}

/** Raw metric that rises with the trained state: relative alpha, or -ln(theta/beta) for focus. */
export function rawMetric(frame: AnalysisFrame, target: TrainingTarget): number {
  return target === 'relaxation' ? frame.relativeAlpha : -Math.log(Math.max(frame.thetaBetaRatio, 1e-6));
}

export interface Calibration {
  target: TrainingTarget;
  /** Raw metric at the score's 0 and 1 points. */
  zeroAt: number;
  oneAt: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Baseline from an eyes-open and an eyes-closed recording. Relaxation: eyes open = 0, eyes
 * closed = 1 (alpha rises with eyes closed). Focus: eyes closed = 0, eyes open = 1.
 */
export function calibrate(eyesOpen: AnalysisFrame[], eyesClosed: AnalysisFrame[], target: TrainingTarget): Calibration {
  const good = (fs: AnalysisFrame[]) => fs.filter((f) => f.signalQuality >= 0.5).map((f) => rawMetric(f, target));
  const open = good(eyesOpen);
  const closed = good(eyesClosed);
  if (open.length < 5 || closed.length < 5)
    throw new Error(`calibration needs at least 5 good-quality frames per condition (eyes open: ${open.length}, eyes closed: ${closed.length})`);
  const [zeroAt, oneAt] = target === 'relaxation' ? [mean(open), mean(closed)] : [mean(closed), mean(open)];
  if (Math.abs(oneAt - zeroAt) < 1e-3)
    throw new Error(`calibration conditions do not differ (${zeroAt.toFixed(4)} vs ${oneAt.toFixed(4)}): repeat eyes open / eyes closed`);
  return { target, zeroAt, oneAt };
}

export interface FeedbackOptions {
  /** Without one there is no score (NaN) and no reward: only the quality gate runs (mappings on the EEG itself need no baseline). */
  calibration: Calibration | null;
  direction?: 'up' | 'down';
  /** Starting threshold in score units (default 0.5). */
  threshold?: number;
  /** Auto-thresholding: reward rate to aim for (e.g. 0.6); omit for a fixed threshold. */
  targetRewardRate?: number;
  /** Time constant of the reward-rate estimate, s (default 30). */
  rateWindowSec?: number;
  /** Quality below this pauses feedback; it resumes after `resumeSec` above it. */
  minQuality?: number;
  resumeSec?: number;
  /** Sound ranges. */
  noiseLevel?: [number, number]; // level at score 0, at score 1
  beatHz?: [number, number];
  voiceLevel?: [number, number];
  /** Chime after this long in continuous reward, at most once per `chimeIntervalSec`. */
  chimeHoldSec?: number;
  chimeIntervalSec?: number;
  pausedGain?: number;
}

export interface FeedbackOutput {
  deviceTimeMs: number;
  score: number;
  threshold: number;
  rewarded: boolean;
  rewardRate: number;
  paused: boolean;
  noiseLevel: number;
  beatHz: number;
  voiceLevel: number;
  masterGain: number;
  chime: boolean;
  filterDelayMs: number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const lerp = ([a, b]: [number, number], t: number) => a + (b - a) * t;

/** A feedback loop's state. Call update() for each analysis frame (in time order). */
export function makeNeurofeedback(options: FeedbackOptions) {
  const o = {
    direction: 'up' as const,
    threshold: 0.5,
    rateWindowSec: 30,
    minQuality: 0.5,
    resumeSec: 1,
    noiseLevel: [0.3, 0.05] as [number, number],
    beatHz: [10, 10] as [number, number],
    voiceLevel: [0.5, 0.5] as [number, number],
    chimeHoldSec: 2,
    chimeIntervalSec: 10,
    pausedGain: 0.25,
    ...options,
  };
  const calibration = o.calibration;
  let threshold = o.threshold;
  let rewardRate = o.targetRewardRate ?? 0.5;
  let lastMs: number | undefined;
  let paused = false;
  let goodSinceMs: number | undefined;
  let rewardSinceMs: number | undefined;
  let lastChimeMs = -Infinity;

  function update(frame: AnalysisFrame): FeedbackOutput {
    const dtSec = lastMs === undefined ? 0 : Math.max(0, (frame.deviceTimeMs - lastMs) / 1000);
    lastMs = frame.deviceTimeMs;
    const score = calibration ? (rawMetric(frame, calibration.target) - calibration.zeroAt) / (calibration.oneAt - calibration.zeroAt) : Number.NaN;
    // Quality gate with hysteresis: pause at once, resume only after resumeSec of good signal.
    if (frame.signalQuality < o.minQuality || !Number.isFinite(frame.signalQuality) || (calibration && !Number.isFinite(score))) {
      paused = true;
      goodSinceMs = undefined;
    } else if (paused) {
      goodSinceMs ??= frame.deviceTimeMs;
      if (frame.deviceTimeMs - goodSinceMs >= o.resumeSec * 1000) paused = false;
    }
    let rewarded = false;
    let chime = false;
    if (!paused && calibration) {
      rewarded = o.direction === 'up' ? score > threshold : score < threshold;
      const alpha = 1 - Math.exp(-dtSec / o.rateWindowSec);
      rewardRate += ((rewarded ? 1 : 0) - rewardRate) * alpha;
      if (o.targetRewardRate !== undefined) {
        // Too many rewards -> make it harder (raise for up-training, lower for down-training).
        const step = (rewardRate - o.targetRewardRate) * alpha * 2;
        threshold += o.direction === 'up' ? step : -step;
      }
      if (rewarded) {
        rewardSinceMs ??= frame.deviceTimeMs;
        if (frame.deviceTimeMs - rewardSinceMs >= o.chimeHoldSec * 1000 && frame.deviceTimeMs - lastChimeMs >= o.chimeIntervalSec * 1000) {
          chime = true;
          lastChimeMs = frame.deviceTimeMs;
        }
      } else rewardSinceMs = undefined;
    } else rewardSinceMs = undefined;
    const t = calibration ? clamp01(o.direction === 'up' ? score : 1 - score) : 0;
    return {
      deviceTimeMs: frame.deviceTimeMs,
      score,
      threshold,
      rewarded,
      rewardRate,
      paused,
      noiseLevel: lerp(o.noiseLevel, t),
      beatHz: lerp(o.beatHz, t),
      voiceLevel: lerp(o.voiceLevel, t),
      masterGain: paused ? o.pausedGain : 1,
      chime,
      filterDelayMs: frame.filterDelayMs ?? 0,
    };
  }
  return {
    update,
    get threshold() {
      return threshold;
    },
  };
}

/**
 * Worklet events for an output: voice 0 = main binaural voice, 1 = noise bed, `chimeVoice` = bell.
 * Short ramps (50 ms) keep changes click-free without adding much latency.
 */
export function toEvents(out: FeedbackOutput, chimeVoice = 2, rampSec = 0.05): ProgramEvent[] {
  const events: ProgramEvent[] = [
    { type: 'param', atSec: 0, voice: 1, param: 'level', value: out.noiseLevel, rampSec },
    { type: 'param', atSec: 0, voice: 0, param: 'beatHz', value: out.beatHz, rampSec },
    { type: 'param', atSec: 0, voice: 0, param: 'level', value: out.voiceLevel, rampSec },
    { type: 'param', atSec: 0, voice: 'master', param: 'gain', value: out.masterGain, rampSec: 0.2 },
  ];
  if (out.chime) events.push({ type: 'trigger', atSec: 0, voice: chimeVoice });
  return events;
}

/** Loop latency: device sample time -> the moment the change is at the output, in ms. */
export function makeLatencyMeter(capacity = 512) {
  const values: number[] = [];
  return {
    record(deviceTimeMs: number, heardAtMs: number): number {
      const latency = heardAtMs - deviceTimeMs;
      values.push(latency);
      if (values.length > capacity) values.shift();
      return latency;
    },
    percentile(p: number): number {
      if (values.length === 0) return Number.NaN;
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    },
    get count() {
      return values.length;
    },
  };
}
