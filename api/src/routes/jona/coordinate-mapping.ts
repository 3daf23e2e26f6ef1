// A feedback mapping (workers/audio/feedback-mapping.ts) applied once, to the program POST /coordinate
// synthesises: each mapping's metric is read from the analysis of the posted channels
// (workers/analysis/mapping-metrics.ts), put through its curve (clamped to the mapping's input range,
// so the parameter stays within its output range) and set on the preset's voice before rendering.
// There is no running loop here, so neither smoothing nor the rate limit applies: one analysis, one value.
import type { z } from 'zod';
import { describeIssues } from '../../../../dsp-wasm/src/jona/conditions.ts';
import type { Program } from '../../../../dsp-wasm/src/jona/program.ts';
import { type MetricChannels, checkMetricElectrodes, getMetricValue } from '../../../../workers/analysis/mapping-metrics.ts';
import {
  type FeedbackMapping,
  type MappedParam,
  MappingError,
  type MappingSet,
  applyCurve,
  makeMappingRunner,
  mappingSetSchema,
} from '../../../../workers/audio/feedback-mapping.ts';
import { ProblemError } from '../../http/problem.ts';
import type { AnalyzeResponse } from '../albi/contract.ts';

/** One parameter a mapping set on the program's voices (voice index, or 'master' for the master gain). */
export interface TuningEntry {
  voice: number | 'master';
  param: MappedParam;
  value: number;
}

/** What one mapping did, for step 2 of the answer. */
export interface MappedResult {
  mapping: number;
  metric: FeedbackMapping['metric'];
  /** The metric on the posted channels; null when it could not be computed (then nothing is set). */
  metricValue: number | null;
  target: { voice: number | 'master'; param: MappedParam };
  /** The parameter as set, null when not set; `clamped` when the metric was outside the mapping's input range. */
  value: number | null;
  clamped: boolean;
  reason?: string;
}

const issuePath = (path: PropertyKey[]) => path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}.${p}` : `${s}.${String(p)}`), 'body.mapping');

/** Validates `body.mapping`; a 400 names every wrong field (`body.mapping.mappings.0.output.1`). */
export function parseCoordinateMapping(input: unknown): MappingSet {
  const parsed = mappingSetSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const error = parsed.error as z.ZodError;
  throw new ProblemError(
    400,
    `The feedback mapping is not valid: ${describeIssues(error, 'mapping')}.`,
    error.issues.map((i) => ({ path: issuePath(i.path), message: i.message })),
  );
}

/** The per-channel metrics of an ALBI answer, in the shape the mapping metrics read. */
export function metricChannelsOf(analysis: AnalyzeResponse): MetricChannels {
  return Object.fromEntries(
    Object.keys(analysis.statistics).map((label) => {
      const bands = analysis.bands?.[label];
      const peak = analysis.peak_alpha_hz?.[label];
      return [
        label,
        {
          ...(bands ? { absolute: bands.absolute, relative: bands.relative } : {}),
          ...(peak !== undefined ? { peakAlphaHz: peak } : {}),
          quality: analysis.quality[label]?.score ?? 0,
        },
      ];
    }),
  );
}

/**
 * Checks the mappings against the program and the posted channels, then reads each metric and sets its
 * parameter. Throws a 400 ProblemError naming the mapping's field when a target or an electrode does not exist.
 */
export function applyMappingOnce(set: MappingSet, program: Pick<Program, 'voices' | 'masterGain' | 'events'>, analysis: AnalyzeResponse) {
  const labels = Object.keys(analysis.statistics);
  set.mappings.forEach((m, i) => {
    if (m.metric.kind === 'score')
      throw new ProblemError(400, `body.mapping.mappings[${i}].metric: 'score' needs a calibrated training, which /coordinate does not run.`, [
        { path: `body.mapping.mappings.${i}.metric.kind`, message: "'score' is not available here" },
      ]);
    const missing = checkMetricElectrodes(m.metric, labels);
    if (missing)
      throw new ProblemError(400, `body.mapping.mappings[${i}].metric: ${missing}.`, [
        { path: `body.mapping.mappings.${i}.metric`, message: missing },
      ]);
  });
  let targets: ReturnType<typeof makeMappingRunner>['targets'];
  try {
    targets = makeMappingRunner(set.mappings, program).targets;
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    const at = /mappings\[(\d+)\]\.(\w+)/.exec(error.message);
    throw new ProblemError(400, `The feedback mapping does not fit the program: ${error.message.replace(/^mapping\./, 'body.mapping.')}.`, [
      { path: at ? `body.mapping.mappings.${at[1]}.${at[2]}` : 'body.mapping', message: error.message },
    ]);
  }
  const channels = metricChannelsOf(analysis);
  const tuning: TuningEntry[] = [];
  const mapped: MappedResult[] = set.mappings.map((m, i) => {
    const target = targets[i]!;
    const x = getMetricValue(m.metric, channels);
    if (!Number.isFinite(x))
      return {
        mapping: i,
        metric: m.metric,
        metricValue: null,
        target,
        value: null,
        clamped: false,
        reason: 'the metric cannot be computed on these channels (too short for band powers, or no alpha peak)',
      };
    const value = applyCurve(m, x);
    tuning.push({ ...target, value });
    return { mapping: i, metric: m.metric, metricValue: x, target, value, clamped: x < m.input[0] || x > m.input[1] };
  });
  return { tuning, mapped };
}

/** Sets the tuned parameters on a program's voices (their starting values) and on the master gain's fade-in target. */
export function tuneProgram(program: Program, tuning: TuningEntry[] | null | undefined): Program {
  if (!tuning?.length) return program;
  const voices = program.voices.map((v) => ({ ...v }));
  let events = program.events;
  for (const t of tuning) {
    if (t.voice === 'master') {
      // The preset fades the master in to the amplitude at 0 s: the mapping sets where the fade goes.
      events = events.map((e) => (e.type === 'param' && e.voice === 'master' && e.atSec === 0 ? { ...e, value: t.value } : e));
    } else {
      const v = voices[t.voice]!;
      if (t.param === 'gain' || t.param === 'level') v.level = t.value;
      else v[t.param] = t.value;
    }
  }
  return { ...program, voices, events };
}
