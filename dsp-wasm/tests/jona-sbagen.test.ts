// SBaGen import on real published sequences (dsp-wasm/tests/jona-fixtures, sources noted in each
// file) with their expected timelines, error cases, and a rendered check of one slide.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTimeline, parseSbg, SbgError, sbgToProgram, previewSbgTimeline } from '../src/jona/index.ts';
import { findPeakHz, renderProgram } from './jona-helpers.ts';

const fixture = (name: string) => readFileSync(new URL(`./jona-fixtures/${name}`, import.meta.url), 'utf8');
const brief = (t: ReturnType<typeof previewSbgTimeline>) => t.map((e) => [e.startSec, e.endSec, e.toneSet, e.transition]);

describe('SBaGen import', () => {
  it('cy-eye-refresher: clock times rebased to the first line, default -- fades', () => {
    const { timeline, program } = sbgToProgram(fixture('cy-eye-refresher.sbg'));
    expect(brief(timeline)).toEqual([
      [0, 120, 'ts1', 'start'],
      [120, 240, 'ts2', 'fade'],
      [240, 361, 'ts3', 'fade'],
      [361, 361, 'off', 'fade'],
    ]);
    // Fade windows: 30 s either side of each change.
    expect([timeline[1]!.windowStartSec, timeline[1]!.windowEndSec]).toEqual([90, 150]);
    expect(program.durationSec).toBe(361);
    expect(program.voices.map((v) => v.kind)).toEqual(['binaural', 'binaural']);
    expect(formatTimeline(timeline).split('\n')[0]).toBe('00:00:00-00:02:00 ts1 (start) binaural 100 Hz +3.6 Hz /10, binaural 300 Hz +4.6 Hz /10');
  });

  it('cy-prana-energiser: == slides with -> over whole periods', () => {
    const { timeline } = sbgToProgram(fixture('cy-prana-energiser.sbg'));
    expect(brief(timeline)).toEqual([
      [0, 1, 'off', 'start'],
      [1, 90, 'ts1', 'slide'],
      [90, 180, 'ts2', 'slide'],
      [180, 181, 'ts3', 'slide'],
      [181, 181, 'off', 'slide'],
    ]);
    // With '->' the previous period is the transition: ts2 is reached exactly at 90 s.
    expect([timeline[2]!.windowStartSec, timeline[2]!.windowEndSec]).toEqual([1, 90]);
  });

  it('renders the prana slide: at 90 s the first channel sits on ts2 (696 Hz carrier, 11.6 Hz beat, left ear higher)', async () => {
    const { program } = sbgToProgram(fixture('cy-prana-energiser.sbg'));
    const { left, right } = await renderProgram(program, 91 * 48000);
    const from = Math.round(89.6 * 48000);
    const l = left.subarray(from, from + 38400); // 0.8 s around 90 s (the slide moves ~0.3 Hz/s)
    const r = right.subarray(from, from + 38400);
    expect(Math.abs(findPeakHz(l, 48000, 696 + 5.8, 1) - 701.8)).toBeLessThan(0.3);
    expect(Math.abs(findPeakHz(r, 48000, 696 - 5.8, 1) - 690.2)).toBeLessThan(0.3);
  });

  it('ts-brain-isochronic-alpha: SBaGen+ isochronic with pink noise, open end of one hour', () => {
    const { timeline, program } = sbgToProgram(fixture('ts-brain-isochronic-alpha.sbg'));
    expect(brief(timeline)).toEqual([[0, 3600, 'ts', 'start']]);
    expect(program.voices.map((v) => v.kind)).toEqual(['pink', 'isochronic']);
    const levels = program.events.filter((e) => e.type === 'param' && e.param === 'level').map((e) => (e as { value: number }).value);
    expect(levels).toEqual([0.4, 0.1]);
  });

  it('manual examples: NOW, +hh:mm relative to the last absolute time, hour-long == slide', () => {
    const seq = parseSbg(fixture('sbagen-manual-examples.sbg'));
    const timeline = previewSbgTimeline(seq);
    expect(brief(timeline)).toEqual([
      [0, 600, 'theta6', 'start'],
      [600, 1200, 'theta4', 'fade'],
      [1200, 1800, 'all-off', 'fade'],
      [1800, 5400, 'theta4', 'fade'],
      [5400, 6000, 'alpha10', 'slide'],
      [6000, 6000, 'all-off', 'fade'],
    ]);
    expect([timeline[4]!.windowStartSec, timeline[4]!.windowEndSec]).toEqual([1800, 5400]);
  });

  it('refuses amplitude sums over 100 with the line number', () => {
    const text = 'ok: pink/40 200+10/30\nloud: pink/60 200+10/30 300/20\nNOW ok\n+00:01 loud\n';
    expect(() => parseSbg(text)).toThrow(SbgError);
    expect(() => parseSbg(text)).toThrow("line 2: amplitudes of tone-set 'loud' add up to 110, over the maximum of 100");
  });

  it('gives clear errors for what it cannot honour', () => {
    expect(() => parseSbg('a: spin:300+4/20\nNOW a')).toThrow(/line 1: cannot read tone spec 'spin:300\+4\/20'/);
    expect(() => parseSbg('a: pink/10\nNOW a\n+00:10 b')).toThrow("line 3: tone-set 'b' is not defined");
    expect(() => parseSbg('a: pink/10\n12:00 a\n11:00 a')).toThrow(/line 3: time is not after/);
    expect(() => parseSbg('a: pink/10\n+00:10 a')).toThrow(/line 2: relative time/);
    expect(() => parseSbg('b: {\n+00:00 a\n}')).toThrow(/line 1: block definitions/);
    expect(parseSbg('a: mix/80 pink/10\nNOW a').warnings[0]).toMatch(/line 1: 'mix\/80'/);
  });
});
