// JSON schedules: a timeline of steps, each ramping some parameters (linear or exponential)
// from the previous values to new ones; optional fade in/out on the master gain. Closed-loop
// extension: a step may wait for an EEG condition before the next one (`holdUntil`), or leave
// early on one (`advanceWhen`); they compile to the program's `holds` (conditions.ts).
import { describeIssues, stepConditionSchema, validateHolds, type ProgramHold, type StepCondition } from './conditions.ts';
import { PARAM_IDS, type Curve, type ParamName } from './kernel-abi.ts';
import { ProgramError, validateProgram, type Program, type ProgramEvent, type VoiceSpec } from './program.ts';

export interface ScheduleStep {
  /** When the step starts, s from the beginning. */
  atSec: number;
  /** How long the ramp to the new values takes, s (0 = smoothed step). */
  rampSec?: number;
  curve?: Curve;
  /** New values: `{ voice: 0, param: 'beatHz', value: 6 }`, or `{ voice: 'master', param: 'gain', ... }`. */
  set?: { voice: number | 'master'; param: ParamName; value: number }[];
  /** Strike these bell voices at the step's start. */
  trigger?: number[];
  /** Keep this step (the next one waits) until the condition holds; e.g. relative alpha above 0.3 for 30 s. */
  holdUntil?: StepCondition;
  /** Go on to the next step as soon as the condition holds; e.g. theta risen 0.05 over its baseline. */
  advanceWhen?: StepCondition;
}

export interface Schedule {
  label?: string;
  durationSec: number;
  masterGain?: number;
  fadeInSec?: number;
  fadeOutSec?: number;
  voices: VoiceSpec[];
  steps: ScheduleStep[];
}

/**
 * Compiles a schedule (e.g. parsed from JSON) to a Program. Errors name the JSON path.
 * @example scheduleToProgram({ durationSec: 600, voices: [{ kind: 'binaural', level: 0.5, carrierHz: 200, beatHz: 10 }],
 *   steps: [{ atSec: 60, rampSec: 300, curve: 'exp', set: [{ voice: 0, param: 'beatHz', value: 4 }] }] })
 */
export function scheduleToProgram(schedule: Schedule): Program {
  if (!schedule || typeof schedule !== 'object') throw new ProgramError('schedule must be an object');
  if (!Array.isArray(schedule.steps)) throw new ProgramError('schedule.steps must be an array');
  const master = schedule.masterGain ?? 1;
  const fadeIn = schedule.fadeInSec ?? 0;
  const fadeOut = schedule.fadeOutSec ?? 0;
  for (const [key, v] of [
    ['fadeInSec', fadeIn],
    ['fadeOutSec', fadeOut],
  ] as const) {
    if (!Number.isFinite(v) || v < 0 || v > schedule.durationSec) throw new ProgramError(`schedule.${key} must be 0..durationSec, got ${v}`);
  }
  const events: ProgramEvent[] = [];
  const holds: ProgramHold[] = [];
  let lastAt = -Infinity;
  schedule.steps.forEach((step, i) => {
    const where = `schedule.steps[${i}]`;
    if (!Number.isFinite(step?.atSec) || step.atSec < 0 || step.atSec > schedule.durationSec)
      throw new ProgramError(`${where}.atSec must be within 0..durationSec, got ${step?.atSec}`);
    if (step.atSec < lastAt) throw new ProgramError(`${where}.atSec ${step.atSec} is before the previous step (${lastAt})`);
    lastAt = step.atSec;
    if (step.curve !== undefined && step.curve !== 'linear' && step.curve !== 'exp')
      throw new ProgramError(`${where}.curve must be 'linear' or 'exp'`);
    (step.set ?? []).forEach((s, j) => {
      if (!(s?.param in PARAM_IDS))
        throw new ProgramError(`${where}.set[${j}].param '${s?.param}' is not one of ${Object.keys(PARAM_IDS).join(', ')}`);
      events.push({
        type: 'param',
        atSec: step.atSec,
        voice: s.voice,
        param: s.param,
        value: s.value,
        rampSec: step.rampSec ?? 0,
        curve: step.curve ?? 'linear',
      });
    });
    (step.trigger ?? []).forEach((voice) => events.push({ type: 'trigger', atSec: step.atSec, voice }));
    if (step.holdUntil && step.advanceWhen) throw new ProgramError(`${where}: give holdUntil or advanceWhen, not both`);
    const key = step.holdUntil ? 'holdUntil' : step.advanceWhen ? 'advanceWhen' : null;
    if (key) {
      const parsed = stepConditionSchema.safeParse(step[key]);
      if (!parsed.success) throw new ProgramError(describeIssues(parsed.error, `${where}.${key}`));
      // The step ends where the next begins (the last one where the fade-out starts).
      const endSec = i + 1 < schedule.steps.length ? schedule.steps[i + 1]!.atSec : schedule.durationSec - fadeOut;
      holds.push({
        mode: key === 'holdUntil' ? 'hold' : 'advance',
        fromSec: step.atSec,
        atSec: Math.max(step.atSec, endSec),
        condition: parsed.data,
        label: `step ${i + 1}`,
      });
    }
  });
  if (fadeIn > 0) events.unshift({ type: 'param', atSec: 0, voice: 'master', param: 'gain', value: master, rampSec: fadeIn });
  if (fadeOut > 0) events.push({ type: 'param', atSec: schedule.durationSec - fadeOut, voice: 'master', param: 'gain', value: 0, rampSec: fadeOut });
  events.sort((a, b) => a.atSec - b.atSec);
  try {
    const program = validateProgram({
      label: schedule.label,
      durationSec: schedule.durationSec,
      masterGain: fadeIn > 0 ? 0 : master,
      voices: schedule.voices,
      events,
    });
    if (holds.length) program.holds = validateHolds(holds, program.durationSec);
    return program;
  } catch (error) {
    throw new ProgramError(`schedule: ${(error as Error).message}`);
  }
}
