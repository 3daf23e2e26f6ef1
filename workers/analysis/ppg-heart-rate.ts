// Heart rate and heart-rate variability from one optical (PPG) channel.
//
//   counts ─► fill short NaN runs ─► band-pass 0.5-4 Hz (zero phase) ─► slope ─► beats ─► RR ─► bpm, RMSSD, SDNN
//
// A beat is the moment of steepest systolic rise (the maximum-slope point of the upstroke), which is
// sharper than the rounded systolic peak and does not move with the dicrotic notch; it is located to
// a fraction of a sample by a parabola through the three slope values around it. The filter runs
// forward and backward, so it shifts no beat. The threshold adapts: a slope maximum counts when it
// reaches half the largest slope within ±2 s, and a beat within the refractory period (300 ms, i.e.
// above 200 bpm) of a larger one is dropped. The PPG's sign is not assumed (reflected light falls as
// blood arrives, and devices differ): the direction whose slopes are steeper is taken as the rise.
// Nothing is invented: a flat channel, noise, or too few regular beats give `ok: false` and a reason.

/** Band edges of the pulse band (Hz): 30-240 bpm and the first harmonics of the pulse shape. */
export const PULSE_BAND_HZ = [0.5, 4] as const;
/** The least signal that gives a heart rate (s), and the least beats. */
export const MIN_PPG_SEC = 8;
export const MIN_BEATS = 6;
/** Shortest RR accepted (ms): 200 bpm. */
export const REFRACTORY_MS = 300;
/** Longest RR accepted (ms): 30 bpm. */
export const MAX_RR_MS = 2000;
/** NaN runs up to this long are bridged by a straight line (s); a longer one ends the usable signal. */
const MAX_FILL_SEC = 0.5;
/** A slope maximum is a candidate beat when it reaches this fraction of the largest slope within ±THRESHOLD_SPAN_SEC. */
const THRESHOLD_FRACTION = 0.5;
const THRESHOLD_SPAN_SEC = 2;
/** An RR farther than this fraction from the median RR is a missed or extra beat: kept out of the HRV. */
const RR_OUTLIER_FRACTION = 0.25;
/** At least this share of RR must be regular (within RR_OUTLIER_FRACTION of the median) for a pulse. */
const MIN_REGULAR_SHARE = 0.8;
/** Median correlation of each beat's shape with the mean shape needed to call it a pulse (noise stays below). */
const MIN_SHAPE_CORRELATION = 0.8;
/** The segment around each beat whose shape tells a pulse from noise (s before, s after). */
const SEGMENT_SEC = [0.25, 0.45] as const;

export type HeartRate =
  | {
      ok: true;
      /** 60000 / mean RR of the regular intervals. */
      bpm: number;
      /** Beats found in the window. */
      beats: number;
      /** Beat times (s from the first sample of the input). */
      beatTimesSec: number[];
      /** Every interval between consecutive beats (ms). */
      rrMs: number[];
      /** Root mean square of successive differences of the regular RR (ms); null with fewer than 3 of them. */
      rmssdMs: number | null;
      /** Standard deviation (n - 1) of the regular RR (ms); null with fewer than 3 of them. */
      sdnnMs: number | null;
      /** Median correlation of the beats' shapes with their mean (0..1): how pulse-like the signal is. */
      shapeCorrelation: number;
    }
  | { ok: false; reason: string; beats: number };

/** RMSSD and SDNN (ms) of a series of RR intervals; null for fewer than 3 intervals. */
export function getHrv(rrMs: readonly number[]): { rmssdMs: number | null; sdnnMs: number | null } {
  if (rrMs.length < 3) return { rmssdMs: null, sdnnMs: null };
  let sumSq = 0;
  for (let i = 1; i < rrMs.length; i++) sumSq += (rrMs[i] - rrMs[i - 1]) ** 2;
  const mean = rrMs.reduce((a, b) => a + b, 0) / rrMs.length;
  const variance = rrMs.reduce((a, b) => a + (b - mean) ** 2, 0) / (rrMs.length - 1);
  return { rmssdMs: Math.sqrt(sumSq / (rrMs.length - 1)), sdnnMs: Math.sqrt(variance) };
}

/**
 * Heart rate and HRV of one PPG channel. Never throws: bad input is a result with its reason.
 * @example const hr = estimateHeartRate(ppg, 64); if (hr.ok) show(`${hr.bpm.toFixed(0)} bpm from ${hr.beats} beats`);
 */
