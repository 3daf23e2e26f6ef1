// Motion for the Live screen: the accelerometer's magnitude per sample, |a| = √(x² + y² + z²) in g
// (1 g at rest whatever the head's tilt, so the trace moves only when the head does).
import { FRAME_HEADER_VALUES } from '../protocol/streams.ts';

/** A run of magnitudes from `firstSample` (the stream's sample index; a jump is a gap). */
export interface MotionBlock {
  firstSample: number;
  magnitudeG: Float32Array;
}

/**
 * Magnitudes of drained accelerometer frames (| sampleIndex | hostTimeMs | x | y | z |), one block per
 * contiguous run. A frame with a missing axis (NaN) gives NaN.
 * @example accelMagnitudeBlocks(frames, 3) // [{ firstSample: 520, magnitudeG: Float32Array [1.002, 0.998, ...] }]
 */
export function accelMagnitudeBlocks(frames: Float64Array, channelCount: number): MotionBlock[] {
  const width = FRAME_HEADER_VALUES + channelCount;
  const axes = Math.min(3, channelCount);
  const blocks: MotionBlock[] = [];
  let start = 0;
  while (start + width <= frames.length) {
    let end = start + width;
    while (end + width <= frames.length && frames[end] === frames[end - width] + 1) end += width;
    const count = (end - start) / width;
    const magnitudeG = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const f = start + i * width + FRAME_HEADER_VALUES;
      let sum = 0;
      for (let a = 0; a < axes; a++) sum += frames[f + a] ** 2;
      magnitudeG[i] = Math.sqrt(sum);
    }
    blocks.push({ firstSample: frames[start], magnitudeG });
    start = end;
  }
  return blocks;
}
