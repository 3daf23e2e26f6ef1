// Signal-quality score per channel (0 unusable .. 1 clean) with the reasons behind it, and the overall
// confidence of an analysis. Penalties are simple, explainable fractions of the recording.
import type { Anomaly, ChannelQuality, ChannelStatistics } from './analysis-types.ts';

const pct = (f: number): string => `${(f * 100).toFixed(f < 0.1 ? 1 : 0)}%`;

function coveredFraction(anomalies: Anomaly[], n: number): number {
  let covered = 0;
  for (const a of anomalies) covered += a.endSample - a.startSample;
  return n > 0 ? Math.min(1, covered / n) : 0;
}

/** Scores one channel from its statistics and anomalies; `skipped` notes spectral checks not run. */
export function getChannelQuality(stats: ChannelStatistics, anomalies: Anomaly[], n: number, skipped?: string): ChannelQuality {
  const reasons: string[] = [];
  let score = 1;
  const of = (kind: Anomaly['kind']) => anomalies.filter((a) => a.kind === kind);
  const flat = coveredFraction(of('flatline'), n);
  if (flat > 0) {
    score -= flat;
    reasons.push(`flat line over ${pct(flat)} of the recording`);
  }
  const railed = coveredFraction(of('railed'), n);
  if (railed > 0) {
    score -= Math.min(1, railed * 2);
    reasons.push(`railed near the ADC limits over ${pct(railed)}`);
  }
  const amplitude = coveredFraction(of('amplitude'), n);
  if (amplitude > 0) {
    score -= Math.min(0.5, amplitude * 2);
    reasons.push(`amplitude beyond threshold over ${pct(amplitude)}`);
  }
  const muscle = coveredFraction(of('muscle'), n);
  if (muscle > 0) {
    score -= Math.min(0.3, muscle);
    reasons.push(`muscle activity over ${pct(muscle)}`);
  }
  const line = of('line-noise');
  if (line.length > 0) {
    score -= 0.2;
    reasons.push(`line noise ${line.map((a) => `${a.score.toFixed(1)}x`).join(', ')} above threshold`);
  }
  const jumps = of('jump').length;
  if (jumps > 0) {
    score -= Math.min(0.3, 0.05 * jumps);
    reasons.push(`${jumps} sudden jump${jumps > 1 ? 's' : ''} (electrode pops)`);
  }
  const blinks = of('blink').length;
  if (blinks > 0) reasons.push(`${blinks} eye blink${blinks > 1 ? 's' : ''} (expected on frontal channels)`);
  if (stats.std === 0) {
    score = 0;
    reasons.push('constant signal');
  }
  if (skipped) reasons.push(`spectral checks skipped: ${skipped}`);
  if (reasons.length === 0) reasons.push('no artifacts found');
  return { score: Math.max(0, Math.min(1, score)), reasons };
}

/** Mean channel quality, scaled down for recordings under 30 s and halved when bands were skipped. */
export function getConfidence(qualities: ChannelQuality[], durationSec: number, skipped: boolean): number {
  if (qualities.length === 0) return 0;
  const mean = qualities.reduce((s, q) => s + q.score, 0) / qualities.length;
  return mean * Math.min(1, durationSec / 30) * (skipped ? 0.5 : 1);
}
