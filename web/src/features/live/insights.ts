// Plain-language insights from one analysis frame. Pure; thresholds are stated next to each rule.
import type { AnalysisResult, BandName } from '../../../../dsp-wasm/src/analysis-types.ts';

export function describeInsights(result: AnalysisResult): string[] {
  const out: string[] = [];
  const channels = Object.entries(result.channels);
  if (!channels.length) return out;
  const mean = (band: BandName) => {
    const values = channels.map(([, c]) => c.bands?.relative[band]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
  };
  const alpha = mean('alpha');
  const theta = mean('theta');
  const beta = mean('beta');
  if (Number.isFinite(alpha)) {
    // Relative alpha above 30 % of 0.5-45 Hz power is a clearly relaxed, eyes-closed-like state.
    if (alpha > 0.3) out.push(`Strong alpha (${Math.round(alpha * 100)} % of power): relaxed, eyes-closed-like state.`);
    else if (Number.isFinite(beta) && beta > 0.35)
      out.push(`Beta dominates (${Math.round(beta * 100)} %): alert or tense; muscle activity can look like this too.`);
    if (Number.isFinite(theta) && theta > 0.3) out.push(`High theta (${Math.round(theta * 100)} %): drowsy or deeply meditative.`);
  }
  const peaks = channels.map(([, c]) => c.peakAlphaHz).filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (peaks.length) out.push(`Peak alpha frequency ${(peaks.reduce((a, b) => a + b, 0) / peaks.length).toFixed(1)} Hz.`);
  const poor = channels.filter(([, c]) => c.quality.score < 0.4).map(([name]) => name);
  if (poor.length) out.push(`Check the contact of ${poor.join(', ')}: signal quality is poor.`);
  if (result.skipped) out.push(`Band powers not computed: ${result.skipped}`);
  if (!out.length) out.push('Signal looks balanced; no strong rhythm stands out.');
  return out;
}
