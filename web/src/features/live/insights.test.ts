import { expect, test } from 'vitest';
import type { AnalysisResult, ChannelAnalysis } from '../../../../dsp-wasm/src/analysis-types.ts';
import { describeInsights } from './insights.ts';

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
