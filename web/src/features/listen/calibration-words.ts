// The neurofeedback calibration and score, said for a person: what the two baselines were, whether
// they differ enough to train on, and what the score means right now.
import type { Calibration, FeedbackOutput, TrainingTarget } from '../../../../workers/audio/neurofeedback.ts';

/** Below this relative difference between the baselines, the score is mostly noise. */
export const MIN_BASELINE_DIFFERENCE = 0.1;

/** 'Eyes open: relative alpha 21 %. Eyes closed: 34 % (62 % higher).' and whether to warn. */
export function describeCalibration(cal: Calibration): { text: string; warn: string | null } {
  // Relaxation: zeroAt = eyes open, oneAt = eyes closed (relative alpha, 0..1). Focus: zeroAt = eyes
  // closed, oneAt = eyes open (-ln theta/beta); said as the theta/beta ratio itself.
  const open = cal.target === 'relaxation' ? cal.zeroAt : cal.oneAt;
  const closed = cal.target === 'relaxation' ? cal.oneAt : cal.zeroAt;
  const say = (x: number) => (cal.target === 'relaxation' ? `${(x * 100).toFixed(1)} %` : Math.exp(-x).toFixed(2));
  const metric = cal.target === 'relaxation' ? 'relative alpha' : 'theta/beta ratio';
  const difference = (cal.oneAt - cal.zeroAt) / Math.max(Math.abs(cal.zeroAt), 1e-9);
  const text = `Eyes open: ${metric} ${say(open)}. Eyes closed: ${say(closed)}.`;
  const warn =
    Math.abs(difference) < MIN_BASELINE_DIFFERENCE
      ? `Eyes open and eyes closed differ by ${Math.round(Math.abs(difference) * 100)} %, too little to train on: the score would follow noise. Calibrate again, letting your eyes rest closed.`
      : difference < 0
        ? 'The eyes-closed baseline came out on the wrong side of the eyes-open one: calibrate again.'
        : null;
  return { text, warn };
}

/** What the score means now, in words. */
export function describeScore(output: FeedbackOutput & { pauseReason?: string | null }, direction: 'up' | 'down'): string {
  if (output.paused && output.pauseReason) return `Paused: ${output.pauseReason}. The sound waits for clean signal.`;
  if (output.paused) return 'Paused: the signal is poor (movement, blinks or a loose electrode), so the sound waits.';
  if (!Number.isFinite(output.score)) return 'Training without a calibration: no score and no reward; the mappings follow your EEG.';
  const where =
    output.score <= 0.05
      ? 'at or below your eyes-open baseline'
      : output.score >= 0.95
        ? 'at or beyond your eyes-closed baseline'
        : `${Math.round(output.score * 100)} % of the way from your eyes-open to your eyes-closed baseline`;
  const side = output.score >= output.threshold ? 'above' : 'below';
  const rewarded = output.rewarded ? 'so you hear the reward' : 'so the reward is quiet';
  return `You are ${where}: ${side} the threshold (${Math.round(output.threshold * 100)} %), training ${direction === 'up' ? 'up' : 'down'}, ${rewarded}.`;
}

/**
 * The probability in words, with its interval and its reasons: 'Eyes-closed state: 87 % likely (95 %
 * interval 71–95 %). Alpha is 45 % above your eyes-open baseline; beta 21 % below.' Null without one.
 */
export function describeProbability(output: FeedbackOutput, target: TrainingTarget): string | null {
  const p = output.probability;
  if (!p) return null;
  const pct = (x: number) => Math.round(x * 100);
  const [state, reference] = target === 'relaxation' ? ['Eyes-closed', 'eyes-open'] : ['Eyes-open (focused)', 'eyes-closed'];
  const head = `${state} state: ${pct(p.p)} % likely (95 % interval ${pct(p.low)}–${pct(p.high)} %).`;
  if (!output.moved.length) return `${head} No band is 20 % away from your ${reference} baseline.`;
  const moves = output.moved.map((m, i) => {
    const size = `${pct(Math.abs(m.change))} % ${m.change > 0 ? 'above' : 'below'}`;
    const band = i === 0 ? m.band[0]!.toUpperCase() + m.band.slice(1) : m.band;
    return i === 0 ? `${band} is ${size} your ${reference} baseline` : `${band} ${size}`;
  });
  return `${head} ${moves.join('; ')}.`;
}
