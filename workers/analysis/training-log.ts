// What a training did, for its session summary: the score once a second with its 95 % interval,
// whether it was in the target, the pauses with their reasons, the loop latency histogram and the
// entrainment verdict. Fed with every status the neurofeedback engine emits (neurofeedback.worker.ts)
// and kept small: a point per second (an hour is 3,600 points) and pauses merged while their reason
// holds. The page saves the log with the session being recorded; the Sessions screen draws it.
import type { LatencyHistogram } from '../audio/neurofeedback.ts';
import type { EntrainmentResult } from './entrainment.ts';
import type { NeurofeedbackStatus } from './neurofeedback-engine.ts';

/** One second of training: the score (0..1), P(score's 1 state) with its 95 % interval, and what it was doing. */
export interface TrainingPoint {
  /** Seconds since training started. */
  t: number;
  score: number;
  /** Null while paused or before the baseline's spread is known. */
  probability: { p: number; low: number; high: number } | null;
  /** The score was on the rewarded side of the threshold. */
  inTarget: boolean;
  paused: boolean;
}

/** A pause of the feedback: why, and from when to when (seconds since training started). */
export interface TrainingPause {
  reason: string;
  startSec: number;
  endSec: number;
}

export interface TrainingLog {
  /** Host epoch ms at which training started (the first status of the training). */
  startedAtMs: number;
  /** Seconds from the first to the latest status of the training. */
  durationSec: number;
  /** The calibration's target (relaxation, focus); null when training ran on mappings alone. */
  target: string | null;
  threshold: number | null;
  points: TrainingPoint[];
  pauses: TrainingPause[];
  latency: (LatencyHistogram & { p50Ms: number; p95Ms: number; p99Ms: number; count: number; windowMs: number; filterDelayMs: number }) | null;
  /** The latest entrainment verdict reached (not "not enough data" unless none was). */
  entrainment: { beatHz: number | null; words: string; result: EntrainmentResult | null } | null;
}

/** The reason the engine gives for a pause ("blink", "poor signal on TP9", ...); poor signal where an engine gave none. */
function pauseReason(status: NeurofeedbackStatus): string {
  return status.output?.pauseReason || 'poor signal quality';
}

/**
 * A log of trainings: `start(nowMs)` when one starts, `record(status)` on every status while it runs,
 * `log()` the latest training's log (null before any).
 */
export function makeTrainingLog() {
  let log: TrainingLog | null = null;
  let running = false;
  let lastPointSec = Number.NEGATIVE_INFINITY;
  let openPause: TrainingPause | null = null;

  return {
    start(nowMs: number): void {
      log = { startedAtMs: nowMs, durationSec: 0, target: null, threshold: null, points: [], pauses: [], latency: null, entrainment: null };
      running = true;
      lastPointSec = Number.NEGATIVE_INFINITY;
      openPause = null;
    },
    /** Ends the training: the log stays as it is (a pause open now ends here). */
    stop(): void {
      running = false;
      openPause = null;
    },
    record(status: NeurofeedbackStatus, nowMs: number): void {
      if (!log || !running || status.phase !== 'training') return;
      const t = (nowMs - log.startedAtMs) / 1000;
      log.durationSec = t;
      log.target = status.calibration?.target ?? log.target;
      const out = status.output;
      if (out) {
        log.threshold = out.threshold;
        if (out.paused) {
          const reason = pauseReason(status);
          if (openPause && openPause.reason === reason) openPause.endSec = t;
          else {
            if (openPause) openPause.endSec = t;
            openPause = { reason, startSec: t, endSec: t };
            log.pauses.push(openPause);
          }
        } else if (openPause) {
          openPause.endSec = t;
          openPause = null;
        }
        if (t - lastPointSec >= 1) {
          lastPointSec = t;
          log.points.push({
            t: Math.round(t * 10) / 10,
            score: out.score,
            probability: out.probability ? { p: out.probability.p, low: out.probability.low, high: out.probability.high } : null,
            inTarget: out.rewarded,
            paused: out.paused,
          });
        }
      }
      if (status.latency)
        log.latency = {
          binMs: status.latency.histogram.binMs,
          counts: [...status.latency.histogram.counts],
          p50Ms: status.latency.p50Ms,
          p95Ms: status.latency.p95Ms,
          p99Ms: status.latency.p99Ms,
          count: status.latency.count,
          windowMs: status.latency.windowMs,
          filterDelayMs: status.latency.filterDelayMs,
        };
      const e = status.entrainment;
      if (e && (e.result || !log.entrainment?.result)) log.entrainment = { beatHz: e.beatHz, words: e.words, result: e.result };
    },
    log: (): TrainingLog | null => log,
  };
}
