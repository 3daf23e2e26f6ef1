// The checks before binaural beats, as plain logic (the tones are in listening-tones.main.ts, the card
// in ListeningCheckCard.tsx):
//
//   left/right   a tone in the left channel only, then the right only; the person says where they
//                heard each. Left-left + right-right: as they should be. Right + left: swapped (the
//                studio can swap the channels back for all its sound). Anything else: unclear, check again.
//   hearing      a tone rising slowly from very quiet (HEARING_START_DB, HEARING_RISE_DB_PER_SEC); the
//                person presses "I hear it now". The starting volume is HEARING_MARGIN_DB above that
//                level, never above STARTING_GAIN_CAP (the kernel's true-peak limiter stays after it).
//
// Both can be skipped; the result is kept in Settings (`listening`) and either check can be done again.

/** The tone of both checks, Hz (where hearing is most sensitive and headphones reproduce it well). */
export const CHECK_TONE_HZ = 1000;
/** How long the tone of a left/right step plays, s. */
export const CHANNEL_TONE_SEC = 1.5;
/** The rising tone: its first level, dBFS, how fast it rises, dB/s, and where it stops, dBFS. */
export const HEARING_START_DB = -80;
export const HEARING_RISE_DB_PER_SEC = 4;
export const HEARING_TOP_DB = -20;
/** The starting volume sits this far above the level first heard, dB, and never above STARTING_GAIN_CAP (linear gain). */
export const HEARING_MARGIN_DB = 30;
export const STARTING_GAIN_CAP = 0.7;

export type Ear = 'left' | 'right';
/** Where the person heard a step's tone. */
export type Heard = 'left' | 'right' | 'both' | 'neither';

/** What a left/right check found. */
export type ChannelVerdict = 'as-expected' | 'swapped' | 'unclear';

/** What Settings keep (`listening`): when the checks ran (or were skipped) and what they found. */
export interface ListeningCheck {
  /** Epoch ms of the latest check or skip. */
  checkedAtMs: number;
  /** The person skipped the checks (nothing else is known). */
  skipped: boolean;
  /** The left/right check's verdict, null when not done. */
  channels: ChannelVerdict | null;
  /** Play left in the right channel and right in the left (chosen after a "swapped" verdict). */
  swapChannels: boolean;
  /** Linear gain of the rising tone when it was first heard, null when not done. */
  thresholdGain: number | null;
  /** The master volume (linear gain after the kernel) sound starts at, null when not set. */
  startingGain: number | null;
}

/** The gains of the left and right output channels during a left/right step: only that channel sounds. */
export function channelGains(ear: Ear): [left: number, right: number] {
  return ear === 'left' ? [1, 0] : [0, 1];
}

/**
 * The verdict from where each step's tone was heard.
 * @example judgeChannels('left', 'right') // 'as-expected'
 */
export function judgeChannels(leftStep: Heard, rightStep: Heard): ChannelVerdict {
  if (leftStep === 'left' && rightStep === 'right') return 'as-expected';
  if (leftStep === 'right' && rightStep === 'left') return 'swapped';
  return 'unclear';
}

/** The verdict in words. */
export function describeChannels(verdict: ChannelVerdict, swapChannels: boolean): string {
  if (verdict === 'as-expected') return 'Left and right are as they should be.';
  if (verdict === 'swapped')
    return swapChannels
      ? 'Your headphones were on the other way round: the studio swaps left and right for you.'
      : 'Your headphones are on the other way round: turn them, or let the studio swap left and right.';
  return 'Left and right were not clear: check that both earpieces play and are on, then check again.';
}

const toGain = (db: number) => 10 ** (db / 20);
const toDb = (gain: number) => 20 * Math.log10(gain);

/**
 * Linear gain of the rising tone `tSec` after it starts; null once it has passed HEARING_TOP_DB (not heard).
 * @example hearingToneGainAt(0) // 1e-4 (-80 dBFS)
 */
export function hearingToneGainAt(tSec: number): number | null {
  const db = HEARING_START_DB + HEARING_RISE_DB_PER_SEC * Math.max(0, tSec);
  return db > HEARING_TOP_DB ? null : toGain(db);
}

/** Seconds the rising tone lasts before it counts as not heard. */
export const HEARING_TONE_SEC = (HEARING_TOP_DB - HEARING_START_DB) / HEARING_RISE_DB_PER_SEC;

/**
 * The starting master volume for a hearing threshold: HEARING_MARGIN_DB above it, capped.
 * @example startingGainFromThreshold(0.001) // 0.0316 (-60 dBFS heard -> start at -30 dBFS)
 */
export function startingGainFromThreshold(thresholdGain: number): number {
  if (!(thresholdGain > 0) || !Number.isFinite(thresholdGain)) throw new RangeError(`a hearing threshold must be a gain > 0, got ${thresholdGain}`);
  return Math.min(STARTING_GAIN_CAP, toGain(toDb(thresholdGain) + HEARING_MARGIN_DB));
}

/** A gain in words, as dBFS. */
export const describeGainDb = (gain: number): string => `${Math.round(toDb(gain))} dBFS`;

/** Why a stored `listening` value cannot be used, or null when it can (Settings drops it otherwise). */
export function listeningCheckProblem(value: unknown): string | null {
  if (value === null) return null;
  const v = value as Partial<ListeningCheck> | undefined;
  if (!v || typeof v !== 'object') return 'listening: must be an object or null.';
  if (!Number.isFinite(v.checkedAtMs)) return 'listening.checkedAtMs: must be a time in ms.';
  if (typeof v.skipped !== 'boolean' || typeof v.swapChannels !== 'boolean')
    return 'listening.skipped and listening.swapChannels: must be true or false.';
  if (v.channels !== null && v.channels !== 'as-expected' && v.channels !== 'swapped' && v.channels !== 'unclear')
    return 'listening.channels: must be as-expected, swapped, unclear or null.';
  for (const key of ['thresholdGain', 'startingGain'] as const) {
    const g = v[key];
    if (g !== null && !(typeof g === 'number' && g > 0 && g <= 1)) return `listening.${key}: must be a gain in (0, 1] or null.`;
  }
  return null;
}
