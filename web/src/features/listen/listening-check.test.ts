import { expect, test } from 'vitest';
import {
  HEARING_MARGIN_DB,
  HEARING_TONE_SEC,
  STARTING_GAIN_CAP,
  channelGains,
  describeChannels,
  hearingToneGainAt,
  judgeChannels,
  listeningCheckProblem,
  startingGainFromThreshold,
} from './listening-check.ts';

test('a left/right step sounds in its channel only', () => {
  expect(channelGains('left')).toEqual([1, 0]);
  expect(channelGains('right')).toEqual([0, 1]);
});

test('the verdict: both heard where played, both the other way round, or unclear', () => {
  expect(judgeChannels('left', 'right')).toBe('as-expected');
  expect(judgeChannels('right', 'left')).toBe('swapped');
  expect(judgeChannels('both', 'both')).toBe('unclear');
  expect(judgeChannels('left', 'left')).toBe('unclear');
  expect(judgeChannels('neither', 'right')).toBe('unclear');
  expect(describeChannels('swapped', true)).toMatch(/swaps left and right for you/);
  expect(describeChannels('swapped', false)).toMatch(/other way round: turn them/);
});

test('the rising tone starts at -80 dBFS, rises 4 dB/s and stops at -20 dBFS', () => {
  expect(hearingToneGainAt(0)).toBeCloseTo(1e-4, 10);
  expect(hearingToneGainAt(5)).toBeCloseTo(1e-3, 10); // -60 dBFS
  expect(HEARING_TONE_SEC).toBe(15);
  expect(hearingToneGainAt(15)).toBeCloseTo(0.1, 10);
  expect(hearingToneGainAt(15.1)).toBeNull();
});

test('the starting volume is the threshold plus the margin, capped', () => {
  expect(HEARING_MARGIN_DB).toBe(30);
  expect(startingGainFromThreshold(1e-3)).toBeCloseTo(10 ** (-30 / 20), 10); // heard at -60 -> -30 dBFS
  expect(startingGainFromThreshold(1e-4)).toBeCloseTo(10 ** (-50 / 20), 10);
  expect(startingGainFromThreshold(0.05)).toBe(STARTING_GAIN_CAP); // -26 + 30 dB would be above the cap
  expect(() => startingGainFromThreshold(0)).toThrow(/gain > 0, got 0/);
});

test('a stored result is checked field by field', () => {
  const good = { checkedAtMs: 1, skipped: false, channels: 'swapped', swapChannels: true, thresholdGain: 0.001, startingGain: 0.03 };
  expect(listeningCheckProblem(good)).toBeNull();
  expect(listeningCheckProblem(null)).toBeNull();
  expect(listeningCheckProblem({ ...good, channels: 'sideways' })).toMatch(/^listening\.channels/);
  expect(listeningCheckProblem({ ...good, startingGain: 2 })).toMatch(/^listening\.startingGain/);
  expect(listeningCheckProblem({ ...good, skipped: 'no' })).toMatch(/^listening\.skipped/);
});
