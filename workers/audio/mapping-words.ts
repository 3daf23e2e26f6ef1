// Mappings and schedule conditions in words, for the Listen screen: "Beat follows your peak alpha
// (8–12 Hz), at most 0.5 Hz/s".
import type { MetricSpec, StepCondition } from '../../dsp-wasm/src/jona/conditions.ts';
import { DEFAULT_BASELINE_SEC } from '../../dsp-wasm/src/jona/conditions.ts';
import { DEFAULT_SMOOTHING_SEC, PARAM_LIMITS, type FeedbackMapping } from './feedback-mapping.ts';

const at = (electrodes: string[] | undefined) => (electrodes ? ` at ${electrodes.join(', ')}` : '');
const sum = (bands: string[]) => (bands.length > 1 ? `(${bands.join('+')})` : bands[0]!);

/** 'your relative alpha at AF7, AF8', 'your theta/beta ratio', ... */
export function describeMetric(spec: MetricSpec): string {
  switch (spec.kind) {
    case 'absolute-power':
      return `your ${spec.band} power${at(spec.electrodes)}`;
    case 'relative-power':
      return `your relative ${spec.band}${at(spec.electrodes)}`;
    case 'ratio':
      return `your ${sum(spec.numerator)}/${sum(spec.denominator)} ratio${at(spec.electrodes)}`;
    case 'alpha-asymmetry':
      return `your frontal alpha asymmetry (${spec.right} vs ${spec.left})`;
    case 'peak-alpha':
      return `your peak alpha${at(spec.electrodes)}`;
    case 'signal-quality':
      return `the signal quality${at(spec.electrodes)}`;
    case 'score':
      return 'your training score';
  }
}

const metricUnit = (spec: MetricSpec) => (spec.kind === 'peak-alpha' ? ' Hz' : spec.kind === 'absolute-power' ? ' µV²' : '');

/** What a mapping steers, capitalised: 'Beat', 'Noise bed', 'Carrier of voice 1', 'Volume'. */
export function describeTarget(m: FeedbackMapping): string {
  const { voice, param } = m.target;
  if (voice === 'master') return 'Volume';
  const who = voice === 'noise' ? 'noise bed' : voice === 'beat' ? '' : `voice ${voice + 1}`;
  if (param === 'level') return voice === 'noise' ? 'Noise bed' : `Level of ${who || 'the beat'}`;
  const what = param === 'beatHz' ? 'Beat' : 'Carrier';
  return who ? `${what} of ${who}` : what;
}

const num = (x: number) => String(+x.toFixed(3));
const fmt = (m: FeedbackMapping, x: number) => {
  const unit = PARAM_LIMITS[m.target.param].unit;
  return unit ? `${num(x)} ${unit}` : `${Math.round(x * 100)} %`;
};

/**
 * One sentence per mapping.
 * @example describeMapping({ metric: { kind: 'peak-alpha' }, target: { voice: 'beat', param: 'beatHz' }, input: [8, 12], output: [8, 12], maxRatePerSec: 0.5 })
 *   // 'Beat follows your peak alpha (8–12 Hz), at most 0.5 Hz/s, smoothed over 2 s'
 */
export function describeMapping(m: FeedbackMapping): string {
  const unit = PARAM_LIMITS[m.target.param].unit;
  const rate = m.maxRatePerSec ?? PARAM_LIMITS[m.target.param].defaultRatePerSec;
  const rateText = unit ? `${num(rate)} ${unit}/s` : `${Math.round(rate * 100)} %/s`;
  const smoothing = m.smoothingSec ?? DEFAULT_SMOOTHING_SEC;
  const tail = `, at most ${rateText}${smoothing > 0 ? `, smoothed over ${num(smoothing)} s` : ''}`;
  const follows = m.output[0] === m.input[0] && m.output[1] === m.input[1] && metricUnit(m.metric).trim() === unit;
  if (follows)
    return `${describeTarget(m)} follows ${describeMetric(m.metric)} (${num(m.input[0])}–${num(m.input[1])}${unit ? ` ${unit}` : ''})${tail}`;
  const direction = m.output[1] >= m.output[0] ? 'up' : 'down';
  return (
    `${describeTarget(m)} goes ${direction} from ${fmt(m, m.output[0])} to ${fmt(m, m.output[1])} as ${describeMetric(m.metric)} ` +
    `goes from ${num(m.input[0])} to ${num(m.input[1])}${metricUnit(m.metric)}${m.shape === 'exp' ? ' (in even ratios)' : ''}${tail}`
  );
}

/** 'relative alpha stays above 0.3 for 30 s', 'theta/beta ratio rises by 0.5 over its baseline (first 10 s)'. */
export function describeCondition(c: StepCondition): string {
  const metric = describeMetric(c.metric);
  const forText = c.forSec ? ` for ${num(c.forSec)} s` : '';
  if (c.above !== undefined) return `${metric} stays above ${num(c.above)}${metricUnit(c.metric)}${forText}`;
  if (c.below !== undefined) return `${metric} stays below ${num(c.below)}${metricUnit(c.metric)}${forText}`;
  const by = c.risesBy ?? c.fallsBy!;
  return `${metric} ${c.risesBy !== undefined ? 'rises' : 'falls'} by ${num(by)}${metricUnit(c.metric)} from its baseline (first ${num(c.baselineSec ?? DEFAULT_BASELINE_SEC)} s)${forText}`;
}
