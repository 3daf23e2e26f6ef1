// The last `windowSec` seconds of every channel of one stream, for drawing. Blocks are copied into
// a circular Float32Array per channel as they arrive (cheap); `readInto` unrolls it in time order
// once per frame. Missing samples (gaps) are NaN here so plots show a break, never a made-up line,
// and each jump is kept as a gap (timeline-marks.ts shades it) while it is in the window.
//
//   ring (per channel):  [ ..... newest | oldest ..... ]   write index = total % capacity

import type { TimelineGap } from './timeline-marks.ts';

export class LiveBuffer {
  readonly capacity: number;
  private readonly rings: Float32Array[];
  /** Sample index one past the newest written sample. */
  private endSample = -1;
  /** Incremented on every write: draw only when it changed. */
  version = 0;
  private gapList: TimelineGap[] = [];

  constructor(
    readonly channelCount: number,
    readonly sampleRateHz: number,
    readonly windowSec: number,
  ) {
    this.capacity = Math.max(1, Math.round(sampleRateHz * windowSec));
    this.rings = Array.from({ length: channelCount }, () => new Float32Array(this.capacity).fill(NaN));
  }

  /** Adds a block starting at `firstSample`; a jump forward is filled with NaN (a visible gap). */
  write(firstSample: number, channels: Float32Array[]): void {
    const length = channels[0]?.length ?? 0;
    if (this.endSample < 0) this.endSample = firstSample;
    if (firstSample > this.endSample) {
      this.gapList.push({ startSample: this.endSample, lengthSamples: firstSample - this.endSample });
      const missing = Math.min(firstSample - this.endSample, this.capacity);
      for (let c = 0; c < this.channelCount; c++) for (let i = 0; i < missing; i++) this.rings[c][(this.endSample + i) % this.capacity] = NaN;
    }
    const start = Math.max(firstSample, firstSample + length - this.capacity);
    for (let c = 0; c < this.channelCount; c++) {
      const src = channels[c];
      const ring = this.rings[c];
      for (let s = start; s < firstSample + length; s++) ring[s % this.capacity] = src[s - firstSample];
    }
    this.endSample = Math.max(this.endSample, firstSample + length);
    const oldest = this.endSample - this.capacity;
    if (this.gapList.length && this.gapList[0].startSample + this.gapList[0].lengthSamples <= oldest)
      this.gapList = this.gapList.filter((g) => g.startSample + g.lengthSamples > oldest);
    this.version++;
  }

  /** Jumps in the samples written (stream sample indices) that still reach into the window, oldest first. */
  get gaps(): readonly TimelineGap[] {
    return this.gapList;
  }

  /** Newest sample index + 1 (-1 before any data). */
  get end(): number {
    return this.endSample;
  }

  /** Copies channel `c` in time order (oldest first) into `out` (length = capacity). */
  readInto(c: number, out: Float32Array | Float64Array, scale = 1): void {
    const ring = this.rings[c];
    const start = this.endSample < 0 ? 0 : this.endSample % this.capacity;
    const tail = this.capacity - start;
    for (let i = 0; i < tail; i++) out[i] = ring[start + i] * scale;
    for (let i = 0; i < start; i++) out[tail + i] = ring[i] * scale;
  }

  /** The newest `n` samples of every channel, time order, for analysis (NaN where gaps were). */
  latest(n: number): Float32Array[] {
    const count = Math.min(n, this.capacity, Math.max(0, this.endSample));
    return this.rings.map((ring) => {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = ring[(this.endSample - count + i + this.capacity * 4) % this.capacity];
      return out;
    });
  }
}
