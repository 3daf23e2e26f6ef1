// Renders a Program on a kernel, sample-accurately: each render is split at event frames so an
// event lands on exactly round(atSec * sampleRateHz). The kernel's output does not depend on
// block sizes, so Node (4096-frame blocks), the worklet (128) and the WAV stream agree bit for bit.
import { MASTER_VOICE, PARAM_IDS, BLOCK_MAX } from './kernel-abi.ts';
import type { JonaKernel } from './kernel.ts';
import { validateProgram, voiceDefaults, type Program, type ProgramEvent } from './program.ts';

/** Called after each sub-render with the frames just produced (read kernel.left()/right()/encode()). */
export type ChunkSink = (offsetFrames: number, frames: number) => void;

/** The player's position and the kernel state there (see JonaKernel.saveState). */
export interface PlayerCheckpoint {
  frame: number;
  state: Uint8Array;
}

interface ScheduledEvent {
  frame: number;
  event: ProgramEvent;
}

export class ProgramPlayer {
  /** Frames rendered since reset. */
  frame = 0;
  readonly totalFrames: number;
  private readonly events: ScheduledEvent[];
  private next = 0;

  constructor(
    readonly kernel: JonaKernel,
    readonly program: Program,
    readonly sampleRateHz: number,
    readonly seed = 1,
  ) {
    validateProgram(program);
    this.totalFrames = Math.round(program.durationSec * sampleRateHz);
    // Stable sort by frame keeps the document order of simultaneous events.
    this.events = program.events.map((event) => ({ frame: Math.round(event.atSec * sampleRateHz), event })).sort((a, b) => a.frame - b.frame);
    this.reset();
  }

  /** Back to frame 0 with the program's initial voices. */
  reset(): void {
    const k = this.kernel;
    k.init(this.sampleRateHz, this.seed);
    k.setParam(MASTER_VOICE, PARAM_IDS.gain, this.program.masterGain, -1);
    this.program.voices.forEach((spec, v) => {
      const s = voiceDefaults(spec);
      k.setVoice(v, s.kind);
      k.setParam(v, PARAM_IDS.level, s.level, -1);
      k.setParam(v, PARAM_IDS.pan, s.pan, -1);
      k.setParam(v, PARAM_IDS.carrierHz, s.carrierHz, -1);
      k.setParam(v, PARAM_IDS.beatHz, s.beatHz, -1);
      k.setParam(v, PARAM_IDS.duty, s.duty, -1);
      k.setParam(v, PARAM_IDS.attackSec, s.attackSec, -1);
      k.setParam(v, PARAM_IDS.releaseSec, s.releaseSec, -1);
    });
    this.frame = 0;
    this.next = 0;
  }

  /** Where the player is now, to resume from later (same program, rate and seed). */
  checkpoint(): PlayerCheckpoint {
    return { frame: this.frame, state: this.kernel.saveState() };
  }

  /** Continues from a checkpoint of this program: the output from there on is bit-identical. */
  resume(checkpoint: PlayerCheckpoint): void {
    this.reset();
    this.kernel.loadState(checkpoint.state);
    this.frame = checkpoint.frame;
    // Between renders, exactly the events before `frame` have been applied.
    let next = 0;
    while (next < this.events.length && this.events[next]!.frame < this.frame) next++;
    this.next = next;
  }

  /** Applies one event now (also used for live changes arriving over the worklet port). */
  apply(event: ProgramEvent): void {
    if (event.type === 'trigger') {
      this.kernel.trigger(event.voice);
      return;
    }
    const voice = event.voice === 'master' ? MASTER_VOICE : event.voice;
    const rampFrames = Math.round((event.rampSec ?? 0) * this.sampleRateHz);
    this.kernel.setParam(voice, PARAM_IDS[event.param], event.value, rampFrames, event.curve ?? 'linear');
  }

  /**
   * Moves on `frames` frames without audio (JonaKernel.skip), applying the events on the way at
   * their frames as render does. The state it leaves is exact except for decaying filter states.
   */
  skip(frames: number): void {
    let done = 0;
    while (done < frames) {
      while (this.next < this.events.length && this.events[this.next]!.frame <= this.frame) {
        this.apply(this.events[this.next]!.event);
        this.next++;
      }
      let n = Math.min(frames - done, 2 ** 30);
      if (this.next < this.events.length) n = Math.min(n, this.events[this.next]!.frame - this.frame);
      this.kernel.skip(n);
      done += n;
      this.frame += n;
    }
  }

  /**
   * Renders `frames` more frames (any count), calling `sink` for each sub-block. Returns the
   * frames rendered. Rendering past the program's end keeps going (the caller decides where to stop).
   */
  render(frames: number, sink: ChunkSink): number {
    let done = 0;
    while (done < frames) {
      while (this.next < this.events.length && this.events[this.next]!.frame <= this.frame) {
        this.apply(this.events[this.next]!.event);
        this.next++;
      }
      let n = Math.min(frames - done, BLOCK_MAX);
      if (this.next < this.events.length) n = Math.min(n, this.events[this.next]!.frame - this.frame);
      this.kernel.render(n);
      sink(done, n);
      done += n;
      this.frame += n;
    }
    return done;
  }
}
