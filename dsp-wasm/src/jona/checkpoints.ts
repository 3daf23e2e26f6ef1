// Render checkpoints shared by every WAV stream of the same program, rate and seed in this thread:
// the kernel state every `everyFrames` frames (about 24 KB each), recorded while streams render.
// A byte-range read resumes from the nearest checkpoint at or before its first frame instead of
// rendering from the start. The state at a frame is unique (the kernel is deterministic), so a
// checkpoint taken by any stream is valid for all of them.
import type { ChunkSink, PlayerCheckpoint, ProgramPlayer } from './player.ts';
import type { Program } from './program.ts';

/** Programs kept per compiled module (least recently used first out). */
const MAX_PROGRAMS = 8;
/**
 * Checkpoints kept per program: 160 x ~24 KB = 3.8 MB, so at most ~31 MB per module. At the
 * default spacing that covers the first 1.9 hours (a 1-hour program needs 82); later ranges of a
 * longer program resume from the last one kept.
 */
const MAX_PER_PROGRAM = 160;

/** Checkpoints of one program, sorted by frame. */
export class CheckpointList {
  private readonly items: PlayerCheckpoint[] = [];

  constructor(readonly everyFrames: number) {}

  /** The last checkpoint at or before `frame`, if any. */
  nearest(frame: number): PlayerCheckpoint | undefined {
    let best: PlayerCheckpoint | undefined;
    for (const c of this.items) if (c.frame <= frame && (!best || c.frame > best.frame)) best = c;
    return best;
  }

  has(frame: number): boolean {
    return this.items.some((c) => c.frame === frame);
  }

  add(checkpoint: PlayerCheckpoint): void {
    if (this.has(checkpoint.frame) || this.items.length >= MAX_PER_PROGRAM) return;
    this.items.push(checkpoint);
    this.items.sort((a, b) => a.frame - b.frame);
  }

  frames(): number[] {
    return this.items.map((c) => c.frame);
  }
}

const byModule = new WeakMap<WebAssembly.Module, Map<string, CheckpointList>>();

/** The checkpoint list for `program` at `sampleRateHz` and `seed` on `module` (created empty). */
export function checkpointsFor(
  module: WebAssembly.Module,
  program: Program,
  sampleRateHz: number,
  seed: number,
  everyFrames: number,
): CheckpointList {
  let lists = byModule.get(module);
  if (!lists) byModule.set(module, (lists = new Map()));
  const key = JSON.stringify([sampleRateHz, seed, everyFrames, program]);
  let list = lists.get(key);
  if (list)
    lists.delete(key); // re-inserted below: Map order is the LRU order
  else list = new CheckpointList(everyFrames);
  lists.set(key, list);
  while (lists.size > MAX_PROGRAMS) lists.delete(lists.keys().next().value!);
  return list;
}

/**
 * Renders `frames` more frames on `player` like player.render, saving a checkpoint into `list`
 * at every multiple of list.everyFrames it passes (when missing). `sink` offsets count from the
 * start of this call.
 */
export function renderRecording(player: ProgramPlayer, list: CheckpointList, frames: number, sink: ChunkSink): void {
  const every = list.everyFrames;
  let done = 0;
  for (;;) {
    const at = player.frame;
    if (at > 0 && at % every === 0 && !list.has(at)) list.add(player.checkpoint());
    if (done >= frames) return;
    const n = Math.min(frames - done, every - (at % every));
    const base = done;
    player.render(n, (offset, count) => sink(base + offset, count));
    done += n;
  }
}
