// The five original modes as presets, and the original request shape mapped onto them.
import { ProgramError, validateProgram, type Program, type VoiceSpec } from './program.ts';

export type Mode = 'relax' | 'focus' | 'meditate' | 'sleep' | 'energize';

export interface Preset {
  /** Brainwave band the beat targets. */
  band: 'alpha' | 'beta' | 'theta' | 'delta' | 'gamma';
  beatHz: number;
  carrierHz: number;
  noise: 'white' | 'pink' | 'brown';
  /** Noise bed level relative to the beat voice. */
  noiseLevel: number;
}

/**
 * Carriers sit where binaural beats are heard best (100-300 Hz); lower carriers for the slower
 * bands keep the sound dark for sleep. Noise beds mask the carrier without hiding the beat.
 */
export const PRESETS: Record<Mode, Preset> = {
  relax: { band: 'alpha', beatHz: 10, carrierHz: 200, noise: 'pink', noiseLevel: 0.3 },
  focus: { band: 'beta', beatHz: 18, carrierHz: 250, noise: 'pink', noiseLevel: 0.2 },
  meditate: { band: 'theta', beatHz: 6, carrierHz: 150, noise: 'brown', noiseLevel: 0.35 },
  sleep: { band: 'delta', beatHz: 2, carrierHz: 100, noise: 'brown', noiseLevel: 0.4 },
  energize: { band: 'gamma', beatHz: 40, carrierHz: 300, noise: 'white', noiseLevel: 0.06 },
};

export interface SynthesisRequest {
  mode: Mode;
  /** Beat frequency, Hz: the two ears differ by exactly this much. */
  frequency: number;
  /** Length, s. */
  duration: number;
  /** Overall amplitude 0..1 (master gain). */
  amplitude: number;
  /** Extra voices mixed over the preset (indices 2.. in the program). */
  voices?: VoiceSpec[];
}

/** Level of the main binaural voice: with the bed, peaks stay under the limiter's ceiling. */
const MAIN_LEVEL = 0.6;
/** Longest fade in/out, s (shorter programs fade over a tenth of their length). */
const FADE_SEC = 5;

/**
 * Maps the original `{mode, frequency, duration, amplitude}` request onto its preset: voice 0 is a
 * binaural beat at exactly `frequency` Hz on the preset carrier, voice 1 the preset noise bed,
 * then any extra voices; the master gain fades in from 0 and back out at the end.
 * @example programFromRequest({ mode: 'relax', frequency: 10, duration: 600, amplitude: 0.8 })
 */
export function programFromRequest(request: SynthesisRequest): Program {
  const preset = PRESETS[request?.mode as Mode];
  if (!preset) throw new ProgramError(`mode must be one of ${Object.keys(PRESETS).join(', ')}, got ${String(request?.mode)}`);
  const { frequency, duration, amplitude } = request;
  if (!Number.isFinite(frequency) || frequency <= 0 || frequency > 100)
    throw new ProgramError(`frequency must be a beat of 0-100 Hz, got ${frequency}`);
  if (!Number.isFinite(duration) || duration <= 0 || duration > 24 * 3600) throw new ProgramError(`duration must be 0-86400 s, got ${duration}`);
  if (!Number.isFinite(amplitude) || amplitude < 0 || amplitude > 1) throw new ProgramError(`amplitude must be 0..1, got ${amplitude}`);
  // Gamma beats need a carrier well above half the beat so neither ear goes near 0 Hz.
  const carrierHz = Math.max(preset.carrierHz, frequency * 4);
  const fadeSec = Math.min(FADE_SEC, duration / 10);
  const voices: VoiceSpec[] = [
    { kind: 'binaural', level: MAIN_LEVEL, carrierHz, beatHz: frequency },
    { kind: preset.noise, level: MAIN_LEVEL * preset.noiseLevel },
    ...(request.voices ?? []),
  ];
  return validateProgram({
    label: `${request.mode}: ${preset.band} ${frequency} Hz binaural on ${carrierHz} Hz`,
    durationSec: duration,
    masterGain: 0,
    voices,
    events: [
      { type: 'param', atSec: 0, voice: 'master', param: 'gain', value: amplitude, rampSec: fadeSec },
      { type: 'param', atSec: duration - fadeSec, voice: 'master', param: 'gain', value: 0, rampSec: fadeSec },
    ],
  });
}
