// Online linear fit of host arrival time against device sample index, as LSL's dejitter does:
//   hostTimeMs ≈ meanY + slopeMsPerSample x (sampleIndex - meanX)
// Weighted least squares with exponential forgetting (time constant `memorySec`), kept centred on the
// running means (Welford form) so that hours of samples do not cancel catastrophically in float64.
// The slope gives the device's real rate (drift); the line removes arrival jitter. The intercept
// includes the mean transport latency, which no host-side method can separate from the clock offset.

export class ClockFit {
  private weight = 0;
  private meanX = 0;
  private meanY = 0;
  private sxx = 0;
  private sxy = 0;
  private firstX = NaN;
  private lastX = NaN;
  private lastY = NaN;

  constructor(
    private readonly nominalRateHz: number,
    private readonly memorySec = 600,
    private readonly minSpanSec = 2,
  ) {}

  /** Adds one observation: the sample with index `sampleIndex` was known at host time `arrivalMs`. */
  add(sampleIndex: number, arrivalMs: number): void {
    if (Number.isNaN(this.firstX)) this.firstX = sampleIndex;
    if (!Number.isNaN(this.lastY)) {
      const decay = Math.exp(-Math.max(0, arrivalMs - this.lastY) / (this.memorySec * 1000));
      this.weight *= decay;
      this.sxx *= decay;
      this.sxy *= decay;
    }
    this.weight += 1;
    const dx = sampleIndex - this.meanX;
    const dy = arrivalMs - this.meanY;
    this.meanX += dx / this.weight;
    this.meanY += dy / this.weight;
    this.sxx += dx * (sampleIndex - this.meanX);
    this.sxy += dx * (arrivalMs - this.meanY);
    this.lastX = sampleIndex;
    this.lastY = arrivalMs;
  }

  /** True once the observations span enough samples for the slope to mean something. */
  get ready(): boolean {
    return this.sxx > 0 && this.lastX - this.firstX >= this.minSpanSec * this.nominalRateHz;
  }

  /** Milliseconds per sample: fitted when ready, nominal before. */
  get slopeMsPerSample(): number {
    return this.ready ? this.sxy / this.sxx : 1000 / this.nominalRateHz;
  }

  /** Measured sampling rate in Hz, or null before the fit is ready. */
  get rateHz(): number | null {
    return this.ready ? 1000 / this.slopeMsPerSample : null;
  }

  /** Fitted host time (ms) of a sample index. NaN before any observation. */
  hostTimeMs(sampleIndex: number): number {
    if (!this.ready) return this.lastY + (sampleIndex - this.lastX) * this.slopeMsPerSample;
    return this.meanY + (sampleIndex - this.meanX) * this.slopeMsPerSample;
  }

  /** The (fractional) sample index the fit expects at host time `arrivalMs`. */
  sampleIndexAt(arrivalMs: number): number {
    if (!this.ready) return this.lastX + (arrivalMs - this.lastY) / this.slopeMsPerSample;
    return this.meanX + (arrivalMs - this.meanY) / this.slopeMsPerSample;
  }
}
