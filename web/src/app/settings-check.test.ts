// Settings refuse values that would stop the analysis, with a reason a person can act on, and a
// stored value that fails is replaced by its default when settings load.
import { expect, test } from 'vitest';
import { bandProblem, bandpassProblem, settingsProblems, usableSettings } from './settings-check.ts';
import { defaultSettings } from './settings.ts';

test('a band needs numbers, 0 <= low < high <= 200 Hz', () => {
  expect(bandProblem('gamma', [30, 45])).toBeNull();
  expect(bandProblem('gamma', [50, 45])).toBe('gamma: the low edge (50 Hz) must be below the high edge (45 Hz).');
  expect(bandProblem('gamma', [45, 45])).toMatch(/must be below/);
  expect(bandProblem('delta', [-1, 4])).toBe('delta: the low edge cannot be below 0 Hz.');
  expect(bandProblem('beta', [13, Number.NaN])).toBe('beta: both edges must be numbers in Hz.');
  expect(bandProblem('gamma', [30, 250])).toMatch(/at most 200 Hz/);
  expect(bandpassProblem(0, 40)).toMatch(/above 0 Hz/);
  expect(bandpassProblem(1, 40)).toBeNull();
});

test('stored settings that fail are repaired field by field; the rest is kept', () => {
  const stored = {
    ...defaultSettings,
    serverUrl: 'https://eeg.example',
    bands: { ...defaultSettings.bands, gamma: [50, 45] as [number, number], theta: [3.5, 7.5] as [number, number] },
    bandpassLowHz: 30,
    bandpassHighHz: 5,
  };
  expect(Object.keys(settingsProblems(stored)).sort()).toEqual(['bandpass', 'bands.gamma']);
  const usable = usableSettings(stored, defaultSettings);
  expect(usable.bands.gamma).toEqual(defaultSettings.bands.gamma);
  expect(usable.bands.theta).toEqual([3.5, 7.5]);
  expect([usable.bandpassLowHz, usable.bandpassHighHz]).toEqual([defaultSettings.bandpassLowHz, defaultSettings.bandpassHighHz]);
  expect(usable.serverUrl).toBe('https://eeg.example');
  expect(settingsProblems(usable)).toEqual({});
});

test('a stored headphone check that fails its check is dropped (null), a good one kept', () => {
  const good = { checkedAtMs: 1, skipped: false, channels: 'as-expected' as const, swapChannels: false, thresholdGain: 0.001, startingGain: 0.03 };
  expect(usableSettings({ ...defaultSettings, listening: good }, defaultSettings).listening).toEqual(good);
  const bad = { ...defaultSettings, listening: { ...good, startingGain: 5 } };
  expect(settingsProblems(bad).listening).toMatch(/^listening\.startingGain/);
  expect(usableSettings(bad, defaultSettings).listening).toBeNull();
});
