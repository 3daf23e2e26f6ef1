import { expect, test } from 'vitest';
import type { Anomaly } from '../../../../dsp-wasm/src/analysis-types.ts';
import { addAnomalies, eventWords, GROUP_GAP_MS, MAX_EVENTS } from './anomaly-events.ts';

const blink = (channel: string, uv: number): Anomaly => ({
  channel,
  kind: 'blink',
  startSample: 0,
  endSample: 50,
  score: uv / 75,
  measured: { value: uv, threshold: 75, unit: 'uV' },
});
const mains: Anomaly = {
  channel: 'Fp1',
  kind: 'line-noise',
  startSample: 0,
  endSample: 1000,
  score: 2.3,
  measured: { value: 23, threshold: 10, unit: 'x' },
};

test('anomalies of one kind close in time are one event, with the largest measurement in units', () => {
  let events = addAnomalies([], [blink('AF7', 120)], 1_000);
  events = addAnomalies(events, [blink('AF8', 182), blink('AF7', 90)], 4_000);
  events = addAnomalies(events, [mains], 5_000);
  events = addAnomalies(events, [blink('AF7', 100)], 10_000);
  expect(events.map(eventWords)).toEqual([
    'blinks on AF7, AF8: 4 in 9 s, largest 182 µV (threshold 75 µV)',
    'mains noise on Fp1: once, 23× the neighbouring power (threshold 10×)',
  ]);
  // A blink after a pause longer than the grouping gap starts a new event.
  events = addAnomalies(events, [blink('AF8', 80)], 10_000 + GROUP_GAP_MS + 1);
  expect(events).toHaveLength(3);
  expect(eventWords(events[0])).toBe('blinks on AF8: once, 80 µV (threshold 75 µV)');
});

test('the feed is bounded, newest first', () => {
  let events: ReturnType<typeof addAnomalies> = [];
  for (let i = 0; i < 40; i++) events = addAnomalies(events, [blink('AF7', 100)], i * (GROUP_GAP_MS + 1));
  expect(events).toHaveLength(MAX_EVENTS);
  expect(events[0].lastAtMs).toBe(39 * (GROUP_GAP_MS + 1));
});
