import { expect, test } from 'vitest';
import type { AnalysisResult, ChannelAnalysis } from '../../../../dsp-wasm/src/analysis-types.ts';
import { describeInsights } from './insights.ts';
import { layoutElectrodes, qualityLevel } from './head-layout.ts';

const channel = (alpha: number, quality: number, peak?: number): ChannelAnalysis => ({
  statistics: {} as never,
  bands: { absolute: {} as never, relative: { delta: 0.1, theta: 0.1, alpha, beta: 0.1, gamma: 0.05 }, totalPower: 1 },
  peakAlphaHz: peak,
  quality: { score: quality, reasons: [] },
});

test('strong alpha, its peak and a poorly attached electrode are all said in plain words', () => {
  const result: AnalysisResult = {
    sampleRateHz: 250,
    channels: { O1: channel(0.5, 0.9, 10), O2: channel(0.4, 0.2, 10.4) },
    anomalies: [],
    confidence: 0.8,
  };
  const text = describeInsights(result).join(' ');
  expect(text).toMatch(/Strong alpha \(45 %/);
  expect(text).toMatch(/Peak alpha frequency 10\.2 Hz/);
  expect(text).toMatch(/Check the contact of O2/);
});

test('10-20 labels land at their places; unknown labels spread over the band; quality colours by threshold', () => {
  const [tp9, x1, x2] = layoutElectrodes(['TP9', 'ch1', 'ch2']);
  expect([tp9.x, tp9.y]).toEqual([8, 62]);
  expect(x1.x).toBeLessThan(x2.x);
  expect(qualityLevel(0.8).level).toBe('good');
  expect(qualityLevel(0.5).level).toBe('fair');
  expect(qualityLevel(0.1).level).toBe('poor');
  expect(qualityLevel(undefined).level).toBe('unknown');
});
