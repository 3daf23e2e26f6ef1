// The session summary's figures, from the training log kept with the session (training-log.ts):
// time in target, time paused per reason, the score's course, loop latency percentiles from the
// whole training's histogram, and the entrainment verdict. Pure: the view and the HTML export both
// read it.
import type { TrainingLog, TrainingPause } from '../../../../workers/analysis/training-log.ts';

export interface TrainingSummary {
  durationSec: number;
  /** Seconds the feedback ran (not paused) with the score on the rewarded side, and their share of the unpaused time. */
  inTargetSec: number;
  inTargetShare: number | null;
  pausedSec: number;
  /** Pauses grouped by reason, longest total first. */
  pausesByReason: Array<{ reason: string; count: number; seconds: number }>;
  meanScore: number | null;
  /** From the histogram of every update (bin-wide resolution); null when no update was measured. */
  latency: { p50Ms: number; p95Ms: number; p99Ms: number; count: number; binMs: number; windowMs: number; filterDelayMs: number } | null;
  entrainment: string | null;
}

/** Seconds each point stands for: up to the next point (the last one: up to the end), at most 2 s across a hole. */
function pointSpans(log: TrainingLog): number[] {
  return log.points.map((p, i) => {
    const next = log.points[i + 1]?.t ?? log.durationSec;
    return Math.min(2, Math.max(0, next - p.t));
  });
}

/** The smallest bin edge below which `fraction` of the counts lie (the upper edge of that bin), ms. */
export function histogramPercentile(counts: number[], binMs: number, fraction: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.ceil(fraction * total);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return (i + 1) * binMs;
  }
  return counts.length * binMs;
}

function groupPauses(pauses: TrainingPause[]) {
  const by = new Map<string, { reason: string; count: number; seconds: number }>();
  for (const p of pauses) {
    const g = by.get(p.reason) ?? { reason: p.reason, count: 0, seconds: 0 };
    g.count++;
    g.seconds += p.endSec - p.startSec;
    by.set(p.reason, g);
  }
  return [...by.values()].sort((a, b) => b.seconds - a.seconds);
}

export function summariseTraining(log: TrainingLog): TrainingSummary {
  const spans = pointSpans(log);
  let inTargetSec = 0;
  let runningSec = 0;
  let scoreSum = 0;
  let scored = 0;
  log.points.forEach((p, i) => {
    if (p.paused) return;
    runningSec += spans[i]!;
    if (p.inTarget) inTargetSec += spans[i]!;
    if (Number.isFinite(p.score)) {
      scoreSum += p.score;
      scored++;
    }
  });
  const pausesByReason = groupPauses(log.pauses);
  const l = log.latency;
  const count = l ? l.counts.reduce((a, b) => a + b, 0) : 0;
  return {
    durationSec: log.durationSec,
    inTargetSec,
    inTargetShare: runningSec > 0 ? inTargetSec / runningSec : null,
    pausedSec: pausesByReason.reduce((s, g) => s + g.seconds, 0),
    pausesByReason,
    meanScore: scored ? scoreSum / scored : null,
    latency:
      l && count
        ? {
            p50Ms: histogramPercentile(l.counts, l.binMs, 0.5),
            p95Ms: histogramPercentile(l.counts, l.binMs, 0.95),
            p99Ms: histogramPercentile(l.counts, l.binMs, 0.99),
            count,
            binMs: l.binMs,
            windowMs: l.windowMs,
            filterDelayMs: l.filterDelayMs,
          }
        : null,
    entrainment: log.entrainment?.words ?? null,
  };
}

const clock = (seconds: number) => {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** The summary as lines of plain words (the view's list, the export's text, a screen reader's account). */
export function summaryLines(summary: TrainingSummary, target: string | null): string[] {
  const lines = [`Training${target ? ` for ${target}` : ''}: ${clock(summary.durationSec)}`];
  lines.push(
    summary.inTargetShare === null
      ? 'Time in target: none (feedback never ran unpaused)'
      : `Time in target: ${clock(summary.inTargetSec)} (${Math.round(summary.inTargetShare * 100)} % of the unpaused time)`,
  );
  if (summary.meanScore !== null) lines.push(`Mean score: ${summary.meanScore.toFixed(2)}`);
  lines.push(
    summary.pausesByReason.length
      ? `Paused ${clock(summary.pausedSec)}: ${summary.pausesByReason.map((g) => `${g.reason} ${g.count}× (${clock(g.seconds)})`).join(', ')}`
      : 'No pauses',
  );
  const l = summary.latency;
  lines.push(
    l
      ? `Loop latency over ${l.count} updates (the engine's estimate: sent plus the output latency): median ≤ ${l.p50Ms} ms, 95th percentile ≤ ${l.p95Ms} ms, 99th ≤ ${l.p99Ms} ms (${l.binMs} ms bins); apart from it: a ${(l.windowMs / 1000).toFixed(1)} s analysis window and ${Math.round(l.filterDelayMs)} ms filter delay`
      : 'Loop latency: not measured (no feedback update reached the sound)',
  );
  lines.push(`Entrainment: ${summary.entrainment ?? 'not checked (no constant beat played)'}`);
  return lines;
}
