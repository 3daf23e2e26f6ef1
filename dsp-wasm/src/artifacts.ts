// Artifact and anomaly detectors for one channel. Each returns Anomaly records with inclusive start
// and exclusive end sample and a score (>= 1 means beyond its threshold). Amplitudes are in the
// channel's units, assumed uV for EEG.
import type { AlbiCore } from './albi-core.ts';
import type { Anomaly, AnomalyKind } from './analysis-types.ts';
import { checkStatus } from './dsp-error.ts';
import { designButterworth } from './filter-design.ts';
import { sosfiltfilt } from './filtering.ts';
import { getStatistics } from './statistics.ts';
import type { Spectrogram, Spectrum } from './spectral.ts';

export interface ArtifactOptions {
  /** |x| beyond this after a 0.5 Hz high-pass is an amplitude artifact (uV, default 100). */
  amplitudeUv?: number;
  /** ADC limits of the device in the channel's units, when known: samples near them are 'railed'. */
  adcLimits?: readonly [number, number];
  /** Mains frequency to test for line noise; default both 50 and 60 Hz. */
  mainsHz?: 50 | 60;
  /**
   * Look for muscle (EMG) in the channel's spectrogram (default true). The neurofeedback loop turns
   * it off: it has its own jaw-EMG detector against the person's baseline, and the spectrogram is
   * most of the cost of an analysis.
   */
  muscle?: boolean;
}

const MAX_RUNS = 4096;

/** The detectors' two filters, designed once per sample rate (the design costs more than filtering 1 s). */
const detectorFilters = new Map<number, { highpass: Float64Array; blinkBand: Float64Array }>();
function filtersFor(fs: number) {
  let filters = detectorFilters.get(fs);
  if (!filters) {
    filters = { highpass: designButterworth(2, 0.5, 'highpass', fs), blinkBand: designButterworth(2, [1, 10], 'bandpass', fs) };
    detectorFilters.set(fs, filters);
  }
  return filters;
}
const MUSCLE_SHARE = 0.5;
/** Labels of frontal channels, where blinks show (10-20 / 10-10 names: Fp1, Fpz, AF7, ...). */
const FRONTAL = /^(fp|af)/i;

type Run = [start: number, end: number, measure: number];

function readRuns(core: AlbiCore, count: number, outPtr: number): Run[] {
  const n = Math.min(count, MAX_RUNS);
  const flat = core.readF64(outPtr, n * 3);
  const runs: Run[] = [];
  for (let i = 0; i < n; i++) runs.push([flat[i * 3]!, flat[i * 3 + 1]!, flat[i * 3 + 2]!]);
  return runs;
}

function runsOutside(core: AlbiCore, x: Float64Array, lo: number, hi: number, mergeGap: number, minLen: number): Run[] {
  const ptr = core.writeF64('artifactIn', x);
  const out = core.slot('runs', MAX_RUNS * 24);
  return readRuns(core, checkStatus(core.wasm.findRunsOutside(ptr, x.length, lo, hi, mergeGap, minLen, out, MAX_RUNS), 'signal'), out);
}

/** An anomaly whose `value` crossed `threshold` (in `unit`); its score is their ratio. */
const make = (
  channel: string,
  kind: AnomalyKind,
  start: number,
  end: number,
  value: number,
  threshold: number,
  unit: Anomaly['measured']['unit'],
): Anomaly => ({
  channel,
  kind,
  startSample: start,
  endSample: end,
  score: value / threshold,
  measured: { value, threshold, unit },
});

/** Detectors that need only the raw samples: flat line, railed, sudden jumps. */
export function detectRawArtifacts(core: AlbiCore, channel: string, x: Float64Array, fs: number, options: ArtifactOptions): Anomaly[] {
  const found: Anomaly[] = [];
  const ptr = core.writeF64('artifactIn', x);
  const out = core.slot('runs', MAX_RUNS * 24);
  // Flat line: >= 1 s (and >= 5 samples) within 0.1 uV.
  const minFlat = Math.max(5, Math.round(fs));
  if (x.length >= minFlat) {
    const count = checkStatus(core.wasm.findFlatRuns(ptr, x.length, 0.1, minFlat, out, MAX_RUNS), 'signal');
    for (const [s, e] of readRuns(core, count, out)) found.push(make(channel, 'flatline', s, e, (e - s) / fs, minFlat / fs, 's'));
  }
  if (options.adcLimits) {
    const [lo, hi] = options.adcLimits;
    const margin = 0.01 * (hi - lo);
    for (const [s, e, peak] of runsOutside(core, x, lo + margin, hi - margin, Math.round(fs * 0.1), 1)) {
      found.push(make(channel, 'railed', s, e, margin + peak, margin, 'uV'));
    }
  }
  if (x.length >= 3) {
    // Jumps: a step above 12 robust SDs of the sample-to-sample differences and above 30 uV.
    const dptr = core.slot('diff', x.length * 8);
    checkStatus(core.wasm.diffSignal(core.writeF64('artifactIn', x), x.length, dptr), 'signal');
    const diffs = core.readF64(dptr, x.length - 1);
    const stats = getStatistics(core, diffs, { maxOutlierIndices: 0 });
    const threshold = Math.max(30, 12 * 1.4826 * stats.mad);
    const p = core.writeF64('artifactIn', x);
    const count = checkStatus(core.wasm.findJumps(p, x.length, threshold, Math.max(1, Math.round(fs * 0.1)), out, MAX_RUNS), 'signal');
    for (const [s, e, step] of readRuns(core, count, out)) found.push(make(channel, 'jump', s, e, step, threshold, 'uV'));
  }
  return found;
}

