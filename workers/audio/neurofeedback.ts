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
import type { BandName } from '../../dsp-wasm/src/analysis-types.ts';
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

/** The raw metric over one calibration condition's good frames. */
export interface ConditionStats {
  mean: number;
  sd: number;
  frames: number;
}

export const BAND_NAMES: BandName[] = ['delta', 'theta', 'alpha', 'beta', 'gamma'];

export interface Calibration {
  target: TrainingTarget;
  /** Raw metric at the score's 0 and 1 points. */
  zeroAt: number;
  oneAt: number;
  /** Spread of the raw metric in each condition (the probability's two distributions); absent in an old calibration. */
  open?: ConditionStats;
  closed?: ConditionStats;
  /** Mean relative power of each band (mean over the channels) in each condition: the reasons' reference. */
  bands?: { open: Partial<Record<BandName, number>>; closed: Partial<Record<BandName, number>> };
  /** When it was made, epoch ms. */
  madeAtMs?: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
};

/** Mean relative power of each band over the channels of one frame (bands absent where not computed). */
export function frameBands(frame: AnalysisFrame): Partial<Record<BandName, number>> {
  const out: Partial<Record<BandName, number>> = {};
  const channels = Object.values(frame.channels ?? {}).filter((c) => c.relative);
  if (!channels.length) return out;
  for (const band of BAND_NAMES) out[band] = mean(channels.map((c) => c.relative![band]));
  return out;
}

