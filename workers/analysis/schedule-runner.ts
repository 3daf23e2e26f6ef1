// Runs a held program's timeline in the neurofeedback worker. The worklet plays the part before the
// first watched stretch by itself (splitHeldProgram); from there on this runner keeps the program's
// clock and sends each event when the clock reaches it:
//
//   programSec += elapsed, except at a 'hold' point, where it stops until the condition has held
//   `forSec` (or `maxSec` went by); an 'advance' whose condition holds jumps programSec to its end.
//
// The clock moves once per analysis (~500 ms), so live events are up to one analysis late; their
// ramps are as written, so slides and fades keep their length.
import {
  DEFAULT_BASELINE_SEC,
  DEFAULT_MAX_HOLD_SEC,
  splitHeldProgram,
  validateHolds,
  type MetricSpec,
  type ProgramHold,
} from '../../dsp-wasm/src/jona/conditions.ts';
import type { Program, ProgramEvent } from '../../dsp-wasm/src/jona/program.ts';

export interface ScheduleStatus {
  /** Program time reached, s (behind the wall clock by the time held, ahead by the time skipped). */
  programSec: number;
  /** The watched step now, if any. */
  step: {
    label: string;
    mode: ProgramHold['mode'];
    condition: ProgramHold['condition'];
    /** True once the program waits at the hold point. */
    holding: boolean;
    /** How long it has waited there, s. */
    heldSec: number;
    /** How long the condition has been true in a row, s (0 when it is not). */
    trueSec: number;
    /** The baseline of a rises/falls condition, once measured. */
    baseline: number | null;
  } | null;
  /** Steps that went on, in order: how each ended. */
  passed: Array<{ label: string; how: 'condition' | 'time' | 'max-wait' }>;
  done: boolean;
}

interface Watch {
  startMs?: number;
  baselineSum: number;
  baselineCount: number;
  trueSinceMs?: number;
  heldSinceMs?: number;
}

/**
 * @example const run = makeScheduleRunner(program, nowMs); run.update(nowMs + 500, (metric) => 0.4)
 */
export function makeScheduleRunner(program: Program, startMs: number) {
  const holds = validateHolds(program.holds ?? [], program.durationSec);
  const { live } = splitHeldProgram({ ...program, holds });
  let programSec = 0;
  let lastMs = startMs;
  let next = 0;
  let index = 0;
  let watch: Watch = { baselineSum: 0, baselineCount: 0 };
  const passed: ScheduleStatus['passed'] = [];

  const baselineOf = () => (watch.baselineCount ? watch.baselineSum / watch.baselineCount : Number.NaN);

  function isTrue(h: ProgramHold, value: number, nowMs: number): boolean {
    const c = h.condition;
    if (c.above !== undefined) return value > c.above;
    if (c.below !== undefined) return value < c.below;
    // rises/falls: the first baselineSec of the watched stretch measure the baseline.
    if (nowMs - watch.startMs! < (c.baselineSec ?? DEFAULT_BASELINE_SEC) * 1000) {
      if (Number.isFinite(value)) {
        watch.baselineSum += value;
        watch.baselineCount++;
      }
      return false;
    }
    const baseline = baselineOf();
    if (!Number.isFinite(baseline)) return false;
    return c.risesBy !== undefined ? value > baseline + c.risesBy : value < baseline - c.fallsBy!;
  }

  function pass(how: ScheduleStatus['passed'][number]['how']): void {
    passed.push({ label: holds[index]!.label ?? `hold ${index + 1}`, how });
    index++;
    watch = { baselineSum: 0, baselineCount: 0 };
  }

  /**
   * Moves the clock to `nowMs` and watches the condition with this analysis (`metric` gives a
   * metric's value now, NaN when unknown or the signal is poor). Returns the events now due.
   */
  function update(nowMs: number, metric: (spec: MetricSpec) => number): ProgramEvent[] {
    const dtSec = Math.max(0, (nowMs - lastMs) / 1000);
    lastMs = nowMs;
    programSec += dtSec;
    const h = holds[index];
    if (h) {
      if (h.mode === 'hold' && programSec >= h.atSec) {
        programSec = h.atSec;
        watch.heldSinceMs ??= nowMs;
      }
      if (programSec >= h.fromSec) {
        watch.startMs ??= nowMs;
        const value = metric(h.condition.metric);
        if (isTrue(h, value, nowMs)) watch.trueSinceMs ??= nowMs;
        else watch.trueSinceMs = undefined;
        const met = watch.trueSinceMs !== undefined && nowMs - watch.trueSinceMs >= (h.condition.forSec ?? 0) * 1000;
        if (h.mode === 'hold' && watch.heldSinceMs !== undefined) {
          if (met) pass('condition');
          else if (nowMs - watch.heldSinceMs >= (h.condition.maxSec ?? DEFAULT_MAX_HOLD_SEC) * 1000) pass('max-wait');
        } else if (h.mode === 'advance') {
          if (met) {
            programSec = Math.max(programSec, h.atSec);
            pass('condition');
          } else if (programSec >= h.atSec) pass('time');
        }
      }
    }
    // Events at a hold point that is not passed yet belong to the step after it: they wait.
    const waiting = holds[index];
    const blockAt = waiting?.mode === 'hold' ? waiting.atSec : Number.POSITIVE_INFINITY;
    const due: ProgramEvent[] = [];
    while (next < live.length && live[next]!.atSec <= programSec && live[next]!.atSec < blockAt) due.push(live[next++]!);
    return due;
  }

  function status(nowMs: number): ScheduleStatus {
    const h = holds[index];
    const baseline = baselineOf();
    return {
      programSec,
      step: h
        ? {
            label: h.label ?? `hold ${index + 1}`,
            mode: h.mode,
            condition: h.condition,
            holding: watch.heldSinceMs !== undefined,
            heldSec: watch.heldSinceMs !== undefined ? (nowMs - watch.heldSinceMs) / 1000 : 0,
            trueSec: watch.trueSinceMs !== undefined ? (nowMs - watch.trueSinceMs) / 1000 : 0,
            baseline: Number.isFinite(baseline) ? baseline : null,
          }
        : null,
      passed: [...passed],
      done: index >= holds.length && next >= live.length,
    };
  }
  return { update, status };
}
