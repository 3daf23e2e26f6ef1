// The replay's transport: where in the session the player is (seconds from its start), whether it
// plays, and how fast (1x-8x). Position moves with the wall clock times the speed while playing, and
// stops at the end. Pure: `now` (ms) is injected.

export const REPLAY_SPEEDS = [1, 2, 4, 8] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface ReplayClock {
  /** Seconds from the session's start, 0..lengthSec. */
  position(): number;
  readonly lengthSec: number;
  playing(): boolean;
  speed(): ReplaySpeed;
  play(): void;
  pause(): void;
  setSpeed(speed: ReplaySpeed): void;
  /** Moves to `sec` (clamped to the session), playing on if it was playing. */
  seek(sec: number): void;
  /** Called on every change (play, pause, speed, seek, reaching the end). */
  onChange(listener: () => void): () => void;
}

export function createReplayClock(lengthSec: number, now: () => number = () => performance.now()): ReplayClock {
  if (!(lengthSec >= 0) || !Number.isFinite(lengthSec)) throw new RangeError(`a replay needs a finite length >= 0 s (got ${lengthSec})`);
  let base = 0;
  let baseAtMs = now();
  let playing = true;
  let speed: ReplaySpeed = 1;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  const position = () => {
    const p = playing ? base + ((now() - baseAtMs) / 1000) * speed : base;
    if (p >= lengthSec && playing) {
      // the end: the player stops there, ready to seek back
      base = lengthSec;
      playing = false;
      queueMicrotask(changed);
    }
    return Math.min(lengthSec, p);
  };
  const rebase = () => {
    base = position();
    baseAtMs = now();
  };
  return {
    lengthSec,
    position,
    playing: () => (position(), playing),
    speed: () => speed,
    play() {
      if (playing) return;
      if (base >= lengthSec) base = 0;
      baseAtMs = now();
      playing = true;
      changed();
    },
    pause() {
      rebase();
      playing = false;
      changed();
    },
    setSpeed(next) {
      if (!REPLAY_SPEEDS.includes(next)) throw new RangeError(`replay speed must be one of ${REPLAY_SPEEDS.join(', ')} (got ${String(next)})`);
      rebase();
      speed = next;
      changed();
    },
    seek(sec) {
      if (!Number.isFinite(sec)) throw new RangeError(`cannot seek to ${sec} s`);
      base = Math.min(lengthSec, Math.max(0, sec));
      baseAtMs = now();
      changed();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
