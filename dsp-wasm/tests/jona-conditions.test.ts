// The closed-loop extension of schedules: `holdUntil` / `advanceWhen` steps in JSON and `#@` conditions
// on SBaGen time lines become program holds; plain files compile exactly as before.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMetricText, splitHeldProgram, validateHolds } from '../src/jona/conditions.ts';
import { parseSbg, ProgramError, sbgToProgram, scheduleToProgram, SbgError } from '../src/jona/index.ts';

const fixture = (name: string) => readFileSync(new URL(`./jona-fixtures/${name}`, import.meta.url), 'utf8');
const FIXTURES = ['cy-eye-refresher.sbg', 'cy-prana-energiser.sbg', 'sbagen-manual-examples.sbg', 'ts-brain-isochronic-alpha.sbg'];

describe('SBaGen #@ conditions', () => {
  it.each(FIXTURES)('%s, a plain file: no holds, nothing held, the whole program played', (name) => {
    const { program, timeline } = sbgToProgram(fixture(name));
    expect(program).not.toHaveProperty('holds');
    expect(timeline.some((e) => 'condition' in e)).toBe(false);
    expect(splitHeldProgram(program)).toEqual({ played: program, live: [], cutSec: Number.POSITIVE_INFINITY });
  });

  it('a #@ comment holds its period and changes nothing else: the same events, voices and timeline', () => {
    const plain = fixture('cy-eye-refresher.sbg');
    const lines = plain.split('\n');
    const at = lines.findIndex((l) => /^\s*\+?\d|^NOW/.test(l) && l.includes('ts2'));
    lines[at] += '   #@until relative(alpha@AF7,AF8) > 0.3 for 30s max 5m';
    const held = sbgToProgram(lines.join('\n'));
    const before = sbgToProgram(plain);
    expect(held.program.events).toEqual(before.program.events);
    expect(held.program.voices).toEqual(before.program.voices);
    expect(held.timeline.map(({ condition: _, ...e }) => e)).toEqual(before.timeline);
    expect(held.timeline[1]!.condition).toBe('until relative(alpha@AF7,AF8) > 0.3 for 30s max 5m');
    // ts2 runs 120-240 s: watched once the change into it is done (150 s), held where the change out begins (210 s).
    expect(held.program.holds).toEqual([
      {
        mode: 'hold',
        fromSec: 150,
        atSec: 210,
        condition: { metric: { kind: 'relative-power', band: 'alpha', electrodes: ['AF7', 'AF8'] }, above: 0.3, forSec: 30, maxSec: 300 },
        label: `ts2 (line ${at + 1})`,
      },
    ]);
    const { played, live } = splitHeldProgram(held.program);
    expect(played.events.every((e) => e.atSec < 150)).toBe(true);
    expect(played.events.length + live.length).toBe(before.program.events.length);
  });

  it('advance-if with rises/falls by, baseline and for; every metric short form', () => {
    const seq = parseSbg(
      'a: 200+10/40\nb: 200+6/40\noff: -\nNOW a  #@advance-if ratio(theta/beta) rises by 0.5 baseline 20s for 5s\n+00:10 b\n+00:20 off',
    );
    expect(seq.periods[0]!.condition).toEqual({
      mode: 'advance',
      condition: { metric: { kind: 'ratio', numerator: ['theta'], denominator: ['beta'] }, risesBy: 0.5, baselineSec: 20, forSec: 5 },
      text: 'advance-if ratio(theta/beta) rises by 0.5 baseline 20s for 5s',
    });
    expect(parseMetricText('ratio(delta+theta/alpha+beta)')).toEqual({
      kind: 'ratio',
      numerator: ['delta', 'theta'],
      denominator: ['alpha', 'beta'],
    });
    expect(parseMetricText('asymmetry(F3,F4)')).toEqual({ kind: 'alpha-asymmetry', left: 'F3', right: 'F4' });
    expect(parseMetricText('absolute(theta@Fz)')).toEqual({ kind: 'absolute-power', band: 'theta', electrodes: ['Fz'] });
    expect(parseMetricText('peak-alpha')).toEqual({ kind: 'peak-alpha' });
    expect(parseMetricText('quality')).toEqual({ kind: 'signal-quality' });
  });

  it('refuses what it cannot honour, naming the line', () => {
    const base = 'a: 200+10/40\noff: -\nNOW a{c}\n+00:10 off';
    const err = (c: string) => () => sbgToProgram(base.replace('{c}', c));
    expect(err('  #@until relative(alfa) > 0.3')).toThrow(/line 3: metric 'relative\(alfa\)': metric\.band: /);
    expect(err('  #@until loudness > 3')).toThrow(/line 3: unknown metric 'loudness'/);
    expect(err('  #@until relative(alpha) above 0.3')).toThrow(/line 3: cannot read '#@until relative\(alpha\) above 0.3'/);
    expect(err('  #@advance-if relative(alpha) > 0.3 max 10s')).toThrow(/line 3: 'max' belongs to #@until/);
    expect(() => sbgToProgram('a: 200+10/40  #@until quality > 0.5\nNOW a')).toThrow(SbgError);
    expect(() => sbgToProgram('a: 200+10/40\noff: -\nNOW a\n+00:10 off #@until quality > 0.5')).toThrow(
      /the last period has a condition but nothing to go on to/,
    );
  });
});

describe('schedule steps with conditions', () => {
  const voices = [{ kind: 'binaural' as const, level: 0.5, carrierHz: 200, beatHz: 10 }];
  it('holdUntil and advanceWhen become holds from the step start to the next step (the last: to the fade-out)', () => {
    const program = scheduleToProgram({
      durationSec: 600,
      fadeOutSec: 10,
      voices,
      steps: [
        { atSec: 0, advanceWhen: { metric: { kind: 'relative-power', band: 'theta' }, risesBy: 0.1 } },
        { atSec: 120, set: [{ voice: 0, param: 'beatHz', value: 6 }], holdUntil: { metric: { kind: 'peak-alpha' }, below: 9.5, forSec: 20 } },
      ],
    });
    expect(program.holds!.map(({ mode, fromSec, atSec, label }) => [mode, fromSec, atSec, label])).toEqual([
      ['advance', 0, 120, 'step 1'],
      ['hold', 120, 590, 'step 2'],
    ]);
  });

  it('errors name the step and the field', () => {
    const step = (extra: object) => () =>
      scheduleToProgram({ durationSec: 60, voices, steps: [{ atSec: 0, ...extra }, { atSec: 30 }] } as Parameters<typeof scheduleToProgram>[0]);
    expect(step({ holdUntil: { metric: { kind: 'peak-alpha' }, above: 9, below: 12 } })).toThrow(
      /schedule\.steps\[0\]\.holdUntil: give exactly one of above, below, risesBy, fallsBy \(got above, below\)/,
    );
    expect(step({ holdUntil: { metric: { kind: 'ratio', numerator: [], denominator: ['beta'] }, above: 1 } })).toThrow(
      /schedule\.steps\[0\]\.holdUntil\.metric\.numerator: /,
    );
    expect(step({ holdUntil: { metric: { kind: 'score' }, above: 0.5 }, advanceWhen: { metric: { kind: 'score' }, above: 0.5 } })).toThrow(
      ProgramError,
    );
    expect(() => validateHolds([{ mode: 'hold', fromSec: 10, atSec: 5, condition: { metric: { kind: 'score' }, above: 1 } }], 60)).toThrow(
      /holds\[0\]\.atSec: atSec must not be before fromSec/,
    );
  });
});

describe('the documented example (docs/jona.md)', () => {
  it('parses to a hold on base and an advance on deep', () => {
    const text = [
      'base: 200+10/40 pink/20',
      'deep: 200+6/40 pink/25',
      'off: -',
      'NOW base          #@until relative(alpha) > 0.3 for 30s max 10m',
      '+00:05:00 == deep #@advance-if relative(theta@TP9,TP10) rises by 0.05 baseline 20s',
      '+00:15:00 off',
    ].join('\n');
    const { program } = sbgToProgram(text);
    expect(program.holds!.map(({ mode, fromSec, atSec, label }) => [mode, fromSec, atSec, label])).toEqual([
      ['hold', 30, 270, 'base (line 4)'],
      ['advance', 330, 870, 'deep (line 5)'],
    ]);
    expect(program.holds![1]!.condition).toEqual({
      metric: { kind: 'relative-power', band: 'theta', electrodes: ['TP9', 'TP10'] },
      risesBy: 0.05,
      baselineSec: 20,
    });
  });
});
