// The newest seconds of one stream, fed with acquisition frames (| sampleIndex | hostTimeMs | ch0.. |),
// for the live loop's analysis. Only the stretch after the last gap is offered: the kernels take
// finite, contiguous samples, and a window across a gap would analyse samples that were never taken.
import { FRAME_HEADER_VALUES } from '../protocol/streams.ts';

export class AnalysisWindow {
  private readonly rings: Float32Array[];
  private readonly capacity: number;
  /** Device sample index one past the newest sample. */
  private end = 0;
  /** First sample of the current contiguous stretch (after the last gap). */
  private stretchStart = 0;
  private started = false;
  /** Fitted host time (epoch ms) of the newest sample. */
  newestHostTimeMs = Number.NaN;

  constructor(
    readonly channelCount: number,
    readonly sampleRateHz: number,
    windowSec: number,
  ) {
    this.capacity = Math.max(1, Math.round(sampleRateHz * windowSec));
    this.rings = Array.from({ length: channelCount }, () => new Float32Array(this.capacity));
  }

  /** Adds drained frames; an index jump starts a new stretch. */
  push(frames: Float64Array): void {
    const width = FRAME_HEADER_VALUES + this.channelCount;
    for (let f = 0; f + width <= frames.length; f += width) {
      const index = frames[f];
      if (!this.started || index !== this.end) {
        if (this.started && index < this.end) continue; // a repeat: already have it
        this.stretchStart = index;
        this.started = true;
      }
      const slot = index % this.capacity;
      for (let c = 0; c < this.channelCount; c++) this.rings[c][slot] = frames[f + FRAME_HEADER_VALUES + c];
      this.end = index + 1;
      this.newestHostTimeMs = frames[f + 1];
    }
  }

  /**
   * Leaves out every sample before stream sample `index` (an artifact and its refractory time): the
   * stretch offered starts there, as after a gap, once the samples reach it.
   */
  restartAt(index: number): void {
    if (index > this.stretchStart) this.stretchStart = index;
  }

  /** Stream sample index of the first sample offered (after the last gap or restart). */
  get stretchStartSample(): number {
    return this.stretchStart;
  }

  /** Samples available after the last gap (at most the window). */
  get contiguousSamples(): number {
    return Math.max(0, Math.min(this.end - this.stretchStart, this.capacity));
  }

  /** Device sample index one past the newest sample. */
  get endSample(): number {
    return this.end;
  }

  /** The newest `contiguousSamples` of each channel, in time order (fresh arrays, transferable). */
  latest(): Float64Array[] {
    const n = this.contiguousSamples;
    return this.rings.map((ring) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = ring[(this.end - n + i) % this.capacity];
      return out;
    });
  }
}
