// What pauses the neurofeedback loop besides poor signal: blinks, jaw clenches (EMG) and movement.
// Pure (no thread, no kernels): the engine hands it each analysed window and the accelerometer.
//
//   blinks      ALBI's own detector (analyzeChannels' 'blink' anomalies: 1-10 Hz deflections beyond
//               75 µV lasting 50-600 ms on Fp/AF channels), taken from the analysis as they are
//   jaw clench  30-45 Hz power in 250 ms blocks on temporal/frontal channels (where the masseter and
//               temporalis show) above EMG_RATIO x that channel's baseline: the calibration's median
//               block power, or without one the median of the clean blocks seen so far (last 60 s)
//   movement    any accelerometer axis ranging over more than MOTION_RANGE_G within 250 ms
//
// Every artifact is a span in stream samples (the engine converts the accelerometer's host times);
// the loop then analyses only what follows it by ARTIFACT_REFRACTORY_SEC, so no score is computed on
// a window that holds it.
import type { Anomaly } from '../../dsp-wasm/src/analysis-types.ts';

/** Seconds after an artifact ends that are left out too (a blink's slow return, a clench's tail). */
export const ARTIFACT_REFRACTORY_SEC = 0.5;
/** Least clean signal the loop analyses after an artifact, s (ALBI's band powers need 1 s). */
export const ARTIFACT_CLEAN_MIN_SEC = 1;
/** EMG band, Hz, its block length, s, and the ratio to the baseline that counts as a clench. */
export const EMG_BAND_HZ = [30, 45] as const;
export const EMG_BLOCK_SEC = 0.25;
export const EMG_RATIO = 5;
/** Channels where jaw EMG shows: temporal and frontal (T7, TP9, FT9, F7, AF7, Fp1, ...). */
const EMG_CHANNELS = /^(T|FT|F|AF|Fp)/i;
/** Accelerometer: a range over this many g within MOTION_BLOCK_SEC is a movement (head sway is ~0.01 g). */
export const MOTION_RANGE_G = 0.1;
export const MOTION_BLOCK_SEC = 0.25;
/** Clean blocks kept per channel for the baseline without a calibration (60 s of 250 ms blocks). */
const RUNNING_BLOCKS = 240;

export type ArtifactKind = 'blink' | 'jaw clench' | 'movement';

/** One artifact: what, where (stream samples, end exclusive) and on which channel ('accel' for movement). */
export interface Artifact {
  kind: ArtifactKind;
  channel: string;
  startSample: number;
  endSample: number;
}

/** A pause of the feedback: the reason as shown ("blink", "poor signal on TP9"), host epoch ms; endMs null while it lasts. */
export interface FeedbackPause {
  reason: string;
  startMs: number;
  endMs: number | null;
}

/** Median 30-45 Hz block power per channel, µV² (kept with a calibration). */
export type EmgBaseline = Record<string, number>;

/** Biquad coefficients [b0, b1, b2, a1, a2] (RBJ cookbook, Q = 1/√2: Butterworth). */
function biquad(kind: 'highpass' | 'lowpass', cornerHz: number, fs: number): number[] {
  const w = (2 * Math.PI * cornerHz) / fs;
  const alpha = Math.sin(w) / Math.SQRT2;
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  const b = kind === 'lowpass' ? [(1 - cos) / 2, 1 - cos, (1 - cos) / 2] : [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
  return [b[0]! / a0, b[1]! / a0, b[2]! / a0, (-2 * cos) / a0, (1 - alpha) / a0];
}

function filterInPlace(x: Float64Array, [b0, b1, b2, a1, a2]: number[]): void {
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i]!;
    const y0 = b0! * x0 + b1! * x1 + b2! * x2 - a1! * y1 - a2! * y2;
    x2 = x1;
    x1 = x0;
    y2 = y1;
    y1 = y0;
    x[i] = y0;
  }
}

/**
 * Mean square of `samples` in the EMG band (30-45 Hz, µV²) per EMG_BLOCK_SEC block, oldest first; the
 * first block is left out (the filters settle there). Empty when the rate cannot carry 45 Hz.
 * @example getEmgBlockPowers(tp9, 256) // [1.2, 1.1, 64, 70, 1.3, ...]
 */
