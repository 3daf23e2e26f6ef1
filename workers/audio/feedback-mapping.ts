// Feedback mappings, as data: an EEG metric drives one parameter of the running program.
//
//   metric (each analysis, every ~500 ms)
//     -> smoothing: exponential, time constant `smoothingSec`
//     -> curve: input range -> output range (linear or exponential), clamped at both ends
//     -> rate limit: at most `maxRatePerSec` units per second
//     -> a kernel ramp to the new value lasting until the next analysis: the parameter moves
//        continuously, never faster than the rate limit, so nothing jumps audibly
//
// JSON: { "mappings": [ { "metric": { "kind": "peak-alpha" }, "target": { "voice": "beat", "param": "beatHz" },
//          "input": [8, 12], "output": [8, 12], "maxRatePerSec": 0.5 } ] }   (docs/jona.md, "Feedback mappings")
import { z } from 'zod';
import { describeIssues, metricSpecSchema } from '../../dsp-wasm/src/jona/conditions.ts';
import type { ParamEvent, ProgramEvent, VoiceSpec } from '../../dsp-wasm/src/jona/program.ts';
import { voiceDefaults } from '../../dsp-wasm/src/jona/program.ts';

export type MappedParam = 'beatHz' | 'carrierHz' | 'level' | 'gain';

/** What each parameter may be set to, and how fast it moves when a mapping gives no rate (units/s). */
export const PARAM_LIMITS: Record<MappedParam, { min: number; max: number; unit: string; defaultRatePerSec: number }> = {
  beatHz: { min: 0, max: 100, unit: 'Hz', defaultRatePerSec: 0.5 },
  carrierHz: { min: 20, max: 2000, unit: 'Hz', defaultRatePerSec: 10 },
  level: { min: 0, max: 1, unit: '', defaultRatePerSec: 0.2 },
  gain: { min: 0, max: 1, unit: '', defaultRatePerSec: 0.2 },
};
export const DEFAULT_SMOOTHING_SEC = 2;
export const MAX_MAPPINGS = 16;

const pair = z.tuple([z.number(), z.number()]);

export const feedbackMappingSchema = z
  .strictObject({
    metric: metricSpecSchema,
    /** A voice by index, the first noise voice ('noise'), the first beat voice ('beat'), or 'master' (param 'gain'). */
    target: z.strictObject({
      voice: z.union([z.number().int().min(0), z.enum(['master', 'noise', 'beat'])]),
      param: z.enum(['beatHz', 'carrierHz', 'level', 'gain']),
    }),
    /** Metric values at the two ends of the curve (input[0] < input[1]); outside them the output is clamped. */
    input: pair,
    /** Parameter values at input[0] and input[1] (either order: a falling curve is fine). */
    output: pair,
    /** 'exp' interpolates geometrically (even steps in pitch); both outputs must then be > 0. */
    shape: z.enum(['linear', 'exp']).optional(),
    smoothingSec: z.number().min(0).max(600).optional(),
    maxRatePerSec: z.number().positive().optional(),
  })
  .superRefine((m, ctx) => {
    const { voice, param } = m.target;
    if ((voice === 'master') !== (param === 'gain'))
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: `'gain' is the master's parameter and the master has only 'gain' (got voice ${voice}, param ${param})`,
      });
    if (!(m.input[0] < m.input[1])) ctx.addIssue({ code: 'custom', path: ['input'], message: `input must rise: [low, high], got [${m.input}]` });
    const limits = PARAM_LIMITS[param];
    m.output.forEach((v, i) => {
      if (v < limits.min || v > limits.max)
        ctx.addIssue({
          code: 'custom',
          path: ['output', i],
          message: `${param} must be ${limits.min}..${limits.max}${limits.unit ? ` ${limits.unit}` : ''}, got ${v}`,
        });
    });
    if (m.shape === 'exp' && !(m.output[0] > 0 && m.output[1] > 0))
      ctx.addIssue({ code: 'custom', path: ['output'], message: `an 'exp' curve needs both outputs above 0, got [${m.output}]` });
  });
export type FeedbackMapping = z.infer<typeof feedbackMappingSchema>;

export const mappingSetSchema = z.strictObject({ mappings: z.array(feedbackMappingSchema).max(MAX_MAPPINGS) });
export type MappingSet = z.infer<typeof mappingSetSchema>;

/** A mapping set that is not valid; the message names the field (`mappings[0].output[1]: ...`). */
export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

/**
 * Reads a mapping set from JSON text or a parsed value. Throws MappingError naming the bad field.
 * @example parseMappingSet('{"mappings":[{"metric":{"kind":"peak-alpha"},"target":{"voice":"beat","param":"beatHz"},"input":[8,12],"output":[8,12]}]}')
 */
export function parseMappingSet(input: unknown): MappingSet {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new MappingError(`the mapping is not JSON: ${(error as Error).message}`);
    }
  }
  const parsed = mappingSetSchema.safeParse(value);
  if (!parsed.success) throw new MappingError(describeIssues(parsed.error, 'mapping'));
  return parsed.data;
}

