// SBaGen `.sbg` sequence files, the common subset: tone-set lines (binaural `200+10/30`, sine
// `200/30`, `pink|white|brown/40`, `bell+800/20`, SBaGen+ isochronic `300@10/10`, SBaGenX monaural
// `200M8/20`, `-` for an unused channel), time lines (`hh:mm[:ss]`, `NOW`, `+hh:mm[:ss]`
// relative to the last absolute time, chains like `NOW+04:00+00:00:20`), fade-in/out pairs
// (`--` default, `==` slide, `<` / `>` via silence) and `->` (the whole period is the transition).
// Not supported (clear error or warning): blocks `{ }`, `spin:`, `wave<n>:`, `mix/` soundtracks.
//
// Closed-loop extension (Clisonix): a time line may end with a `#@` comment that holds or advances
// its period on an EEG condition. SBaGen reads it as a comment, so the file still plays open loop.
//   NOW base        #@until relative(alpha) > 0.3 for 30s
//   +00:10:00 deep  #@advance-if relative(theta) rises by 0.05 baseline 20s
// Grammar: `#@until|advance-if METRIC (> V | < V | rises by V | falls by V) [for Ns] [baseline Ns] [max Ns]`
// (durations in s or m: `30s`, `2m`); METRIC as in conditions.ts parseMetricText.
import { parseMetricText, stepConditionSchema, describeIssues, type StepCondition } from './conditions.ts';

export type SbgToneKind = 'binaural' | 'monaural' | 'isochronic' | 'tone' | 'pink' | 'white' | 'brown' | 'bell';

export interface SbgTone {
  kind: SbgToneKind;
  carrierHz: number;
  /** Beat in Hz, signed for binaural: '+' = left ear higher (SBaGen's `100+4` gives 102 | 98 Hz). */
  beatHz: number;
  /** SBaGen amplitude, 0-100 (100 = full scale for the whole tone-set). */
  amp: number;
}

export interface SbgToneSet {
  name: string;
  /** Channel i of every tone-set continues into channel i of the next; null = unused channel. */
  channels: (SbgTone | null)[];
  line: number;
}

export interface SbgPeriod {
  /** Seconds from the start of the sequence (the first time line is 0). */
  atSec: number;
  toneSet: string;
  fadeIn: '<' | '-' | '=';
  fadeOut: '>' | '-' | '=';
  slideToNext: boolean;
  line: number;
  /** `#@` extension: hold the period until the condition holds, or leave it as soon as it does. */
  condition?: SbgCondition;
}

export interface SbgCondition {
  mode: 'hold' | 'advance';
  condition: StepCondition;
  /** The directive as written, after `#@`. */
  text: string;
}

export interface SbgSequence {
  toneSets: Map<string, SbgToneSet>;
  periods: SbgPeriod[];
  options: string[];
  warnings: string[];
}

/** A problem in an .sbg file, with its 1-based line number. */
export class SbgError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'SbgError';
  }
}

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const TONE_PATTERNS: [RegExp, (m: RegExpMatchArray) => SbgTone | null][] = [
  [new RegExp(`^(pink|white|brown)/${NUM}$`), (m) => ({ kind: m[1] as SbgToneKind, carrierHz: 0, beatHz: 0, amp: +m[2]! })],
  [new RegExp(`^bell\\+${NUM}/${NUM}$`), (m) => ({ kind: 'bell', carrierHz: +m[1]!, beatHz: 0, amp: +m[2]! })],
  [
    new RegExp(`^${NUM}([+-])${NUM}/${NUM}$`),
    (m) => ({ kind: 'binaural', carrierHz: +m[1]!, beatHz: (m[2] === '+' ? -1 : 1) * +m[3]!, amp: +m[4]! }),
  ],
  [new RegExp(`^${NUM}@${NUM}/${NUM}$`), (m) => ({ kind: 'isochronic', carrierHz: +m[1]!, beatHz: +m[2]!, amp: +m[3]! })],
  [new RegExp(`^${NUM}M${NUM}/${NUM}$`), (m) => ({ kind: 'monaural', carrierHz: +m[1]!, beatHz: +m[2]!, amp: +m[3]! })],
  [new RegExp(`^${NUM}/${NUM}$`), (m) => ({ kind: 'tone', carrierHz: +m[1]!, beatHz: 0, amp: +m[2]! })],
  [/^-$/, () => null],
];

