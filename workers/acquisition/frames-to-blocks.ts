// Converts drained ring frames (| sampleIndex | hostTimeMs | ch0 .. chN-1 |, float64) into
// channel-major Float32 blocks, split wherever the sample index jumps (a gap stays a gap).
import { FRAME_HEADER_VALUES } from '../protocol/streams.ts';

/** Samples of one stream, channel-major, starting at sample index `firstSample` of the device timeline. */
export interface StreamBlock {
  streamId: string;
  firstSample: number;
  channels: Float32Array[];
  /** Fitted host time (epoch ms) of the block's last sample: when the newest of its samples was taken. */
  lastHostTimeMs: number;
}

export function framesToBlocks(streamId: string, frames: Float64Array, channelCount: number): StreamBlock[] {
  const width = FRAME_HEADER_VALUES + channelCount;
  const count = Math.floor(frames.length / width);
  const blocks: StreamBlock[] = [];
  let start = 0;
  while (start < count) {
    let end = start + 1;
    while (end < count && frames[end * width] === frames[(end - 1) * width] + 1) end++;
    const length = end - start;
    const channels = Array.from({ length: channelCount }, () => new Float32Array(length));
    for (let f = 0; f < length; f++) {
      const base = (start + f) * width + FRAME_HEADER_VALUES;
      for (let c = 0; c < channelCount; c++) channels[c][f] = frames[base + c];
    }
    blocks.push({ streamId, firstSample: frames[start * width], channels, lastHostTimeMs: frames[(end - 1) * width + 1] });
    start = end;
  }
  return blocks;
}