function meanBands(frames: AnalysisFrame[]): Partial<Record<BandName, number>> {
  const out: Partial<Record<BandName, number>> = {};
  const each = frames.map(frameBands);
  for (const band of BAND_NAMES) {
    const values = each.map((b) => b[band]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (values.length) out[band] = mean(values);
  }
  return out;
}

/**
 * Baseline from an eyes-open and an eyes-closed recording. Relaxation: eyes open = 0, eyes
 * closed = 1 (alpha rises with eyes closed). Focus: eyes closed = 0, eyes open = 1.
 */
export function calibrate(eyesOpen: AnalysisFrame[], eyesClosed: AnalysisFrame[], target: TrainingTarget): Calibration {
  const goodFrames = (fs: AnalysisFrame[]) => fs.filter((f) => f.signalQuality >= 0.5 && Number.isFinite(rawMetric(f, target)));
  const openFrames = goodFrames(eyesOpen);
  const closedFrames = goodFrames(eyesClosed);
  const open = openFrames.map((f) => rawMetric(f, target));
  const closed = closedFrames.map((f) => rawMetric(f, target));
  if (open.length < 5 || closed.length < 5)
    throw new Error(`calibration needs at least 5 good-quality frames per condition (eyes open: ${open.length}, eyes closed: ${closed.length})`);
  const [zeroAt, oneAt] = target === 'relaxation' ? [mean(open), mean(closed)] : [mean(closed), mean(open)];
  if (Math.abs(oneAt - zeroAt) < 1e-3)
    throw new Error(`calibration conditions do not differ (${zeroAt.toFixed(4)} vs ${oneAt.toFixed(4)}): repeat eyes open / eyes closed`);
  return {
    target,
    zeroAt,
    oneAt,
    open: { mean: mean(open), sd: sd(open), frames: open.length },
    closed: { mean: mean(closed), sd: sd(closed), frames: closed.length },
    bands: { open: meanBands(openFrames), closed: meanBands(closedFrames) },
  };
}

/**
 * The score as a probability, with its 95 % interval.
 *
 * The two calibration conditions are two distributions of the raw metric m (relative alpha, or
 * -ln theta/beta for focus): N(μ₀, σ²) at the score's 0 (eyes open for relaxation) and N(μ₁, σ²) at
 * its 1 (eyes closed), σ² pooled over both ((n₀-1)s₀² + (n₁-1)s₁²) / (n₀+n₁-2). With equal priors,
 *
 *   P(state 1 | m) = 1 / (1 + exp(-(μ₁-μ₀)/σ² · (m - (μ₀+μ₁)/2)))        (linear discriminant)
 *
 * evaluated at m̄, the mean of the recent frames. The interval is P at m̄ ± 1.96·SE (P is monotone in
 * m, so the ends map to the ends), SE = s / √n_eff: s the spread of the recent frames (the baseline's σ
 * while there are fewer than 4), n_eff the number of non-overlapping windows they cover (consecutive
 * analyses share most of their window, so the frame count would overstate the evidence). A pooled
 * variance keeps P monotone in m (unequal variances give a quadratic boundary whose second crossing is
 * an artifact of a 20 s baseline); a bootstrap over the baseline frames was not chosen because those
 * frames overlap too and it would cost a resampling per update.
 */
export function scoreProbability(
  calibration: Calibration,
  recent: number[],
  windowSec: number,
  hopSec: number,
): { p: number; low: number; high: number; frames: number } | null {
  const { open, closed } = calibration;
  if (!open || !closed || recent.length === 0) return null;
  const [zero, one] = calibration.target === 'relaxation' ? [open, closed] : [closed, open];
  const dof = zero.frames + one.frames - 2;
  const pooled = dof > 0 ? ((zero.frames - 1) * zero.sd ** 2 + (one.frames - 1) * one.sd ** 2) / dof : Number.NaN;
  const variance = Math.max(pooled, 1e-12);
  if (!Number.isFinite(variance)) return null;
  const slope = (one.mean - zero.mean) / variance;
  const middle = (zero.mean + one.mean) / 2;
  const p = (m: number) => 1 / (1 + Math.exp(-slope * (m - middle)));
  const level = mean(recent);
  const spread = recent.length >= 4 ? sd(recent) : Math.sqrt(variance);
  const spanSec = (recent.length - 1) * hopSec + windowSec;
  const independent = Math.max(1, spanSec / windowSec);
  const half = (1.96 * spread) / Math.sqrt(independent);
  const [a, b] = [p(level - half), p(level + half)];
  return { p: p(level), low: Math.min(a, b), high: Math.max(a, b), frames: recent.length };
}

export interface BandMove {
  band: BandName;
  /** Mean relative power now and in the baseline it is compared with. */
  now: number;
  baseline: number;
  /** now / baseline - 1. */
  change: number;
}

/**
 * The bands whose relative power moved against the score's 0 baseline (eyes open for relaxation,
 * eyes closed for focus) by at least `minChange` (default 20 %), largest move first.
 */
export function bandsMoved(calibration: Calibration, now: Partial<Record<BandName, number>>, minChange = 0.2): BandMove[] {
  const reference = calibration.bands?.[calibration.target === 'relaxation' ? 'open' : 'closed'];
  if (!reference) return [];
  const moves: BandMove[] = [];
  for (const band of BAND_NAMES) {
    const baseline = reference[band];
    const value = now[band];
    if (baseline === undefined || value === undefined || !(baseline > 0) || !Number.isFinite(value)) continue;
    const change = value / baseline - 1;
    if (Math.abs(change) >= minChange) moves.push({ band, now: value, baseline, change });
  }
  return moves.sort((x, y) => Math.abs(y.change) - Math.abs(x.change));
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
  /** Analysis window and the time between analyses, s: the probability's independent-window count. */
  windowSec?: number;
  hopSec?: number;
  /** Seconds of recent frames the probability averages (default 8). */
  probabilitySec?: number;
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
  /** P(score's 1 state | recent metric) with its 95 % interval (scoreProbability); null without a baseline's spread or while paused. */
  probability: { p: number; low: number; high: number; frames: number } | null;
  /** The bands that moved against the score's 0 baseline (bandsMoved). */
  moved: BandMove[];
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
    windowSec: 4,
    hopSec: 0.5,
    probabilitySec: 8,
    ...options,
  };
  const recent: Array<{ ms: number; metric: number }> = [];
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
    let probability: FeedbackOutput['probability'] = null;
    let moved: BandMove[] = [];
    if (calibration && !paused) {
      recent.push({ ms: frame.deviceTimeMs, metric: rawMetric(frame, calibration.target) });
      while (recent.length > 1 && frame.deviceTimeMs - recent[0]!.ms >= o.probabilitySec * 1000) recent.shift();
      probability = scoreProbability(
        calibration,
        recent.map((r) => r.metric),
        o.windowSec,
        o.hopSec,
      );
      moved = bandsMoved(calibration, frameBands(frame));
    } else recent.length = 0; // a pause starts the average again
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
      filterDelayMs: frame.filterDelayMs ?? Number.NaN,
      probability,
      moved,
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
/** Width of a latency histogram bin, ms, and their number (0 .. 1 s; longer ones go in the last). */
export const LATENCY_BIN_MS = 10;
const LATENCY_BINS = 100;

/** Loop latencies counted per bin: counts[i] is [i * binMs, (i + 1) * binMs) ms; the last bin is open-ended. */
export interface LatencyHistogram {
  binMs: number;
  counts: number[];
}

export function makeLatencyMeter(capacity = 512) {
  const values: number[] = [];
  // Every latency since the meter was made, in LATENCY_BIN_MS bins (the last one holds all longer ones):
  // the session summary's histogram, which, unlike the percentiles, covers the whole training.
  const bins = new Array<number>(LATENCY_BINS).fill(0);
  return {
    record(deviceTimeMs: number, heardAtMs: number): number {
      const latency = heardAtMs - deviceTimeMs;
      values.push(latency);
      if (values.length > capacity) values.shift();
      bins[Math.min(LATENCY_BINS - 1, Math.max(0, Math.floor(latency / LATENCY_BIN_MS)))]!++;
      return latency;
    },
    percentile(p: number): number {
      if (values.length === 0) return Number.NaN;
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    },
    /** Counts per LATENCY_BIN_MS bin from 0 ms; the last bin also counts everything above it. */
    histogram(): LatencyHistogram {
      return { binMs: LATENCY_BIN_MS, counts: [...bins] };
    },
    get count() {
      return values.length;
    },
  };
}
