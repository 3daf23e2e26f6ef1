// Movements on the Live screen's anomaly feed: the live-view worker reports each movement the
// accelerometer shows (workers/analysis/motion-artifacts.ts) as it begins and again as it grows; the
// feed keeps one line per movement, newest first, saying from when the EEG is not to be trusted.
import type { MovementSpan } from '../../../../workers/analysis/motion-artifacts.ts';

/** Movements kept in the feed. */
export const MAX_MOVEMENTS = 20;

/** The feed with `span` added, or put in place of the report of the same movement (same startMs); a new array. */
export function addMovement(feed: readonly MovementSpan[], span: MovementSpan): MovementSpan[] {
  const rest = feed.filter((m) => m.startMs !== span.startMs);
  return [{ ...span }, ...rest].sort((a, b) => b.startMs - a.startMs).slice(0, MAX_MOVEMENTS);
}

/** The clock time of a host epoch ms as the screen shows it (12:03:04). */
const clockTime = (ms: number) => new Date(ms).toLocaleTimeString();

/** 'movement at 12:03:04 for 1.2 s, 0.35 g (threshold 0.10 g): EEG from then is not trusted'. */
export function movementWords(m: MovementSpan, clock: (ms: number) => string = clockTime): string {
  const sec = (m.endMs - m.startMs) / 1000;
  return `movement at ${clock(m.startMs)} for ${sec.toFixed(1)} s, ${m.peakRangeG.toFixed(2)} g (threshold ${m.thresholdG.toFixed(2)} g): EEG from then is not trusted`;
}
