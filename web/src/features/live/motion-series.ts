// The last seconds of accelerometer (g) or gyroscope (deg/s) magnitude for the Live screen's motion plots, on the stream's
// sample indices: a block that jumps ahead leaves NaN (a gap, drawn as a break), never a line across it.
import type { MotionBlock } from '../../../../workers/analysis/motion-magnitude.ts';

/** Seconds the motion plot shows. */
export const MOTION_WINDOW_SEC = 10;

export class MotionSeries {
  private readonly ring: Float32Array;
  /** Stream sample index one past the newest value; -1 before the first block. */
  private end = -1;

  constructor(
    readonly sampleRateHz: number,
    readonly windowSec = MOTION_WINDOW_SEC,
  ) {
    this.ring = new Float32Array(Math.max(1, Math.round(sampleRateHz * windowSec))).fill(Number.NaN);
  }

  get capacity(): number {
    return this.ring.length;
  }

  /** Adds blocks in stream order; a block older than what is held is ignored (a repeat). */
  push(blocks: readonly MotionBlock[]): void {
    for (const block of blocks) {
      const n = block.magnitudeG.length;
      if (this.end >= 0 && block.firstSample + n <= this.end) continue;
      // Samples skipped between the last value and this block are a gap.
      if (this.end >= 0)
        for (let i = this.end; i < Math.min(block.firstSample, this.end + this.ring.length); i++) this.ring[i % this.ring.length] = Number.NaN;
      for (let i = Math.max(0, this.end - block.firstSample); i < n; i++) this.ring[(block.firstSample + i) % this.ring.length] = block.magnitudeG[i];
      this.end = Math.max(this.end, block.firstSample + n);
    }
  }

  /** The window in time order, oldest first (NaN where there is nothing: before the start, or a gap). */
  values(): Float32Array {
    const out = new Float32Array(this.ring.length).fill(Number.NaN);
    if (this.end < 0) return out;
    for (let i = 0; i < out.length; i++) {
      const sample = this.end - out.length + i;
      if (sample >= 0) out[i] = this.ring[sample % this.ring.length];
    }
    return out;
  }

  /** The newest magnitude (g), or NaN. */
  latest(): number {
    return this.end > 0 ? this.ring[(this.end - 1) % this.ring.length] : Number.NaN;
  }

  /**
   * How much the head moves: the standard deviation of the magnitude over the last `sec` (g).
   * About 0.005 g sitting still; a nod or a turn is 0.05 g and more.
   */
  movementG(sec = 2): number {
    const all = this.values();
    const recent = Array.from(all.subarray(Math.max(0, all.length - Math.round(sec * this.sampleRateHz)))).filter(Number.isFinite);
    if (recent.length < 2) return Number.NaN;
    const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
    return Math.sqrt(recent.reduce((a, b) => a + (b - mean) ** 2, 0) / (recent.length - 1));
  }
}
