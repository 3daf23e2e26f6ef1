// The session summary's figures and its HTML export, from a training log.
import { expect, test } from 'vitest';
import type { TrainingLog } from '../../../../workers/analysis/training-log.ts';
import { summaryHtml } from './summary-html.ts';
import { histogramPercentile, summariseTraining, summaryLines } from './training-summary.ts';

/** 10 s: in target 0-4 s, a blink pause 4-6 s, out of target 6-10 s. */
const log: TrainingLog = {
  startedAtMs: 0,
  durationSec: 10,
  target: 'relaxation',
  threshold: 0.5,
  points: Array.from({ length: 10 }, (_, t) => ({
    t,
    score: t < 4 ? 0.8 : 0.2,
    probability: t >= 4 && t < 6 ? null : { p: 0.6, low: 0.4, high: 0.8 },
    inTarget: t < 4,
    paused: t >= 4 && t < 6,
  })),
  pauses: [
    { reason: 'blink', startSec: 4, endSec: 5 },
    { reason: 'blink', startSec: 5.2, endSec: 6 },
  ],
  latency: { binMs: 10, counts: [0, 0, 90, 8, 2], p50Ms: 25, p95Ms: 38, p99Ms: 45, count: 100, windowMs: 2000, filterDelayMs: 120 },
  entrainment: { beatHz: 10, words: 'Not following the 10 Hz beat (p = 0.4)', result: null },
};

test('time in target counts only the unpaused seconds on the rewarded side', () => {
  const s = summariseTraining(log);
  expect(s.inTargetSec).toBe(4);
  expect(s.inTargetShare).toBeCloseTo(4 / 8, 10);
  expect(s.pausesByReason).toEqual([{ reason: 'blink', count: 2, seconds: expect.closeTo(1.8, 10) }]);
  expect(s.pausedSec).toBeCloseTo(1.8, 10);
  expect(s.meanScore).toBeCloseTo((4 * 0.8 + 4 * 0.2) / 8, 10);
  expect(s.entrainment).toBe('Not following the 10 Hz beat (p = 0.4)');
});

test('latency percentiles come from the whole histogram, as the upper edge of their bin', () => {
  expect(histogramPercentile([0, 0, 90, 8, 2], 10, 0.5)).toBe(30);
  expect(histogramPercentile([0, 0, 90, 8, 2], 10, 0.95)).toBe(40);
  expect(histogramPercentile([0, 0, 90, 8, 2], 10, 0.99)).toBe(50);
  expect(histogramPercentile([0, 0, 0], 10, 0.5)).toBeNaN();
  expect(summariseTraining(log).latency).toMatchObject({ p50Ms: 30, p95Ms: 40, p99Ms: 50, count: 100 });
});

test('the lines say it in words; without unpaused time there is no time in target', () => {
  const lines = summaryLines(summariseTraining(log), log.target);
  expect(lines[0]).toBe('Training for relaxation: 0:10');
  expect(lines[1]).toBe('Time in target: 0:04 (50 % of the unpaused time)');
  expect(lines).toContain('Paused 0:02: blink 2× (0:02)');
  expect(lines.find((l) => l.startsWith('Loop latency'))).toContain('95th percentile ≤ 40 ms');
  const allPaused = { ...log, points: log.points.map((p) => ({ ...p, paused: true })) };
  expect(summaryLines(summariseTraining(allPaused), null)[1]).toBe('Time in target: none (feedback never ran unpaused)');
});

test('the HTML export is self-contained: escaped text, PNG plots with their alternatives, the pauses', () => {
  const png = 'data:image/png;base64,iVBORw0KGgo=';
  const html = summaryHtml({
    title: 'Morning <sit>',
    startedAt: '3 Dec 2026',
    deviceName: 'Muse S',
    lines: summaryLines(summariseTraining(log), log.target),
    plots: [{ png, alt: 'Score over time' }],
    log,
    mappingJson: '{"mappings":[]}',
  });
  expect(html).toContain('<h1>Morning &lt;sit&gt;</h1>');
  expect(html).toContain(`<img src="${png}" alt="Score over time">`);
  expect(html).toContain('<tr><td>blink</td><td>4.0</td><td>1.0</td></tr>');
  expect(html).toContain('<pre>{&quot;mappings&quot;:[]}</pre>');
  expect(html).not.toMatch(/<script|<link|src="http/);
  expect(() =>
    summaryHtml({ title: 't', startedAt: '', deviceName: '', lines: [], plots: [{ png: 'http://x/y.png', alt: 'p' }], log, mappingJson: null }),
  ).toThrow('plot "p" is not a PNG data URL');
});
