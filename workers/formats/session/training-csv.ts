// The neurofeedback scores over time of a session (its training log: one point a second), as CSV
// beside the raw. Times are seconds from the session start, like the markers and the band powers.
import type { TrainingLog } from '../../analysis/training-log.ts';

const cell = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : String(Number(v.toPrecision(6))));

/**
 * One row per training second: score (0..1), P(target state) with its 95 % interval, in target, paused.
 * @example trainingCsv(session.training, session.startedAtMs)
 */
export function trainingCsv(log: TrainingLog, sessionStartMs: number): Uint8Array {
  const offsetSec = (log.startedAtMs - sessionStartMs) / 1000;
  const meta = {
    training_started_s: offsetSec,
    target: log.target,
    threshold: log.threshold,
    pauses: log.pauses.map((p) => ({ reason: p.reason, start_s: p.startSec + offsetSec, end_s: p.endSec + offsetSec })),
    time: 'recording time (s from the session start)',
  };
  const lines = [
    '# clisonix-training 1: neurofeedback score once a second',
    `# ${JSON.stringify(meta)}`,
    'time_s,score,probability,probability_low_95,probability_high_95,in_target,paused',
  ];
  for (const p of log.points) {
    lines.push(
      [
        cell(p.t + offsetSec),
        cell(p.score),
        cell(p.probability?.p),
        cell(p.probability?.low),
        cell(p.probability?.high),
        p.inTarget ? 1 : 0,
        p.paused ? 1 : 0,
      ].join(','),
    );
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}
