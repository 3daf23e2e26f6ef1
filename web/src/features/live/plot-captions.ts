// What each Live plot shows, in words: which filters reach it. The live-view worker filters only the
// display blocks of the time series (workers/analysis/display-filter.ts: a notch of Q 30 and a
// 4th-order Butterworth band-pass, causal, each left out when its edge is at or above Nyquist); the
// analysis (spectrum, band powers, spectrogram, quality, anomalies) runs on the raw samples
// (workers/analysis/live-view-analysis.ts), as they are recorded.
import { LIVE_WINDOW_SEC } from '../../../../workers/analysis/live-view-analysis.ts';

export interface FilterSettings {
  mainsHz: 50 | 60;
  notchEnabled: boolean;
  bandpassEnabled: boolean;
  bandpassLowHz: number;
  bandpassHighHz: number;
}

/** The filters the display filter really applies at `sampleRateHz`, and the ticked ones it leaves out. */
export function displayFilters(s: FilterSettings, sampleRateHz: number): { applied: string[]; leftOut: string[] } {
  const nyquist = sampleRateHz / 2;
  const applied: string[] = [];
  const leftOut: string[] = [];
  if (s.notchEnabled) (s.mainsHz < nyquist ? applied : leftOut).push(`notch ${s.mainsHz} Hz`);
  if (s.bandpassEnabled) {
    const usable = s.bandpassLowHz > 0 && s.bandpassLowHz < s.bandpassHighHz && s.bandpassHighHz < nyquist;
    (usable ? applied : leftOut).push(`band-pass ${s.bandpassLowHz}–${s.bandpassHighHz} Hz`);
  }
  return { applied, leftOut };
}

/**
 * Caption of the time series.
 * @example timeSeriesCaption({ mainsHz: 50, notchEnabled: true, bandpassEnabled: false, ... }, 250) // 'Filtered for display: notch 50 Hz'
 */
export function timeSeriesCaption(s: FilterSettings, sampleRateHz: number): string {
  const { applied, leftOut } = displayFilters(s, sampleRateHz);
  const shown = applied.length ? `Filtered for display: ${applied.join(', ')}` : 'Unfiltered (raw signal)';
  const out = leftOut.length ? ` (${leftOut.join(', ')} left out: at or above ${sampleRateHz / 2} Hz, half the rate)` : '';
  return `${shown}${out}; recorded unfiltered`;
}

/** Caption of the analysis plots: always the raw signal, and which ticked filters it does not show. */
export function analysisCaption(s: FilterSettings, what: string): string {
  const ticked = [s.notchEnabled ? `Notch ${s.mainsHz} Hz` : '', s.bandpassEnabled ? 'Band-pass' : ''].filter(Boolean);
  const note = ticked.length ? ` ${ticked.join(' and ')} ${ticked.length > 1 ? 'filter' : 'filters'} only the Signals plot.` : '';
  return `Unfiltered signal: ${what}, newest ${LIVE_WINDOW_SEC} s, every 0.5 s.${note}`;
}