export function estimateHeartRate(signal: ArrayLike<number>, sampleRateHz: number): HeartRate {
  if (!(Number.isFinite(sampleRateHz) && sampleRateHz >= 16))
    return { ok: false, reason: `the optical stream's rate (${sampleRateHz} Hz) is below the 16 Hz a pulse needs`, beats: 0 };
  const filled = fillShortGaps(signal, sampleRateHz);
  if (typeof filled === 'string') return { ok: false, reason: filled, beats: 0 };
  if (filled.length < MIN_PPG_SEC * sampleRateHz)
    return { ok: false, reason: `${(filled.length / sampleRateHz).toFixed(1)} s of pulse signal; ${MIN_PPG_SEC} s are needed`, beats: 0 };
  const pulse = bandpassZeroPhase(filled, sampleRateHz);
  if (!(spread(filled) > 0 && spread(pulse) > 0))
    return { ok: false, reason: 'the optical signal is flat: no pulse (is the headband on the skin?)', beats: 0 };
  const slope = slopeOf(pulse);
  // The rise is the steeper direction: compare the large slopes of both signs.
  if (
    quantile(
      slope.map((v) => -v),
      0.98,
    ) > quantile(slope, 0.98)
  )
    for (let i = 0; i < slope.length; i++) slope[i] = -slope[i];
  const beatTimesSec = findBeats(slope, sampleRateHz);
  const beats = beatTimesSec.length;
  if (beats < MIN_BEATS) return { ok: false, reason: `${beats} beats found; ${MIN_BEATS} are needed`, beats };
  const rrMs = beatTimesSec.slice(1).map((t, i) => (t - beatTimesSec[i]) * 1000);
  const median = quantile(Float64Array.from(rrMs), 0.5);
  const regular = rrMs.filter((rr) => Math.abs(rr - median) <= RR_OUTLIER_FRACTION * median);
  if (regular.length < MIN_REGULAR_SHARE * rrMs.length)
    return { ok: false, reason: 'the beats are irregular: noise or motion rather than a pulse', beats };
  const shapeCorrelation = medianShapeCorrelation(pulse, beatTimesSec, sampleRateHz);
  if (!(shapeCorrelation >= MIN_SHAPE_CORRELATION))
    return { ok: false, reason: 'the beats do not look alike: noise or motion rather than a pulse', beats };
  const meanRr = regular.reduce((a, b) => a + b, 0) / regular.length;
  // HRV from the regular intervals only: a successive difference then spans a dropped beat once, the
  // usual editing of a short recording (at most 20 % of the intervals are dropped).
  return { ok: true, bpm: 60000 / meanRr, beats, beatTimesSec, rrMs, ...getHrv(regular), shapeCorrelation };
}

/** A copy with NaN runs up to MAX_FILL_SEC bridged linearly; leading/trailing NaN cut; a reason when unusable. */
function fillShortGaps(signal: ArrayLike<number>, rateHz: number): Float64Array | string {
  let start = 0;
  let end = signal.length;
  while (start < end && !Number.isFinite(signal[start])) start++;
  while (end > start && !Number.isFinite(signal[end - 1])) end--;
  if (start === end) return signal.length ? 'the optical channel holds no readings (NaN only)' : 'no optical samples yet';
  const out = Float64Array.from({ length: end - start }, (_, i) => signal[start + i]);
  const maxRun = Math.round(MAX_FILL_SEC * rateHz);
  for (let i = 0; i < out.length; i++) {
    if (Number.isFinite(out[i])) continue;
    let j = i;
    while (!Number.isFinite(out[j])) j++;
    if (j - i > maxRun) return `the optical channel misses ${((j - i) / rateHz).toFixed(1)} s of readings in the window`;
    for (let k = i; k < j; k++) out[k] = out[i - 1] + ((out[j] - out[i - 1]) * (k - i + 1)) / (j - i + 1);
    i = j;
  }
  return out;
}

/** Biquad coefficients (RBJ cookbook, Q = 1/√2, i.e. Butterworth), normalised by a0. */
function biquad(kind: 'low' | 'high', cornerHz: number, rateHz: number): Float64Array {
  const w = (2 * Math.PI * cornerHz) / rateHz;
  const cos = Math.cos(w);
  const alpha = Math.sin(w) / Math.SQRT2;
  const a0 = 1 + alpha;
  const b = kind === 'low' ? [(1 - cos) / 2, 1 - cos, (1 - cos) / 2] : [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
  return Float64Array.of(b[0] / a0, b[1] / a0, b[2] / a0, (-2 * cos) / a0, (1 - alpha) / a0);
}

/** One pass of a biquad in place (direct form II transposed), starting from the steady state of x[0]. */
function runBiquad(c: Float64Array, x: Float64Array): void {
  const [b0, b1, b2, a1, a2] = c;
  // Steady state for a constant input x[0]: avoids a start-up transient (the DC gain is (b0+b1+b2)/(1+a1+a2)).
  const dcGain = (b0 + b1 + b2) / (1 + a1 + a2);
  const y0 = x[0] * dcGain;
  let z1 = y0 - b0 * x[0];
  let z2 = b2 * x[0] - a2 * y0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const yi = b0 * xi + z1;
    z1 = b1 * xi - a1 * yi + z2;
    z2 = b2 * xi - a2 * yi;
    x[i] = yi;
  }
}

