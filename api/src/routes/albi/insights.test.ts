import { describe, expect, it } from 'vitest';
import { deriveInsights } from './insights.ts';
import type { AnalyzeResponse } from './contract.ts';

const bands = (alpha: number) => ({
  absolute: { delta: 1, theta: 1, alpha: 1, beta: 1, gamma: 1 },
  relative: { delta: 0.1, theta: 0.1, alpha, beta: 0.7 - alpha, gamma: 0.1 },
});
const result = (alpha: number, quality = 1, anomalyTypes: string[] = []): AnalyzeResponse => ({
  analysis_id: crypto.randomUUID(),
  timestamp: '',
  sample_rate: 256,
  statistics: {},
  confidence: 0.9,
  anomalies: anomalyTypes.map((type) => ({ channel: 'c1', type, start_sample: 0, end_sample: 1, score: 2 })),
  bands: { c1: bands(alpha) },
  quality: { c1: { score: quality, reasons: quality < 0.5 ? ['railed'] : [] } },
});

describe('deriveInsights', () => {
  it('names the dominant band and a rising trend (input newest first)', () => {
    const insights = deriveInsights([result(0.6), result(0.55), result(0.4), result(0.3)]);
    expect(insights.find((i) => i.kind === 'dominant_band')?.detail).toMatchObject({ band: 'alpha', count: 3, of: 4 });
    expect(insights.find((i) => i.kind === 'trend')?.message).toMatch(/rising/);
  });

  it('reports poor quality per channel with reasons and the most frequent anomaly', () => {
    const insights = deriveInsights([result(0.5, 0.2, ['blink', 'blink']), result(0.5, 0.9, ['jump'])]);
    expect(insights.find((i) => i.kind === 'quality')?.message).toBe('Channel c1 had poor signal quality in 1 of 2 analyses (railed).');
    expect(insights.find((i) => i.kind === 'anomalies')?.message).toMatch(/blink \(2 times/);
  });

  it('says so when there is nothing to report', () => {
    expect(deriveInsights([])[0].kind).toBe('none');
  });
});
