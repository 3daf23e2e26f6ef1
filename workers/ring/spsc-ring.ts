// Lock-free single-producer/single-consumer ring of fixed-width Float64 frames on a SharedArrayBuffer.
// The producer owns WRITE_INDEX, the consumer owns READ_INDEX; each writes only its own index and only
// through Atomics.store, after the data it publishes (so the other side never sees a half-written frame).
// One spare frame tells full (write + 1 == read) from empty (write == read). push/pull return booleans,
// never throw on full/empty. Slot offsets come from workers/protocol/ring-layout.ts.
import { RingSlot, RING_HEADER_BYTES, RING_HEADER_SLOTS, ringByteLength } from '../protocol/ring-layout.ts';

/** This module is shared by every thread (no DOM or Node types): the one timer it needs, typed here. */
const timers = globalThis as unknown as { setTimeout(callback: () => void, ms: number): unknown };

/** Creates the shared memory for a ring (SharedArrayBuffer, or ArrayBuffer when given for tests/fallback). */
export function createRingBuffer(
  capacityFrames: number,
  frameWidth: number,
  Buffer: typeof SharedArrayBuffer | typeof ArrayBuffer = SharedArrayBuffer,
): SharedArrayBuffer | ArrayBuffer {
  if (!Number.isInteger(capacityFrames) || capacityFrames < 1)
    throw new RangeError(`ring capacity must be a positive integer, got ${capacityFrames}`);
  if (!Number.isInteger(frameWidth) || frameWidth < 1) throw new RangeError(`ring frame width must be a positive integer, got ${frameWidth}`);
  const buffer = new Buffer(ringByteLength(capacityFrames, frameWidth));
  const header = new Int32Array(buffer, 0, RING_HEADER_SLOTS);
  header[RingSlot.FRAME_WIDTH] = frameWidth;
  header[RingSlot.SLOT_FRAMES] = capacityFrames + 1;
  return buffer;
}

/** Shared view logic; producer and consumer each hold their own instance over the same buffer. */
class RingView {
  protected readonly header: Int32Array;
  protected readonly data: Float64Array;
  readonly frameWidth: number;
  protected readonly slotFrames: number;
  /** Atomics.notify / waitAsync work on shared memory only (an ArrayBuffer ring is for tests and the fallback). */
  protected readonly shared: boolean;

  constructor(buffer: SharedArrayBuffer | ArrayBuffer) {
    this.shared = typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
    this.header = new Int32Array(buffer, 0, RING_HEADER_SLOTS);
    this.frameWidth = this.header[RingSlot.FRAME_WIDTH]!;
    this.slotFrames = this.header[RingSlot.SLOT_FRAMES]!;
    this.data = new Float64Array(buffer, RING_HEADER_BYTES, this.slotFrames * this.frameWidth);
  }

  /** Frames currently readable. */
  availableRead(): number {
    const w = Atomics.load(this.header, RingSlot.WRITE_INDEX);
    const r = Atomics.load(this.header, RingSlot.READ_INDEX);
    return (w - r + this.slotFrames) % this.slotFrames;
  }

  /** Frames that can still be written. */
  availableWrite(): number {
    return this.slotFrames - 1 - this.availableRead();
  }

  /** Usable capacity in frames. */
  get capacityFrames(): number {
    return this.slotFrames - 1;
  }

  /** Frames the producer dropped because the ring was full. */
  get overflowFrames(): number {
    return Atomics.load(this.header, RingSlot.OVERFLOW_FRAMES);
  }
}

/** Producer side: only the acquisition worker holds one. */
export class RingWriter extends RingView {
  /**
   * Appends `frameCount` frames from `frames` (frame-major, frameWidth values each).
   * Returns false and writes nothing when they do not all fit (the frames are counted as overflow).
   */
  push(frames: Float64Array, frameCount = frames.length / this.frameWidth): boolean {
    if (frameCount > this.availableWrite()) {
      Atomics.add(this.header, RingSlot.OVERFLOW_FRAMES, frameCount);
      return false;
    }
    const w = Atomics.load(this.header, RingSlot.WRITE_INDEX);
    const first = Math.min(frameCount, this.slotFrames - w);
    this.data.set(frames.subarray(0, first * this.frameWidth), w * this.frameWidth);
    if (first < frameCount) this.data.set(frames.subarray(first * this.frameWidth, frameCount * this.frameWidth), 0);
    Atomics.store(this.header, RingSlot.WRITE_INDEX, (w + frameCount) % this.slotFrames);
    // Wakes a consumer waiting in whenReadable (no cost worth counting when none waits).
    if (this.shared) Atomics.notify(this.header, RingSlot.WRITE_INDEX);
    return true;
  }
}

/** Consumer side: one per reader (plot, analysis, recorder each get their own ring). */
export class RingReader extends RingView {
  /**
   * Moves exactly `frameCount` frames into `out` and removes them. Returns false (and reads nothing)
   * when fewer are available.
   */
  pull(out: Float64Array, frameCount = out.length / this.frameWidth): boolean {
    if (frameCount > this.availableRead()) return false;
    this.copyOut(out, frameCount);
    const r = Atomics.load(this.header, RingSlot.READ_INDEX);
    Atomics.store(this.header, RingSlot.READ_INDEX, (r + frameCount) % this.slotFrames);
    return true;
  }

  /** Reads up to `out`'s capacity of frames without removing them; returns the frame count copied. */
  peek(out: Float64Array): number {
    const n = Math.min(this.availableRead(), Math.floor(out.length / this.frameWidth));
    this.copyOut(out, n);
    return n;
  }

  /** Resolves when a frame is readable (the writer's notify) or after `timeoutMs`; see SampleReader. */
  whenReadable(timeoutMs: number): Promise<void> {
    const w = Atomics.load(this.header, RingSlot.WRITE_INDEX);
    if (w !== Atomics.load(this.header, RingSlot.READ_INDEX)) return Promise.resolve();
    const waitAsync = (Atomics as { waitAsync?: (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: unknown } }).waitAsync;
    if (!this.shared || !waitAsync) return new Promise((resolve) => timers.setTimeout(resolve, timeoutMs));
    const waited = waitAsync(this.header, RingSlot.WRITE_INDEX, w, timeoutMs);
    return waited.async ? (waited.value as Promise<unknown>).then(() => undefined) : Promise.resolve();
  }

  /** Removes and returns every readable frame (allocates; convenient for UI code at display rate). */
  drain(): Float64Array {
    const n = this.availableRead();
    const out = new Float64Array(n * this.frameWidth);
    this.pull(out, n);
    return out;
  }

  private copyOut(out: Float64Array, frameCount: number): void {
    const r = Atomics.load(this.header, RingSlot.READ_INDEX);
    const first = Math.min(frameCount, this.slotFrames - r);
    out.set(this.data.subarray(r * this.frameWidth, (r + first) * this.frameWidth), 0);
    if (first < frameCount) out.set(this.data.subarray(0, (frameCount - first) * this.frameWidth), first * this.frameWidth);
  }
}
