// Movement as an artifact of the Live analysis: the accelerometer's frames, as the live-view worker
// drains them (a few per drain), gathered into whole MOTION_BLOCK_SEC blocks and handed to the
// neurofeedback gate's own detector (artifact-gate.ts findMotion: an axis ranging over
// MOTION_RANGE_G within a block), so Live and the feedback loop call the same thing a movement.
import { findMotion, MOTION_BLOCK_SEC, MOTION_RANGE_G } from './artifact-gate.ts';
import { FRAME_HEADER_VALUES } from '../protocol/streams.ts';

/** One movement: host epoch ms (end exclusive), the largest axis range of its blocks (g) and the threshold (g). */
export interface MovementSpan {
  startMs: number;
  endMs: number;
  peakRangeG: number;
  thresholdG: number;
}

/** Blocks this far apart (ms) are one movement, as findMotion joins touching blocks. */
const JOIN_MS = 1;

export class MotionArtifacts {
  private readonly width: number;
  private readonly axes: number;
  private readonly block: number;
  /** Frames of the block being filled (whole frames, oldest first). */
  private pending: number[] = [];
  private current: MovementSpan | null = null;

  constructor(
    channelCount: number,
    readonly sampleRateHz: number,
  ) {
    if (!(sampleRateHz > 0)) throw new Error(`motion artifacts: sample rate must be positive, got ${sampleRateHz}`);
    this.axes = Math.min(3, channelCount);
    this.width = FRAME_HEADER_VALUES + channelCount;
    // The same block length findMotion uses, so each of its calls sees exactly one block.
    this.block = Math.max(2, Math.round(MOTION_BLOCK_SEC * sampleRateHz));
  }

  /**
   * Drained accelerometer frames (| sampleIndex | hostTimeMs | x | y | z |, g). Returns the movements
   * begun or grown by them (a span with a startMs posted before is the same movement, longer now).
   * A gap in the sample indices starts a new block, so no block spans it.
   */
  push(frames: Float64Array): MovementSpan[] {
    const changed: MovementSpan[] = [];
    for (let f = 0; f + this.width <= frames.length; f += this.width) {
      const last = this.pending.length - this.width;
      if (last >= 0 && frames[f] !== this.pending[last]! + 1) this.pending = [];
      for (let i = 0; i < this.width; i++) this.pending.push(frames[f + i]!);
      if (this.pending.length < this.block * this.width) continue;
      const span = this.judge(Float64Array.from(this.pending));
      this.pending = [];
      if (span && !changed.includes(span)) changed.push(span);
    }
    return changed;
  }

  /** One whole block: the movement it starts or extends, or null when the head was still. */
  private judge(block: Float64Array): MovementSpan | null {
    const found = findMotion(block, this.axes, this.sampleRateHz)[0];
    if (!found) {
      this.current = null;
      return null;
    }
    const rangeG = largestRange(block, this.width, this.axes);
    if (this.current && found.startMs <= this.current.endMs + JOIN_MS) {
      this.current.endMs = found.endMs;
      this.current.peakRangeG = Math.max(this.current.peakRangeG, rangeG);
      return this.current;
    }
    this.current = { startMs: found.startMs, endMs: found.endMs, peakRangeG: rangeG, thresholdG: MOTION_RANGE_G };
    return this.current;
  }
}

/** The largest range of any axis over the frames (g), NaN readings left out. */
function largestRange(frames: Float64Array, width: number, axes: number): number {
  let largest = 0;
  for (let a = 0; a < axes; a++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let f = 0; f + width <= frames.length; f += width) {
      const v = frames[f + FRAME_HEADER_VALUES + a]!;
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (hi > lo) largest = Math.max(largest, hi - lo);
  }
  return largest;
}
