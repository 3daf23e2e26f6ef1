// EEG metrics for feedback mappings and schedule conditions, computed from one analysis (ALBI's
// analyzeChannels over the newest 4 s). A metric that cannot be computed now (no band powers yet,
// a picked channel without them) is NaN, and whoever reads it keeps its last value.
import type { AnalysisResult, BandName } from '../../dsp-wasm/src/analysis-types.ts';
import type { MetricSpec } from '../../dsp-wasm/src/jona/conditions.ts';

/** The per-channel part of an analysis a metric needs (compact: it is posted with every status). */
export interface ChannelMetrics {
  /** Band powers, uV^2 (absolute) and share of 0.5-45 Hz (relative); absent when not computed. */
  absolute?: Record<BandName, number>;
  relative?: Record<BandName, number>;
  /** Frequency of the largest spectral peak in 7-14 Hz, Hz. */
  peakAlphaHz?: number;
  /** 0 (unusable) .. 1 (clean). */
  quality: number;
}

export type MetricChannels = Record<string, ChannelMetrics>;

/** The compact per-channel view of an analysis. */
export function getChannelMetrics(result: AnalysisResult): MetricChannels {
  const out: MetricChannels = {};
  for (const [label, c] of Object.entries(result.channels)) {
    out[label] = {
      ...(c.bands ? { absolute: { ...c.bands.absolute }, relative: { ...c.bands.relative } } : {}),
      ...(c.peakAlphaHz !== undefined && Number.isFinite(c.peakAlphaHz) ? { peakAlphaHz: c.peakAlphaHz } : {}),
      quality: c.quality.score,
    };
  }
  return out;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/** The channels a metric averages: the picked ones, else every channel. */
function picked(channels: MetricChannels, electrodes: string[] | undefined): ChannelMetrics[] {
  return electrodes ? electrodes.map((e) => channels[e]).filter((c): c is ChannelMetrics => c !== undefined) : Object.values(channels);
}

/**
 * The value of `spec` in this analysis; `score` is the calibrated training score (NaN outside training).
 * @example getMetricValue({ kind: 'ratio', numerator: ['theta'], denominator: ['beta'] }, channels, 0.4)
 */
export function getMetricValue(spec: MetricSpec, channels: MetricChannels, score = Number.NaN): number {
  switch (spec.kind) {
    case 'score':
      return score;
    case 'signal-quality':
      return mean(picked(channels, spec.electrodes).map((c) => c.quality));
    case 'peak-alpha':
      return mean(picked(channels, spec.electrodes).flatMap((c) => (c.peakAlphaHz === undefined ? [] : [c.peakAlphaHz])));
    case 'absolute-power':
    case 'relative-power': {
      const list = picked(channels, spec.electrodes);
      const key = spec.kind === 'absolute-power' ? 'absolute' : 'relative';
      if (list.some((c) => !c[key])) return Number.NaN;
      return mean(list.map((c) => c[key]![spec.band]));
    }
    case 'ratio': {
      // Ratio of the channel means of summed absolute power (one noisy channel does not dominate as a mean of ratios would).
      const list = picked(channels, spec.electrodes);
      if (list.length === 0 || list.some((c) => !c.absolute)) return Number.NaN;
      const sum = (bands: BandName[]) => mean(list.map((c) => bands.reduce((s, b) => s + c.absolute![b], 0)));
      return sum(spec.numerator) / sum(spec.denominator);
    }
    case 'alpha-asymmetry': {
      const left = channels[spec.left]?.absolute?.alpha;
      const right = channels[spec.right]?.absolute?.alpha;
      if (!(left! > 0) || !(right! > 0)) return Number.NaN;
      return Math.log(right!) - Math.log(left!);
    }
  }
}

/** The electrodes a metric names, for checking against the headset's channels. */
export function metricElectrodes(spec: MetricSpec): string[] {
  if (spec.kind === 'alpha-asymmetry') return [spec.left, spec.right];
  return 'electrodes' in spec && spec.electrodes ? spec.electrodes : [];
}

/** Null when the headset has every electrode the metric names, else the problem in words. */
export function checkMetricElectrodes(spec: MetricSpec, labels: string[]): string | null {
  const missing = metricElectrodes(spec).filter((e) => !labels.includes(e));
  return missing.length
    ? `${missing.join(', ')} ${missing.length > 1 ? 'are not channels' : 'is not a channel'} of this stream (${labels.join(', ')})`
    : null;
}
