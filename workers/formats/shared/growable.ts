// Growable float64 column: text readers do not know the row count up front. Doubling keeps appends O(1)
// amortised; `view()` returns the filled part without copying, `take()` a right-sized copy.

export class GrowableFloat64 {
  private buf: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buf = new Float64Array(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = value;
  }

  /** The filled part (shares memory with the buffer until the next push that grows it). */
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }

  /** A copy of exactly `length` values; the column is emptied (for streaming drains). */
  take(): Float64Array {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }
}
