import { expect, test } from 'vitest';
import type { AnalysisResult, ChannelAnalysis } from '../../../../dsp-wasm/src/analysis-types.ts';
import { describeInsights } from './insights.ts';
import { InsightTracker, reasonKind } from './insight-tracker.ts';

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

/** One frame: relative bands for every channel, and each channel's quality score and reason. */
function frame(
  bands: Partial<Record<'delta' | 'theta' | 'alpha' | 'beta' | 'gamma', number>>,
  quality: Record<string, [number, string]>,
): AnalysisResult {
  const relative = { delta: 0.2, theta: 0.15, alpha: 0.15, beta: 0.2, gamma: 0.05, ...bands };
  return {
    sampleRateHz: 256,
    channels: Object.fromEntries(
      Object.entries(quality).map(([label, [score, reason]]) => [
        label,
        { statistics: {} as never, bands: { absolute: {} as never, relative, totalPower: 1 }, quality: { score, reasons: [reason] } },
      ]),
    ),
    anomalies: [],
    confidence: 0.8,
  };
}

const good: [number, string] = [0.9, 'no artifacts found'];

test('against the first minute: a band well above its baseline is said with both shares; small changes are not', () => {
  const tracker = new InsightTracker();
  // 60 s at 15 % alpha, then 30 s at 24 %
  for (let t = 0; t < 90_000; t += 500) tracker.add(t, frame({ alpha: t < 60_000 ? 0.15 : 0.24 }, { AF7: good, AF8: good }));
  const text = describeInsights(frame({ alpha: 0.24 }, { AF7: good, AF8: good }), tracker);
  expect(text).toContain('Alpha is 60 % above your first minute (24 % of power, was 15 %).');
  expect(text.join(' ')).not.toMatch(/Theta is|Beta is/);
  // before a minute has passed there is no baseline to compare with
  const early = new InsightTracker();
  for (let t = 0; t < 50_000; t += 500) early.add(t, frame({ alpha: t < 20_000 ? 0.15 : 0.3 }, { AF7: good }));
  expect(describeInsights(frame({ alpha: 0.3 }, { AF7: good }), early).join(' ')).not.toMatch(/first minute/);
});

test('a steady rise of theta over minutes is a trend; noise around a flat line is not', () => {
  const rising = new InsightTracker();
  for (let t = 0; t < 240_000; t += 500) rising.add(t, frame({ theta: 0.1 + (0.1 * t) / 240_000 }, { TP9: good }));
  const trend = rising.trend('theta')!;
  expect(trend.r2).toBeGreaterThan(0.95);
  expect(describeInsights(frame({ theta: 0.2 }, { TP9: good }), rising)).toContainEqual(
    expect.stringMatching(/^Theta has been rising over the last 3 minutes \(1[23] % → 1[89] %\): drowsiness or deep meditation/),
  );
  let seed = 3;
  const noise = () => ((seed = (seed * 16807) % 2147483647), seed / 2147483647 - 0.5);
  const flat = new InsightTracker();
  for (let t = 0; t < 240_000; t += 500) flat.add(t, frame({ theta: 0.15 + 0.04 * noise() }, { TP9: good }));
  expect(describeInsights(frame({ theta: 0.15 }, { TP9: good }), flat).join(' ')).not.toMatch(/has been (rising|falling)/);
});

test('an electrode poor for most of the last 30 s gets advice for its problem; one bad frame does not', () => {
  const tracker = new InsightTracker();
  for (let t = 0; t < 40_000; t += 500) {
    tracker.add(
      t,
      frame(
        {},
        {
          AF7: t > 15_000 ? [0.2, 'line noise 3.1x above threshold'] : good,
          TP10: t === 39_500 ? [0.1, 'flat line over 80 % of the recording'] : good,
          AF8: [0.3, 'muscle activity over 40 %'],
        },
      ),
    );
  }
  const text = describeInsights(frame({}, { AF7: good, AF8: good, TP10: good }), tracker);
  expect(text).toContain('AF8: poor for 30 of the last 30 s (muscle activity): muscle activity: relax the jaw, forehead and neck.');
  expect(text).toContainEqual(
    expect.stringMatching(/^AF7: poor for 2[45] of the last 30 s \(line noise\): mains hum: check that the reference and ground/),
  );
  expect(text.join(' ')).not.toMatch(/TP10/);
  expect(reasonKind('railed near the ADC limits over 12 %')).toBe('railed near the ADC limits');
});