export function getEmgBlockPowers(samples: Float64Array, fs: number): number[] {
  if (!(fs / 2 > EMG_BAND_HZ[1] * 1.1)) return [];
  const x = Float64Array.from(samples);
  const mean = x.reduce((s, v) => s + v, 0) / (x.length || 1);
  for (let i = 0; i < x.length; i++) x[i]! -= mean;
  filterInPlace(x, biquad('highpass', EMG_BAND_HZ[0], fs));
  filterInPlace(x, biquad('lowpass', EMG_BAND_HZ[1], fs));
  const block = Math.max(1, Math.round(EMG_BLOCK_SEC * fs));
  const out: number[] = [];
  for (let s = block; s + block <= x.length; s += block) {
    let sum = 0;
    for (let i = s; i < s + block; i++) sum += x[i]! ** 2;
    out.push(sum / block);
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : Number.NaN;
};

/** Whether jaw EMG is looked for on this channel. */
export const isEmgChannel = (label: string): boolean => EMG_CHANNELS.test(label);

/**
 * The EMG detector of one stream. `gather` collects block powers (calibration) and `baseline()` turns them
 * into medians; `find` flags blocks above EMG_RATIO x the baseline (the calibrated one when given,
 * else the running median of the clean blocks seen so far, once it has 8).
 */
export function makeEmgDetector() {
  const gathered = new Map<string, number[]>();
  const running = new Map<string, number[]>();
  return {
    /** Adds a calibration window's block powers. */
    gather(channels: Array<{ label: string; samples: Float64Array }>, fs: number): void {
      for (const { label, samples } of channels) {
        if (!isEmgChannel(label)) continue;
        const list = gathered.get(label) ?? [];
        list.push(...getEmgBlockPowers(samples, fs));
        gathered.set(label, list);
      }
    },
    /** The gathered blocks' medians (and forgets them), null when nothing was gathered. */
    baseline(): EmgBaseline | null {
      const out: EmgBaseline = {};
      for (const [label, list] of gathered) if (list.length) out[label] = median(list);
      gathered.clear();
      return Object.keys(out).length ? out : null;
    },
    /** Clench spans in the window (its first sample is stream sample `startSample`). */
    find(
      channels: Array<{ label: string; samples: Float64Array }>,
      fs: number,
      startSample: number,
      calibrated: EmgBaseline | null | undefined,
    ): Artifact[] {
      const block = Math.max(1, Math.round(EMG_BLOCK_SEC * fs));
      const found: Artifact[] = [];
      for (const { label, samples } of channels) {
        if (!isEmgChannel(label)) continue;
        const powers = getEmgBlockPowers(samples, fs);
        const history = running.get(label) ?? [];
        const reference = calibrated?.[label] ?? (history.length >= 8 ? median(history) : Number.NaN);
        let runStart = -1;
        powers.forEach((power, b) => {
          const loud = power > EMG_RATIO * reference;
          if (loud && runStart < 0) runStart = b;
          if (!loud && runStart >= 0) {
            found.push({
              kind: 'jaw clench',
              channel: label,
              startSample: startSample + (runStart + 1) * block,
              endSample: startSample + (b + 1) * block,
            });
            runStart = -1;
          }
          // Only the newest block of a window joins the history, so each block is counted about once.
          if (!loud && b === powers.length - 1) {
            history.push(power);
            if (history.length > RUNNING_BLOCKS) history.shift();
          }
        });
        if (runStart >= 0)
          found.push({
            kind: 'jaw clench',
            channel: label,
            startSample: startSample + (runStart + 1) * block,
            endSample: startSample + (powers.length + 1) * block,
          });
        running.set(label, history);
      }
      return found;
    },
  };
}

/** The blinks of an analysis (ALBI's detector), as spans in stream samples; the window starts at `startSample`. */
export function blinksOf(anomalies: Anomaly[], startSample: number): Artifact[] {
  return anomalies
    .filter((a) => a.kind === 'blink')
    .map((a) => ({ kind: 'blink' as const, channel: a.channel, startSample: startSample + a.startSample, endSample: startSample + a.endSample }));
}

/**
 * Movements in accelerometer frames (| index | hostTimeMs | x | y | z |, g; NaN where no reading): spans
 * of host ms where an axis ranged over MOTION_RANGE_G within a MOTION_BLOCK_SEC block.
 */
export function findMotion(frames: Float64Array, axes: number, sampleRateHz: number): Array<{ startMs: number; endMs: number }> {
  const width = 2 + axes;
  const n = Math.floor(frames.length / width);
  const block = Math.max(2, Math.round(MOTION_BLOCK_SEC * sampleRateHz));
  const spans: Array<{ startMs: number; endMs: number }> = [];
  for (let s = 0; s < n; s += block) {
    const e = Math.min(n, s + block);
    let moved = false;
    for (let a = 0; a < axes && !moved; a++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let f = s; f < e; f++) {
        const v = frames[f * width + 2 + a]!;
        if (!Number.isFinite(v)) continue; // Cyton: frames without a fresh reading carry NaN
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      moved = hi - lo > MOTION_RANGE_G;
    }
    if (!moved) continue;
    const startMs = frames[s * width + 1]!;
    const endMs = frames[(e - 1) * width + 1]! + 1000 / sampleRateHz;
    const last = spans.at(-1);
    if (last && startMs <= last.endMs + 1) last.endMs = endMs;
    else spans.push({ startMs, endMs });
  }
  return spans;
}

/** What a pause says: "Paused: blink", "Paused: poor signal on TP9". */
export function pauseWords(reason: string): string {
  return `Paused: ${reason}`;
}