function parseTone(spec: string, line: number, warnings: string[]): SbgTone | null {
  if (/^mix\/\d/.test(spec)) {
    warnings.push(`line ${line}: '${spec}' mixes a soundtrack, which JONA does not play; channel left silent`);
    return null;
  }
  for (const [re, make] of TONE_PATTERNS) {
    const m = spec.match(re);
    if (m) return make(m);
  }
  throw new SbgError(
    line,
    `cannot read tone spec '${spec}' (supported: -, pink|white|brown/AMP, CARRIER+BEAT/AMP, CARRIER-BEAT/AMP, CARRIER@BEAT/AMP, CARRIERMBEAT/AMP, CARRIER/AMP, bell+HZ/AMP)`,
  );
}

const SECONDS = String.raw`(\d+(?:\.\d+)?)(s|m)`;
const CONDITION = new RegExp(
  String.raw`^(?<mode>until|advance-if)\s+(?<metric>\S+)\s+(?:(?<op>[<>])\s*(?<value>-?\d+(?:\.\d+)?)|(?<trend>rises|falls)\s+by\s+(?<by>\d+(?:\.\d+)?))(?<options>(?:\s+(?:for|baseline|max)\s+${SECONDS})*)$`,
);

/** Reads a `#@` directive (the text after `#@`). */
function parseCondition(text: string, line: number): SbgCondition {
  const g = text.match(CONDITION)?.groups;
  if (!g)
    throw new SbgError(
      line,
      `cannot read '#@${text}' (use #@until|advance-if METRIC > V | < V | rises by V | falls by V [for Ns] [baseline Ns] [max Ns])`,
    );
  const { mode, metric: metricText, op, value, trend, by, options = '' } = g;
  let metric;
  try {
    metric = parseMetricText(metricText!);
  } catch (error) {
    throw new SbgError(line, (error as Error).message);
  }
  const condition: Record<string, unknown> = { metric };
  if (op) condition[op === '>' ? 'above' : 'below'] = +value!;
  else condition[trend === 'rises' ? 'risesBy' : 'fallsBy'] = +by!;
  for (const o of options.matchAll(new RegExp(`(for|baseline|max)\\s+${SECONDS}`, 'g'))) {
    const sec = +o[2]! * (o[3] === 'm' ? 60 : 1);
    condition[o[1] === 'for' ? 'forSec' : o[1] === 'baseline' ? 'baselineSec' : 'maxSec'] = sec;
  }
  if (mode === 'advance-if' && condition.maxSec !== undefined) throw new SbgError(line, `'max' belongs to #@until (an advance never waits)`);
  const parsed = stepConditionSchema.safeParse(condition);
  if (!parsed.success) throw new SbgError(line, describeIssues(parsed.error, '#@'));
  return { mode: mode === 'until' ? 'hold' : 'advance', condition: parsed.data, text };
}

