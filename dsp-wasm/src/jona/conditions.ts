// Conditions on EEG metrics, as data: what a feedback mapping reads and what holds or advances a
// schedule step. JSON and the SBaGen `#@` extension both compile to these shapes; the neurofeedback
// worker evaluates them (workers/analysis/mapping-metrics.ts, schedule-runner.ts).
//
// A held program: `Program.holds` marks points where the timeline waits for (or jumps on) a condition.
//
//   program time ──────[fromSec ....... condition watched ....... atSec]──────>
//   'hold':    the events after atSec wait until the condition has held `forSec` (or `maxSec` passed)
//   'advance': when the condition has held `forSec` before atSec, time jumps to atSec at once
import { z } from 'zod';
import type { BandName } from '../analysis-types.ts';
import type { Program, ProgramEvent } from './program.ts';

const BANDS = ['delta', 'theta', 'alpha', 'beta', 'gamma'] as const satisfies readonly BandName[];
const band = z.enum(BANDS);
const electrodes = z.array(z.string().min(1, 'an electrode label cannot be empty')).min(1, 'list at least one electrode').optional();

/**
 * An EEG metric, computed per analysis (every 500 ms over the newest 4 s). `electrodes` picks the
 * channels averaged (default: every channel with band powers). Units: absolute power uV^2, relative
 * power 0..1 (of 0.5-45 Hz), ratios of summed absolute powers, asymmetry ln(alpha right) - ln(alpha left),
 * peak alpha Hz (7-14 Hz search), signal quality 0..1, score = the calibrated training score.
 */
export const metricSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('absolute-power'), band, electrodes }),
  z.strictObject({ kind: z.literal('relative-power'), band, electrodes }),
  z.strictObject({ kind: z.literal('ratio'), numerator: z.array(band).min(1), denominator: z.array(band).min(1), electrodes }),
  z.strictObject({ kind: z.literal('alpha-asymmetry'), left: z.string().min(1), right: z.string().min(1) }),
  z.strictObject({ kind: z.literal('peak-alpha'), electrodes }),
  z.strictObject({ kind: z.literal('signal-quality'), electrodes }),
  z.strictObject({ kind: z.literal('score') }),
]);
export type MetricSpec = z.infer<typeof metricSpecSchema>;

const nonNegative = z.number().min(0);

/**
 * True while the metric is above / below a value, or has risen / fallen by `risesBy` / `fallsBy`
 * (metric units) from its baseline: the mean over the first `baselineSec` (default 10) of the step.
 * It must stay true `forSec` (default 0) in a row.
 */
export const stepConditionSchema = z
  .strictObject({
    metric: metricSpecSchema,
    above: z.number().optional(),
    below: z.number().optional(),
    risesBy: z.number().positive().optional(),
    fallsBy: z.number().positive().optional(),
    forSec: nonNegative.optional(),
    baselineSec: z.number().positive().optional(),
    /** 'hold' only: go on anyway after this long held, s (default 600). */
    maxSec: z.number().positive().optional(),
  })
  .superRefine((c, ctx) => {
    const tests = (['above', 'below', 'risesBy', 'fallsBy'] as const).filter((k) => c[k] !== undefined);
    if (tests.length !== 1)
      ctx.addIssue({ code: 'custom', message: `give exactly one of above, below, risesBy, fallsBy (got ${tests.join(', ') || 'none'})` });
  });
export type StepCondition = z.infer<typeof stepConditionSchema>;

export const DEFAULT_BASELINE_SEC = 10;
export const DEFAULT_MAX_HOLD_SEC = 600;

export const programHoldSchema = z
  .strictObject({
    mode: z.enum(['hold', 'advance']),
    /** Where watching the condition starts, s of program time (the step's start). */
    fromSec: nonNegative,
    /** Where the program waits ('hold') or jumps to ('advance'), s of program time. */
    atSec: nonNegative,
    condition: stepConditionSchema,
    /** What the step is, for the screen: 'step 2', 'base (line 4)'. */
    label: z.string().optional(),
  })
  .refine((h) => h.atSec >= h.fromSec, { message: 'atSec must not be before fromSec', path: ['atSec'] });
