// The anomaly feed as events a person can act on: anomalies of one kind that follow each other
// within GROUP_GAP_MS are one event ("blinks on AF7, AF8: 6, largest 182 µV against 75 µV"),
// updated in place instead of adding a line per detection, with what was measured in its units.
import type { Anomaly, AnomalyKind } from '../../../../dsp-wasm/src/analysis-types.ts';

/** Anomalies of a kind this close together (ms) belong to one event. */
export const GROUP_GAP_MS = 10_000;
/** Events kept in the feed, newest first. */
export const MAX_EVENTS = 20;

export interface AnomalyEvent {
  kind: AnomalyKind;
  channels: string[];
  count: number;
  /** Host time (epoch ms) of the first and the latest anomaly of the event. */
  firstAtMs: number;
  lastAtMs: number;
  /** The strongest anomaly's measurement. */
  worst: Anomaly['measured'];
}

const KIND_WORDS: Record<AnomalyKind, string> = {
  amplitude: 'large amplitude',
  flatline: 'flat signal',
  railed: 'signal at the amplifier limit',
  'line-noise': 'mains noise',
  muscle: 'muscle activity',
  blink: 'blinks',
  jump: 'sudden jumps',
};

/** Adds anomalies found at `atMs` to the events (a new array; the newest event first). */
export function addAnomalies(events: AnomalyEvent[], anomalies: Anomaly[], atMs: number): AnomalyEvent[] {
  const next = events.map((e) => ({ ...e, channels: [...e.channels] }));
  for (const a of anomalies) {
    const open = next.find((e) => e.kind === a.kind && atMs - e.lastAtMs <= GROUP_GAP_MS);
    if (open) {
      open.count++;
      open.lastAtMs = atMs;
      if (!open.channels.includes(a.channel)) open.channels.push(a.channel);
      if (a.measured.value / a.measured.threshold > open.worst.value / open.worst.threshold) open.worst = a.measured;
    } else next.push({ kind: a.kind, channels: [a.channel], count: 1, firstAtMs: atMs, lastAtMs: atMs, worst: a.measured });
  }
  return next.sort((a, b) => b.lastAtMs - a.lastAtMs).slice(0, MAX_EVENTS);
}

/** '182 µV (threshold 75 µV)', 'flat for 2.3 s (threshold 1 s)', '23× the neighbouring power (threshold 10×)'. */
export function measuredWords(m: Anomaly['measured']): string {
  switch (m.unit) {
    case 'uV':
      return `${Math.round(m.value)} µV (threshold ${Math.round(m.threshold)} µV)`;
    case 's':
      return `flat for ${m.value.toFixed(1)} s (threshold ${m.threshold.toFixed(1)} s)`;
    case 'x':
      return `${Math.round(m.value)}× the neighbouring power (threshold ${Math.round(m.threshold)}×)`;
    case '%':
      return `${Math.round(m.value)} % of the power in the muscle band (threshold ${Math.round(m.threshold)} %)`;
  }
}

/** One line of the feed: 'blinks on AF7, AF8: 6 in 9 s, largest 182 µV (threshold 75 µV)'. */
export function eventWords(e: AnomalyEvent): string {
  const spanSec = Math.round((e.lastAtMs - e.firstAtMs) / 1000);
  const how = e.count === 1 ? 'once' : spanSec > 0 ? `${e.count} in ${spanSec} s` : `${e.count} at once`;
  const largest = e.count === 1 ? measuredWords(e.worst) : `largest ${measuredWords(e.worst)}`;
  return `${KIND_WORDS[e.kind]} on ${e.channels.join(', ')}: ${how}, ${largest}`;
}