const CLOCK = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?`;
const clockSec = (h: string, m: string, s?: string) => +h * 3600 + +m * 60 + (s ? +s : 0);

/** Reads a time-spec; `lastAbsolute` is the last absolute time seen (for bare `+hh:mm`). */
function parseTime(token: string, lastAbsolute: number | undefined, line: number): { sec: number; absolute: number } {
  const m = token.match(new RegExp(`^(NOW|${CLOCK})?((?:\\+${CLOCK})*)$`));
  if (!m || token === '') throw new SbgError(line, `cannot read time '${token}' (use hh:mm, hh:mm:ss, NOW, +hh:mm[:ss])`);
  let absolute: number;
  if (m[1] === 'NOW') absolute = 0;
  else if (m[1]) absolute = clockSec(m[2]!, m[3]!, m[4]);
  else if (lastAbsolute !== undefined) absolute = lastAbsolute;
  else throw new SbgError(line, `relative time '${token}' before any absolute time (NOW or hh:mm)`);
  let sec = absolute;
  for (const rel of (m[5] ?? '').matchAll(new RegExp(`\\+${CLOCK}`, 'g'))) sec += clockSec(rel[1]!, rel[2]!, rel[3]);
  for (const part of [m[3], m[4]]) if (part && +part >= 60) throw new SbgError(line, `minutes/seconds must be < 60 in '${token}'`);
  return { sec, absolute };
}

/**
 * Parses an .sbg file. Throws SbgError naming the line for anything it cannot honour exactly
 * (unknown specs, amplitude sums over 100, times out of order, blocks).
 * @example parseSbg('alpha: pink/40 200+10/30\nNOW alpha\n+00:10 off\noff: -')
 */
export function parseSbg(text: string): SbgSequence {
  const toneSets = new Map<string, SbgToneSet>();
  const timeLines: { sec: number; rest: string[]; line: number; condition?: SbgCondition }[] = [];
  const options: string[] = [];
  const warnings: string[] = [];
  let lastAbsolute: number | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const directive = raw.match(/#@\s*(.*?)\s*$/)?.[1];
    const content = raw.replace(/#.*$/, '').trim();
    if (directive !== undefined && !/^(NOW|\+|\d)/.test(content))
      throw new SbgError(line, `a '#@' condition belongs at the end of a time line (it holds or advances that period)`);
    if (!content) return;
    if (content.startsWith('-')) {
      options.push(...content.split(/\s+/));
      if (/(^|\s)-(p|i)\b/.test(content))
        throw new SbgError(line, `'${content}' generates the sequence from options; only tone-set and time lines are supported`);
      return;
    }
    const def = content.match(/^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$/);
    if (def) {
      const [, name, body] = def;
      if (body!.startsWith('{')) throw new SbgError(line, `block definitions ('${name}: {') are not supported`);
      if (!body) throw new SbgError(line, `tone-set '${name}' has no tone specs (use '-' for silence)`);
      const channels = body.split(/\s+/).map((spec) => parseTone(spec, line, warnings));
      const total = channels.reduce((sum, t) => sum + (t?.amp ?? 0), 0);
      if (total > 100) throw new SbgError(line, `amplitudes of tone-set '${name}' add up to ${+total.toFixed(3)}, over the maximum of 100`);
      if (toneSets.has(name!)) throw new SbgError(line, `tone-set '${name}' is defined twice`);
      toneSets.set(name!, { name: name!, channels, line });
      return;
    }
    const tokens = content.split(/\s+/);
    const t = parseTime(tokens[0]!, lastAbsolute, line);
    lastAbsolute = t.absolute;
    timeLines.push({ sec: t.sec, rest: tokens.slice(1), line, ...(directive !== undefined ? { condition: parseCondition(directive, line) } : {}) });
  });
  const periods = timeLines.map(({ sec, rest, line, condition }): SbgPeriod => {
    let i = 0;
    let fadeIn: SbgPeriod['fadeIn'] = '-';
    let fadeOut: SbgPeriod['fadeOut'] = '-';
    const fade = rest[i]?.match(/^([<=-])([>=-])$/);
    if (fade) {
      fadeIn = fade[1] as SbgPeriod['fadeIn'];
      fadeOut = fade[2] as SbgPeriod['fadeOut'];
      i++;
    }
    const toneSet = rest[i++];
    if (!toneSet) throw new SbgError(line, 'time line names no tone-set');
    if (!toneSets.has(toneSet)) throw new SbgError(line, `tone-set '${toneSet}' is not defined`);
    const slideToNext = rest[i] === '->';
    if (slideToNext) i++;
    if (i < rest.length) throw new SbgError(line, `unexpected '${rest.slice(i).join(' ')}' after the tone-set name`);
    return { atSec: sec, toneSet, fadeIn, fadeOut, slideToNext, line, ...(condition ? { condition } : {}) };
  });
  if (periods.length === 0) throw new SbgError(text.split(/\r?\n/).length, 'no time lines: nothing to play');
  for (let i = 1; i < periods.length; i++) {
    if (periods[i]!.atSec <= periods[i - 1]!.atSec)
      throw new SbgError(periods[i]!.line, `time is not after the previous time line (line ${periods[i - 1]!.line})`);
  }
  const start = periods[0]!.atSec;
  for (const p of periods) p.atSec -= start;
  return { toneSets, periods, options, warnings };
}
