// How the live heart rate is said on the Live screen.
import type { HeartRateFrame } from '../../../../workers/analysis/ppg-monitor.ts';

export interface HeartWords {
  /** The figure, e.g. '72 bpm', or '—' when there is none. */
  headline: string;
  /** What it rests on, or why there is no figure. */
  detail: string;
}

/**
 * @example heartWords(frame) // { headline: '72 bpm', detail: 'RMSSD 41 ms · SDNN 52 ms · from 35 beats in 30 s (infrared)' }
 */
export function heartWords(frame: HeartRateFrame): HeartWords {
  const h = frame.heart;
  const span = `${Math.round(frame.windowSec)} s`;
  if (!h.ok) return { headline: '—', detail: `No heart rate: ${h.reason}.` };
  const hrv =
    h.rmssdMs === null || h.sdnnMs === null ? 'HRV needs more beats' : `RMSSD ${Math.round(h.rmssdMs)} ms · SDNN ${Math.round(h.sdnnMs)} ms`;
  return { headline: `${Math.round(h.bpm)} bpm`, detail: `${hrv} · from ${h.beats} beats in ${span} (${frame.channel})` };
}
