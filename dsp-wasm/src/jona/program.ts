// A Program is everything needed to render a sound deterministically: the voices at t = 0 and a
// time-ordered list of parameter changes (with ramps) and bell triggers. Presets, JSON schedules
// and SBaGen files all compile to this shape; the kernel player renders it.
import type { ProgramHold } from './conditions.ts';
import { MAX_VOICES, PARAM_IDS, VOICE_KINDS, type Curve, type ParamName, type VoiceKind } from './kernel-abi.ts';

/** One voice at program start. Levels are linear amplitudes (0..1), pan is balance -1..1. */
export interface VoiceSpec {
  kind: VoiceKind;
  level: number;
  pan?: number;
  /** Carrier (binaural, monaural, isochronic), tone frequency or bell fundamental, Hz. */
  carrierHz?: number;
  /** Beat (binaural, monaural) or gate rate (isochronic), Hz. */
  beatHz?: number;
  /** Isochronic duty cycle, share of the beat period that sounds (default 0.5). */
  duty?: number;
  /** Isochronic attack/release, s (default 0.1 / beatHz each). */
  attackSec?: number;
  releaseSec?: number;
}

/** Changes one parameter at `atSec`, reaching `value` after `rampSec` (0 = smoothed step). */
export interface ParamEvent {
  type: 'param';
  atSec: number;
  /** Voice index, or 'master' for the master gain. */
  voice: number | 'master';
  param: ParamName;
  value: number;
  rampSec?: number;
  curve?: Curve;
}

/** Strikes a bell voice at `atSec`. */
export interface TriggerEvent {
  type: 'trigger';
  atSec: number;
  voice: number;
}

export type ProgramEvent = ParamEvent | TriggerEvent;

export interface Program {
  label?: string;
  durationSec: number;
  /** Master gain at t = 0 (linear). */
  masterGain: number;
  voices: VoiceSpec[];
  events: ProgramEvent[];
  /**
   * Closed-loop extension: points where the timeline waits for, or jumps on, an EEG condition
   * (conditions.ts). Players ignore them (they play the timeline as written); the neurofeedback worker
   * runs them (splitHeldProgram). Checked by validateHolds, not here, so the worklet needs no validator.
   */
  holds?: ProgramHold[];
}

/** Thrown for a program that cannot be rendered; the message names the offending field. */
export class ProgramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProgramError';
  }
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Checks a program and throws ProgramError naming the first bad field. Returns the program. */
export function validateProgram(program: Program): Program {
  if (!program || typeof program !== 'object') throw new ProgramError('program must be an object');
  if (!finite(program.durationSec) || program.durationSec <= 0)
    throw new ProgramError(`durationSec must be a positive number, got ${program.durationSec}`);
  if (!finite(program.masterGain) || program.masterGain < 0 || program.masterGain > 4)
    throw new ProgramError(`masterGain must be 0..4, got ${program.masterGain}`);
  if (!Array.isArray(program.voices) || program.voices.length > MAX_VOICES)
    throw new ProgramError(`voices must be an array of at most ${MAX_VOICES}`);
  program.voices.forEach((v, i) => {
    if (!v || !(v.kind in VOICE_KINDS))
      throw new ProgramError(`voices[${i}].kind must be one of ${Object.keys(VOICE_KINDS).join(', ')}, got ${v?.kind}`);
    if (!finite(v.level) || v.level < 0 || v.level > 4) throw new ProgramError(`voices[${i}].level must be 0..4, got ${v.level}`);
    for (const key of ['pan', 'carrierHz', 'beatHz', 'duty', 'attackSec', 'releaseSec'] as const) {
      if (v[key] !== undefined && !finite(v[key])) throw new ProgramError(`voices[${i}].${key} must be a finite number, got ${v[key]}`);
    }
    if (v.pan !== undefined && Math.abs(v.pan) > 1) throw new ProgramError(`voices[${i}].pan must be -1..1, got ${v.pan}`);
  });
  if (!Array.isArray(program.events)) throw new ProgramError('events must be an array');
  program.events.forEach((e, i) => {
    if (!finite(e?.atSec) || e.atSec < 0) throw new ProgramError(`events[${i}].atSec must be >= 0, got ${e?.atSec}`);
    const voiceOk =
      e.voice === 'master'
        ? e.type === 'param' && e.param === 'gain'
        : Number.isInteger(e.voice) && (e.voice as number) >= 0 && (e.voice as number) < program.voices.length;
    if (!voiceOk) throw new ProgramError(`events[${i}].voice ${String(e.voice)} does not name a voice of this program`);
    if (e.type === 'param') {
      if (!(e.param in PARAM_IDS)) throw new ProgramError(`events[${i}].param ${e.param} is not a parameter`);
      if (!finite(e.value)) throw new ProgramError(`events[${i}].value must be a finite number, got ${e.value}`);
      if (e.rampSec !== undefined && (!finite(e.rampSec) || e.rampSec < 0))
        throw new ProgramError(`events[${i}].rampSec must be >= 0, got ${e.rampSec}`);
    } else if (e.type !== 'trigger') {
      throw new ProgramError(`events[${i}].type must be 'param' or 'trigger'`);
    }
  });
  return program;
}

/** Default isochronic envelope: 10% of the beat period for attack and for release. */
export function voiceDefaults(v: VoiceSpec): Required<VoiceSpec> {
  const beat = v.beatHz ?? 10;
  return {
    kind: v.kind,
    level: v.level,
    pan: v.pan ?? 0,
    carrierHz: v.carrierHz ?? (v.kind === 'bell' ? 880 : 200),
    beatHz: beat,
    duty: v.duty ?? 0.5,
    attackSec: v.attackSec ?? 0.1 / Math.max(Math.abs(beat), 1e-3),
    releaseSec: v.releaseSec ?? 0.1 / Math.max(Math.abs(beat), 1e-3),
  };
}
