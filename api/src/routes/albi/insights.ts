// Plain-language findings over recent analyses: which band dominates, how it trends, where the
// signal quality was poor and which anomalies recur. Pure: takes stored results, returns findings.
import type { AnalyzeResponse } from './contract.ts';

export interface Insight {
  kind: 'dominant_band' | 'trend' | 'quality' | 'anomalies' | 'none';
  message: string;
  detail?: Record<string, unknown>;
}

const BANDS = ['delta', 'theta', 'alpha', 'beta', 'gamma'] as const;
/** A change in mean relative power smaller than this is called stable. */
const TREND_THRESHOLD = 0.05;
const POOR_QUALITY = 0.5;

function dominantBand(result: AnalyzeResponse): (typeof BANDS)[number] | undefined {
  if (!result.bands) return undefined;
  const sums = BANDS.map((b) => Object.values(result.bands!).reduce((s, ch) => s + ch.relative[b], 0));
  return BANDS[sums.indexOf(Math.max(...sums))];
}

/**
 * @param results newest first
 * @example deriveInsights(lastTwentyResults)
 */
export function deriveInsights(results: AnalyzeResponse[]): Insight[] {
  const insights: Insight[] = [];
  const withBands = results.filter((r) => r.bands);
  if (withBands.length) {
    const tally = new Map<string, number>();
    for (const r of withBands) tally.set(dominantBand(r)!, (tally.get(dominantBand(r)!) ?? 0) + 1);
    const [band, n] = [...tally].sort((a, b) => b[1] - a[1])[0];
    insights.push({
      kind: 'dominant_band',
      message: `${band[0].toUpperCase()}${band.slice(1)} dominated in ${n} of the last ${withBands.length} analyses with band powers.`,
      detail: { band, count: n, of: withBands.length, tally: Object.fromEntries(tally) },
    });
    if (withBands.length >= 4) {
      const chronological = [...withBands].reverse();
      const half = Math.floor(chronological.length / 2);
      const mean = (rs: AnalyzeResponse[]) =>
        rs.reduce((s, r) => s + Object.values(r.bands!).reduce((a, ch) => a + ch.relative[band as 'alpha'], 0) / Object.keys(r.bands!).length, 0) /
        rs.length;
      const change = mean(chronological.slice(half)) - mean(chronological.slice(0, half));
      const direction = Math.abs(change) < TREND_THRESHOLD ? 'stable' : change > 0 ? 'rising' : 'falling';
      insights.push({
        kind: 'trend',
        message: `Relative ${band} power is ${direction} (${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} points, older half vs newer half).`,
        detail: { band, change, direction },
      });
    }
  }
  const poor = new Map<string, { count: number; reasons: Set<string> }>();
  for (const r of results) {
    for (const [channel, q] of Object.entries(r.quality)) {
      if (q.score >= POOR_QUALITY) continue;
      const entry = poor.get(channel) ?? { count: 0, reasons: new Set<string>() };
      entry.count++;
      q.reasons.forEach((reason) => entry.reasons.add(reason));
      poor.set(channel, entry);
    }
  }
  for (const [channel, { count, reasons }] of poor) {
    insights.push({
      kind: 'quality',
      message: `Channel ${channel} had poor signal quality in ${count} of ${results.length} analyses${reasons.size ? ` (${[...reasons].join(', ')})` : ''}.`,
      detail: { channel, count, reasons: [...reasons] },
    });
  }
  const kinds = new Map<string, number>();
  for (const r of results) for (const a of r.anomalies) kinds.set(a.type, (kinds.get(a.type) ?? 0) + 1);
  if (kinds.size) {
    const [kind, n] = [...kinds].sort((a, b) => b[1] - a[1])[0];
    insights.push({
      kind: 'anomalies',
      message: `The most frequent anomaly is ${kind} (${n} times in ${results.length} analyses).`,
      detail: Object.fromEntries(kinds),
    });
  }
  if (!insights.length)
    insights.push({
      kind: 'none',
      message: results.length ? 'No notable findings in the recent analyses.' : 'No analyses yet: POST /analyze first.',
    });
  return insights;
}
