// Plain-language insights: the state one analysis frame suggests, and, with the InsightTracker, how
// it compares with this person's own first minute, where the session is heading, and what to do about
// each electrode that has been poor. Pure; thresholds are stated next to each rule.
import type { AnalysisResult, BandName } from '../../../../dsp-wasm/src/analysis-types.ts';
import type { InsightTracker, QualityStreak } from './insight-tracker.ts';

const pct = (v: number) => `${Math.round(v * 100)} %`;
const Name: Record<BandName, string> = { delta: 'Delta', theta: 'Theta', alpha: 'Alpha', beta: 'Beta', gamma: 'Gamma' };

/** What a person can do about an electrode, by the kind of its quality problem. */
export function qualityAdvice(reason: string): string {
  if (/flat line|constant/.test(reason)) return 'it reads nothing: make sure it touches the skin and its lead is plugged in';
  if (/railed/.test(reason)) return 'it is saturated: reseat it, away from hair, and wet it if it is a wet electrode';
  if (/line noise/.test(reason)) return 'mains hum: check that the reference and ground electrodes sit well, and move away from power cables';
  if (/muscle/.test(reason)) return 'muscle activity: relax the jaw, forehead and neck';
  if (/jump|pops/.test(reason)) return 'the contact pops: press the electrode gently into place';
  if (/amplitude/.test(reason)) return 'large swings: keep still and check that the headset sits firmly';
  return 'check its contact';
}

function streakWords(s: QualityStreak): string {
  return `${s.label}: poor for ${Math.round(s.poorSec)} of the last ${Math.round(s.windowSec)} s (${s.reason}): ${qualityAdvice(s.reason)}.`;
}

/** Against the first minute: a band at least 25 % above or 20 % below its baseline share. */
function againstBaseline(tracker: InsightTracker): string[] {
  const baseline = tracker.baseline();
  const now = tracker.current();
  if (!baseline || !now) return [];
  const out: string[] = [];
  for (const band of ['alpha', 'theta', 'beta'] as const) {
    if (!(baseline[band] > 0)) continue;
    const ratio = now[band] / baseline[band];
    if (ratio >= 1.25 || ratio <= 0.8) {
      const change = Math.round(Math.abs(ratio - 1) * 100);
      out.push(
        `${Name[band]} is ${change} % ${ratio > 1 ? 'above' : 'below'} your first minute (${pct(now[band])} of power, was ${pct(baseline[band])}).`,
      );
    }
  }
  return out;
}

/** A trend: a steady line (r² >= 0.6) that moved at least 20 % of where it started. */
function trends(tracker: InsightTracker): string[] {
  const out: string[] = [];
  const meaning: Partial<Record<BandName, [string, string]>> = {
    theta: ['drowsiness or deep meditation often look like this', 'you are more awake than before'],
    alpha: ['you are settling, as relaxing with eyes closed does', 'attention or open eyes bring this'],
  };
  for (const band of ['theta', 'alpha'] as const) {
    const t = tracker.trend(band);
    if (!t || t.from <= 0 || t.r2 < 0.6 || Math.abs(t.to - t.from) / t.from < 0.2) continue;
    const up = t.to > t.from;
    out.push(
      `${Name[band]} has been ${up ? 'rising' : 'falling'} over the last ${t.minutes.toFixed(t.minutes < 2 ? 1 : 0)} minutes (${pct(t.from)} → ${pct(t.to)}): ${meaning[band]![up ? 0 : 1]}.`,
    );
  }
  return out;
}

export function describeInsights(result: AnalysisResult, tracker?: InsightTracker): string[] {
  const out: string[] = [];
  const channels = Object.entries(result.channels);
  if (!channels.length) return out;
  const mean = (band: BandName) => {
    const values = channels.map(([, c]) => c.bands?.relative[band]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
  };
  const alpha = mean('alpha');
  const theta = mean('theta');
  const beta = mean('beta');
  if (Number.isFinite(alpha)) {
    // Relative alpha above 30 % of 0.5-45 Hz power is a clearly relaxed, eyes-closed-like state.
    if (alpha > 0.3) out.push(`Strong alpha (${Math.round(alpha * 100)} % of power): relaxed, eyes-closed-like state.`);
    else if (Number.isFinite(beta) && beta > 0.35)
      out.push(`Beta dominates (${Math.round(beta * 100)} %): alert or tense; muscle activity can look like this too.`);
    if (Number.isFinite(theta) && theta > 0.3) out.push(`High theta (${Math.round(theta * 100)} %): drowsy or deeply meditative.`);
  }
  if (tracker) out.push(...againstBaseline(tracker), ...trends(tracker));
  const peaks = channels.map(([, c]) => c.peakAlphaHz).filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (peaks.length) out.push(`Peak alpha frequency ${(peaks.reduce((a, b) => a + b, 0) / peaks.length).toFixed(1)} Hz.`);
  if (tracker) {
    out.push(...tracker.poorElectrodes().map(streakWords));
  } else {
    const poor = channels.filter(([, c]) => c.quality.score < 0.4).map(([name]) => name);
    if (poor.length) out.push(`Check the contact of ${poor.join(', ')}: signal quality is poor.`);
  }
  if (result.skipped) out.push(`Band powers not computed: ${result.skipped}`);
  if (!out.length) out.push('Signal looks balanced; no strong rhythm stands out.');
  return out;
}
