// MessagePort fallback for pages that are not cross-origin isolated (no SharedArrayBuffer).
// Same push/pull/drain surface as the SAB ring, so readers do not care which one they got.
// The producer transfers each pushed chunk; the reader queues chunks until pulled, bounded by capacity.

/** What both the SAB reader and the port reader offer to main-thread consumers. */
export interface SampleReader {
  readonly frameWidth: number;
  readonly capacityFrames: number;
  readonly overflowFrames: number;
  availableRead(): number;
  pull(out: Float64Array, frameCount?: number): boolean;
  peek(out: Float64Array): number;
  drain(): Float64Array;
  /**
   * Resolves as soon as a frame is readable (at once when one is), or after `timeoutMs` without one:
   * a consumer that must react to the newest sample waits on this instead of polling on a timer.
   */
  whenReadable(timeoutMs: number): Promise<void>;
}

/** What both producers offer to the acquisition worker. */
export interface SampleWriter {
  readonly frameWidth: number;
  push(frames: Float64Array, frameCount?: number): boolean;
}

/** Producer side over a MessagePort: copies the frames into a fresh buffer and transfers it. */
export class PortRingWriter implements SampleWriter {
  constructor(
    private readonly port: MessagePort,
    readonly frameWidth: number,
  ) {}

  push(frames: Float64Array, frameCount = frames.length / this.frameWidth): boolean {
    const chunk = frames.slice(0, frameCount * this.frameWidth);
    this.port.postMessage(chunk, [chunk.buffer]);
    return true;
  }
}

/** Consumer side over a MessagePort: queues arriving chunks; drops the oldest-arriving overflow as counted loss. */
export class PortRingReader implements SampleReader {
  private chunks: Float64Array[] = [];
  private headOffset = 0; // values already consumed from chunks[0]
  private queuedFrames = 0;
  private wake: (() => void) | null = null;
  overflowFrames = 0;

  constructor(
    port: MessagePort,
    readonly frameWidth: number,
    readonly capacityFrames: number,
  ) {
    port.onmessage = (event: MessageEvent<Float64Array>) => this.enqueue(event.data);
  }

  /** Adds a chunk (also used directly by tests). Chunks that do not fit are dropped whole and counted. */
  enqueue(chunk: Float64Array): void {
    const frames = chunk.length / this.frameWidth;
    if (this.queuedFrames + frames > this.capacityFrames) {
      this.overflowFrames += frames;
      return;
    }
    this.chunks.push(chunk);
    this.queuedFrames += frames;
    this.wake?.();
  }

  whenReadable(timeoutMs: number): Promise<void> {
    if (this.queuedFrames > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.wake = done;
    });
  }

  availableRead(): number {
    return this.queuedFrames;
  }

  pull(out: Float64Array, frameCount = out.length / this.frameWidth): boolean {
    if (frameCount > this.queuedFrames) return false;
    this.copy(out, frameCount, true);
    return true;
  }

  peek(out: Float64Array): number {
    const n = Math.min(this.queuedFrames, Math.floor(out.length / this.frameWidth));
    this.copy(out, n, false);
    return n;
  }

  drain(): Float64Array {
    const out = new Float64Array(this.queuedFrames * this.frameWidth);
    this.pull(out, this.queuedFrames);
    return out;
  }

  private copy(out: Float64Array, frameCount: number, consume: boolean): void {
    let needed = frameCount * this.frameWidth;
    let written = 0;
    let index = 0;
    let offset = this.headOffset;
    while (needed > 0) {
      const chunk = this.chunks[index]!;
      const take = Math.min(needed, chunk.length - offset);
      out.set(chunk.subarray(offset, offset + take), written);
      written += take;
      needed -= take;
      offset += take;
      if (offset === chunk.length) {
        index++;
        offset = 0;
      }
    }
    if (consume) {
      this.chunks.splice(0, index);
      this.headOffset = offset;
      this.queuedFrames -= frameCount;
    }
  }
}
