import { expect, test } from 'vitest';
import { analysisCaption, displayFilters, timeSeriesCaption, type FilterSettings } from './plot-captions.ts';

const ticked: FilterSettings = { mainsHz: 50, notchEnabled: true, bandpassEnabled: true, bandpassLowHz: 1, bandpassHighHz: 40 };

test('the time series caption names the filters the display filter applies', () => {
  expect(timeSeriesCaption(ticked, 250)).toBe('Filtered for display: notch 50 Hz, band-pass 1–40 Hz; recorded unfiltered');
  expect(timeSeriesCaption({ ...ticked, notchEnabled: false, bandpassEnabled: false }, 250)).toBe('Unfiltered (raw signal); recorded unfiltered');
});

test('a filter the rate cannot carry is said to be left out, as the display filter leaves it out', () => {
  // 60 Hz notch at 100 Hz: Nyquist is 50 Hz.
  expect(displayFilters({ ...ticked, mainsHz: 60 }, 100)).toEqual({ applied: ['band-pass 1–40 Hz'], leftOut: ['notch 60 Hz'] });
  expect(timeSeriesCaption({ ...ticked, mainsHz: 60 }, 100)).toMatch(/notch 60 Hz left out: at or above 50 Hz/);
  expect(displayFilters({ ...ticked, bandpassHighHz: 70 }, 128).leftOut).toEqual(['band-pass 1–70 Hz']);
});

test('the analysis caption says the spectrum is unfiltered while Notch is ticked', () => {
  expect(analysisCaption(ticked, 'Welch PSD per channel')).toBe(
    'Unfiltered signal: Welch PSD per channel, newest 4 s, every 0.5 s. Notch 50 Hz and Band-pass filter only the Signals plot.',
  );
  expect(analysisCaption({ ...ticked, bandpassEnabled: false }, 'x')).toMatch(/Notch 50 Hz filters only the Signals plot\.$/);
  expect(analysisCaption({ ...ticked, notchEnabled: false, bandpassEnabled: false }, 'x')).toBe('Unfiltered signal: x, newest 4 s, every 0.5 s.');
});