export type ProgramHold = z.infer<typeof programHoldSchema>;

/** A zod error in words: `where.path: message` for each issue, joined by '; '. */
export function describeIssues(error: z.ZodError, where: string): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : `${s}.${String(p)}`), where);
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

/** Checks holds against the program's length; returns them sorted by fromSec. Throws Error naming the field. */
export function validateHolds(holds: unknown, durationSec: number, where = 'holds'): ProgramHold[] {
  const parsed = z.array(programHoldSchema).safeParse(holds);
  if (!parsed.success) throw new Error(describeIssues(parsed.error, where));
  parsed.data.forEach((h, i) => {
    if (h.atSec > durationSec) throw new Error(`${where}[${i}].atSec ${h.atSec} is after the program's end (${durationSec} s)`);
  });
  const sorted = [...parsed.data].sort((a, b) => a.fromSec - b.fromSec);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.fromSec < sorted[i - 1]!.atSec)
      throw new Error(
        `${where}: the condition of ${sorted[i]!.label ?? `hold ${i}`} starts before the previous one ends (${sorted[i - 1]!.atSec} s)`,
      );
  }
  return sorted;
}

/** Metric spec from the SBaGen extension's short form: `relative(alpha@AF7,AF8)`, `ratio(theta/beta)`, ... */
export function parseMetricText(text: string): MetricSpec {
  const m = text.match(/^([a-z-]+)(?:\((.*)\))?$/);
  if (!m) throw new Error(`cannot read metric '${text}'`);
  const [, name, args = ''] = m;
  const [what = '', at] = args.split('@');
  const picked = at ? at.split(',').filter(Boolean) : undefined;
  const withElectrodes = picked ? { electrodes: picked } : {};
  const bands = (s: string) => s.split('+').map((b) => b.trim()) as BandName[];
  let spec: unknown;
  if (name === 'relative' || name === 'absolute') spec = { kind: `${name}-power`, band: what, ...withElectrodes };
  else if (name === 'ratio') {
    const [num = '', den = ''] = what.split('/');
    spec = { kind: 'ratio', numerator: bands(num), denominator: bands(den), ...withElectrodes };
  } else if (name === 'asymmetry') {
    const [left = '', right = ''] = what.split(',');
    spec = { kind: 'alpha-asymmetry', left, right };
  } else if (name === 'peak-alpha') spec = { kind: 'peak-alpha', ...(args ? { electrodes: args.replace(/^@/, '').split(',') } : {}) };
  else if (name === 'quality') spec = { kind: 'signal-quality', ...(args ? { electrodes: args.replace(/^@/, '').split(',') } : {}) };
  else if (name === 'score') spec = { kind: 'score' };
  else
    throw new Error(
      `unknown metric '${name}' (use relative(BAND[@E1,E2]), absolute(BAND[@..]), ratio(B+B/B+B[@..]), asymmetry(LEFT,RIGHT), peak-alpha, quality, score)`,
    );
  const parsed = metricSpecSchema.safeParse(spec);
  if (!parsed.success) throw new Error(`metric '${text}': ${describeIssues(parsed.error, 'metric')}`);
  return parsed.data;
}

/**
 * Splits a held program: the worklet plays `played` (every event before the first watched stretch,
 * timed by the audio clock); `live` are the events from there on, which the neurofeedback worker
 * sends as the held timeline reaches them. A program without holds is played whole.
 */
export function splitHeldProgram(program: Program): { played: Program; live: ProgramEvent[]; cutSec: number } {
  const holds = program.holds ?? [];
  if (holds.length === 0) return { played: program, live: [], cutSec: Number.POSITIVE_INFINITY };
  const cutSec = Math.min(...holds.map((h) => h.fromSec));
  return {
    played: { ...program, events: program.events.filter((e) => e.atSec < cutSec) },
    live: program.events.filter((e) => e.atSec >= cutSec),
    cutSec,
  };
}