/** Detectors that need a usable sample rate (> 90 Hz): amplitude, blinks, line noise, muscle. */
export function detectSpectralArtifacts(
  core: AlbiCore,
  channel: string,
  x: Float64Array,
  fs: number,
  psd: Spectrum,
  spectrogram: Spectrogram | null,
  options: ArtifactOptions,
): Anomaly[] {
  const found: Anomaly[] = [];
  const threshold = options.amplitudeUv ?? 100;
  const filters = filtersFor(fs);
  const highpassed = sosfiltfilt(core, filters.highpass, x);
  for (const [s, e, peak] of runsOutside(core, highpassed, -threshold, threshold, Math.round(fs * 0.2), 1)) {
    found.push(make(channel, 'amplitude', s, e, threshold + peak, threshold, 'uV'));
  }
  if (FRONTAL.test(channel)) {
    // Blinks: 1-10 Hz deflections beyond 75 uV lasting 50-600 ms.
    const slow = sosfiltfilt(core, filters.blinkBand, x);
    for (const [s, e, peak] of runsOutside(core, slow, -75, 75, Math.round(fs * 0.05), Math.max(1, Math.round(fs * 0.05)))) {
      if (e - s <= fs * 0.6) found.push(make(channel, 'blink', s, e, 75 + peak, 75, 'uV'));
    }
  }
  const mains = options.mainsHz ? [options.mainsHz] : [50, 60];
  for (const f0 of mains) {
    if (f0 + 6 >= fs / 2) continue;
    const ratio = getLineNoiseRatio(psd, f0);
    if (ratio >= 10) found.push(make(channel, 'line-noise', 0, x.length, ratio, 10, 'x'));
  }
  if (spectrogram) found.push(...detectMuscle(channel, spectrogram, fs, x.length));
  return found;
}

function meanDensity(s: Spectrum, lo: number, hi: number): number {
  let sum = 0;
  let n = 0;
  for (let k = 0; k < s.psd.length; k++) {
    const f = s.frequenciesHz[k]!;
    if (f >= lo && f <= hi) {
      sum += s.psd[k]!;
      n++;
    }
  }
  return n ? sum / n : 0;
}

/** Mean PSD within 1 Hz of f0 over the mean PSD 2-6 Hz away on both sides. */
export function getLineNoiseRatio(s: Spectrum, f0: number): number {
  const line = meanDensity(s, f0 - 1, f0 + 1);
  const around = (meanDensity(s, f0 - 6, f0 - 2) + meanDensity(s, f0 + 2, f0 + 6)) / 2;
  return around > 0 ? line / around : 0;
}

/** Muscle: runs of >= 2 consecutive (overlapping) segments whose 30-45 Hz share of 1-45 Hz power
 *  exceeds 0.5. (White noise has 0.34 and resting EEG, being 1/f, well under 0.2; a lone segment is
 *  too often a chance fluctuation.) */
function detectMuscle(channel: string, sg: Spectrogram, fs: number, n: number): Anomaly[] {
  const nf = sg.frequenciesHz.length;
  const half = sg.segments > 0 ? sg.timesSec[0]! * fs : 0;
  const scores = new Float64Array(sg.segments);
  for (let s = 0; s < sg.segments; s++) {
    let high = 0;
    let all = 0;
    for (let k = 0; k < nf; k++) {
      const f = sg.frequenciesHz[k]!;
      const p = sg.power[s * nf + k]!;
      if (f >= 1 && f <= 45) all += p;
      if (f >= 30 && f <= 45) high += p;
    }
    scores[s] = all > 0 ? high / all / MUSCLE_SHARE : 0;
  }
  const found: Anomaly[] = [];
  for (let s = 0; s < sg.segments; ) {
    if (scores[s]! < 1) {
      s++;
      continue;
    }
    let e = s;
    let peak = 0;
    while (e < sg.segments && scores[e]! >= 1) peak = Math.max(peak, scores[e++]!);
    if (e - s >= 2) {
      const start = Math.max(0, Math.round(sg.timesSec[s]! * fs - half));
      const end = Math.min(n, Math.round(sg.timesSec[e - 1]! * fs + half));
      found.push(make(channel, 'muscle', start, end, peak * MUSCLE_SHARE * 100, MUSCLE_SHARE * 100, '%'));
    }
    s = e;
  }
  return found;
}