/** A mapping's target as a kernel voice index (or 'master'), from the program's voices. */
export function resolveTarget(mapping: FeedbackMapping, voices: VoiceSpec[], where: string): { voice: number | 'master'; param: MappedParam } {
  const { voice, param } = mapping.target;
  if (voice === 'master') return { voice, param };
  const isNoise = (v: VoiceSpec) => v.kind === 'pink' || v.kind === 'white' || v.kind === 'brown';
  const isBeat = (v: VoiceSpec) => v.kind === 'binaural' || v.kind === 'monaural' || v.kind === 'isochronic';
  const index = voice === 'noise' ? voices.findIndex(isNoise) : voice === 'beat' ? voices.findIndex(isBeat) : voice;
  if (index < 0 || index >= voices.length)
    throw new MappingError(
      `${where}.target.voice: the program has no ${typeof voice === 'number' ? `voice ${voice}` : `${voice} voice`} (${voices.length} voices: ${voices.map((v) => v.kind).join(', ')})`,
    );
  const kind = voices[index]!.kind;
  if ((param === 'beatHz' && !isBeat(voices[index]!)) || (param === 'carrierHz' && isNoise(voices[index]!)))
    throw new MappingError(`${where}.target: voice ${index} is ${kind}, which has no ${param}`);
  return { voice: index, param };
}

/** The curve: input clamped to its range, then linear or geometric between the outputs. */
export function applyCurve(m: Pick<FeedbackMapping, 'input' | 'output' | 'shape'>, x: number): number {
  const t = Math.min(1, Math.max(0, (x - m.input[0]) / (m.input[1] - m.input[0])));
  const [a, b] = m.output;
  return m.shape === 'exp' ? a * (b / a) ** t : a + (b - a) * t;
}

export interface MappingState {
  /** The metric as last read (NaN when it could not be), after smoothing. */
  smoothed: number;
  /** Where the curve wants the parameter, and where the rate limit lets it be now. */
  target: number;
  value: number;
}

/**
 * Runs mappings on a program: call update() once per analysis with each mapping's metric value.
 * Starting values are the program's own, so the first updates move from what already sounds.
 * @example const run = makeMappingRunner(set.mappings, program); run.update([9.5], 0.5, false)
 */
export function makeMappingRunner(mappings: FeedbackMapping[], program: { voices: VoiceSpec[]; masterGain: number; events?: ProgramEvent[] }) {
  const targets = mappings.map((m, i) => resolveTarget(m, program.voices, `mapping.mappings[${i}]`));
  targets.forEach((t, i) => {
    const j = targets.findIndex((u) => u.voice === t.voice && u.param === t.param);
    if (j !== i) throw new MappingError(`mapping.mappings[${i}].target: voice ${t.voice} ${t.param} is already driven by mappings[${j}]`);
  });
  // Where each target is when training starts: the voice as declared, then the program's events at 0 s
  // (an SBaGen program declares silent voices and sets them at its first time line).
  const start = (t: (typeof targets)[number]) => {
    let value: number;
    if (t.voice === 'master') value = program.masterGain;
    else {
      const v = voiceDefaults(program.voices[t.voice]!);
      value = t.param === 'beatHz' ? v.beatHz : t.param === 'carrierHz' ? v.carrierHz : v.level;
    }
    for (const e of program.events ?? [])
      if (e.type === 'param' && e.atSec <= 0 && e.voice === t.voice && (e.param === t.param || (t.voice === 'master' && e.param === 'gain')))
        value = e.value;
    return value;
  };
  // A binaural beat's sign says which ear is higher (SBaGen '+': the left); a mapping keeps it.
  const signs = targets.map((t) => (t.param === 'beatHz' && start(t) < 0 ? -1 : 1));
  const states: MappingState[] = targets.map((t, i) => ({ smoothed: Number.NaN, target: signs[i]! * start(t), value: signs[i]! * start(t) }));

  /**
   * One analysis: `values[i]` is mapping i's metric now (NaN = unknown), `dtSec` the time since the
   * last update. While `paused` (poor signal) nothing moves. Returns the ramps to send.
   */
  function update(values: number[], dtSec: number, paused: boolean): ParamEvent[] {
    const events: ParamEvent[] = [];
    mappings.forEach((m, i) => {
      const s = states[i]!;
      const x = values[i]!;
      if (paused || !Number.isFinite(x)) return;
      const tau = m.smoothingSec ?? DEFAULT_SMOOTHING_SEC;
      s.smoothed = !Number.isFinite(s.smoothed) || tau === 0 ? x : s.smoothed + (x - s.smoothed) * (1 - Math.exp(-dtSec / tau));
      s.target = applyCurve(m, s.smoothed);
      const step = (m.maxRatePerSec ?? PARAM_LIMITS[targets[i]!.param].defaultRatePerSec) * dtSec;
      s.value = Math.min(s.value + step, Math.max(s.value - step, s.target));
      // The ramp lasts until the next analysis is due, so the parameter never moves faster than the limit.
      events.push({
        type: 'param',
        atSec: 0,
        voice: targets[i]!.voice,
        param: targets[i]!.param,
        value: signs[i]! * s.value,
        rampSec: Math.max(dtSec, 0.05),
      });
    });
    return events;
  }
  return {
    update,
    targets,
    /** Each mapping's state, a copy. */
    states: (): MappingState[] => states.map((s) => ({ ...s })),
  };
}