/** 0.5-4 Hz band-pass run forward and backward (zero phase), on the signal padded by odd reflection (2 s). */
function bandpassZeroPhase(x: Float64Array, rateHz: number): Float64Array {
  const pad = Math.min(x.length - 1, Math.round(2 * rateHz));
  const n = x.length;
  const padded = new Float64Array(n + 2 * pad);
  for (let i = 0; i < pad; i++) {
    padded[i] = 2 * x[0] - x[pad - i];
    padded[n + pad + i] = 2 * x[n - 1] - x[n - 2 - i];
  }
  padded.set(x, pad);
  const filters = [biquad('high', PULSE_BAND_HZ[0], rateHz), biquad('low', PULSE_BAND_HZ[1], rateHz)];
  for (const c of filters) runBiquad(c, padded);
  padded.reverse();
  for (const c of filters) runBiquad(c, padded);
  padded.reverse();
  return padded.slice(pad, pad + n);
}

/** Central difference (units per sample); the ends repeat their neighbour. */
function slopeOf(x: Float64Array): Float64Array {
  const d = new Float64Array(x.length);
  for (let i = 1; i < x.length - 1; i++) d[i] = (x[i + 1] - x[i - 1]) / 2;
  d[0] = d[1];
  d[x.length - 1] = d[x.length - 2];
  return d;
}

/** Beat times (s): slope maxima above the adaptive threshold, the refractory period kept, refined by a parabola. */
function findBeats(slope: Float64Array, rateHz: number): number[] {
  const span = Math.round(THRESHOLD_SPAN_SEC * rateHz);
  const refractory = (REFRACTORY_MS / 1000) * rateHz;
  const localMax = slidingMax(slope, span);
  const picked: number[] = [];
  for (let i = 1; i < slope.length - 1; i++) {
    if (!(slope[i] > 0 && slope[i] >= slope[i - 1] && slope[i] > slope[i + 1])) continue;
    if (slope[i] < THRESHOLD_FRACTION * localMax[i]) continue;
    const last = picked[picked.length - 1];
    if (last !== undefined && i - last < refractory) {
      if (slope[i] > slope[last]) picked[picked.length - 1] = i;
      continue;
    }
    picked.push(i);
  }
  return picked.map((i) => {
    const [a, b, c] = [slope[i - 1], slope[i], slope[i + 1]];
    const denominator = a - 2 * b + c;
    const offset = denominator === 0 ? 0 : (0.5 * (a - c)) / denominator;
    return (i + offset) / rateHz;
  });
}

/** Largest value within ±span of each index (plain O(n·span): windows here are a few thousand samples). */
function slidingMax(x: Float64Array, span: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let max = -Infinity;
    for (let j = Math.max(0, i - span); j <= Math.min(x.length - 1, i + span); j++) if (x[j] > max) max = x[j];
    out[i] = max;
  }
  return out;
}

/** Median Pearson correlation of each beat's segment (SEGMENT_SEC around it) with the mean segment. */
function medianShapeCorrelation(pulse: Float64Array, beatTimesSec: number[], rateHz: number): number {
  const before = Math.round(SEGMENT_SEC[0] * rateHz);
  const after = Math.round(SEGMENT_SEC[1] * rateHz);
  const segments = beatTimesSec
    .map((t) => Math.round(t * rateHz))
    .filter((i) => i - before >= 0 && i + after < pulse.length)
    .map((i) => pulse.subarray(i - before, i + after + 1));
  if (segments.length < 3) return 0;
  const mean = new Float64Array(before + after + 1);
  for (const s of segments) for (let k = 0; k < mean.length; k++) mean[k] += s[k] / segments.length;
  return quantile(Float64Array.from(segments.map((s) => correlation(s, mean))), 0.5);
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

function spread(x: Float64Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min;
}

/** The q-quantile (0..1) of the values, by sorting a copy. */
function quantile(x: Float64Array, q: number): number {
  const sorted = Float64Array.from(x).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}
