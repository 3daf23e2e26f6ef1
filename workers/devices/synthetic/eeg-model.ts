// Seeded, deterministic, realistic-looking EEG for demos and tests (µV). Per channel:
//   1/f ("pink") background ~10 µV (Paul Kellet's filter on white noise)
// + 10 Hz alpha bursts during eyes-closed blocks (alternating 20 s open / 20 s closed), strongest posterior
// + blinks on frontal channels (labels starting with F or AF): ~150 µV, 300 ms, every ~4 s while eyes open
// + jaw-clench EMG bursts (broadband noise, ~40 µV, 1 s, every ~25 s) on all channels
// + 50 or 60 Hz mains (~3 µV) + rare electrode pops (step + 80 ms exponential decay, ~200 µV).
// Same seed + options -> the same samples, whatever the packet size or how fast it is generated.
// Steerable for latency tests: `steerAlpha(sample, change)` forces alpha on or off (or back to the
// blocks), stops the jaw clenches, and moves the peak frequency from that sample on, phase-continuous.

/** mulberry32: small, fast, good enough for synthetic noise; fully determined by the seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface EegModelOptions {
  labels: string[];
  sampleRateHz: number;
  seed: number;
  mainsHz?: 50 | 60 | 0;
  /** Seconds per eyes-open / eyes-closed block. */
  blockSec?: number;
}

/** A change of the alpha rhythm from a given sample on (fields left out stay as they are). */
export interface AlphaChange {
  /** 'on': eyes closed whatever the block (alpha, no blinks); 'off': eyes open; 'blocks': back to the blocks. */
  alpha?: 'on' | 'off' | 'blocks';
  /** True: no jaw clenches from then on (a still sitter, for tests the artifact gate must not pause); false: back. */
  still?: boolean;
  /** Peak alpha frequency, Hz (default 10). */
  peakHz?: number;
  /** A nod of this many seconds on the accelerometer (±0.2 g on Y at 2 Hz) from then on; the EEG model ignores it. */
  nodSec?: number;
}

export class EegModel {
  /** Pending changes, by sample index ascending. */
  private readonly steps: Array<{ atSample: number; change: AlphaChange }> = [];
  private alphaMode: 'on' | 'off' | 'blocks' = 'blocks';
  private alphaHz = 10;
  private still = false;
  /** Phase offset (rad) that keeps the alpha sine continuous across a frequency change. */
  private alphaPhase = 0;
  private readonly random: () => number;
  private readonly pink: Float64Array; // 7 filter states per channel
  private readonly popLevel: Float64Array;
  private readonly frontal: boolean[];
  private readonly posterior: number[];
  private sample = 0;
  private nextBlinkAt = 0;
  private blinkStart = -1e9;
  private nextClenchAt = 0;

  constructor(private readonly o: EegModelOptions) {
    this.random = createRandom(o.seed);
    this.pink = new Float64Array(7 * o.labels.length);
    this.popLevel = new Float64Array(o.labels.length);
    this.frontal = o.labels.map((l) => /^(A?F|Fp)/i.test(l));
    this.posterior = o.labels.map((l) => (/^(O|P|TP)/i.test(l) ? 1 : 0.5));
    this.nextBlinkAt = Math.round(o.sampleRateHz * 2);
    this.nextClenchAt = Math.round(o.sampleRateHz * 12);
  }

  /** Whether sample `index` falls in an eyes-closed block. */
  eyesClosed(index: number): boolean {
    return Math.floor(index / (this.o.sampleRateHz * (this.o.blockSec ?? 20))) % 2 === 1;
  }

  /** Index of the next sample `generate` writes. */
  get nextSample(): number {
    return this.sample;
  }

  /** Applies `change` from sample `atSample` on (a past index means the next sample generated). */
  steerAlpha(atSample: number, change: AlphaChange): number {
    if (change.peakHz !== undefined && !(change.peakHz > 0 && change.peakHz < this.o.sampleRateHz / 2))
      throw new RangeError(`synthetic peak alpha must be in (0, ${this.o.sampleRateHz / 2}) Hz, got ${change.peakHz}`);
    if (change.alpha !== undefined && !['on', 'off', 'blocks'].includes(change.alpha))
      throw new RangeError(`synthetic alpha must be 'on', 'off' or 'blocks', got ${String(change.alpha)}`);
    const at = Math.max(this.sample, Math.round(atSample));
    this.steps.push({ atSample: at, change });
    this.steps.sort((a, b) => a.atSample - b.atSample);
    return at;
  }

  private applySteps(i: number, t: number): void {
    while (this.steps.length && this.steps[0]!.atSample <= i) {
      const { change } = this.steps.shift()!;
      if (change.alpha) this.alphaMode = change.alpha;
      if (change.still !== undefined) this.still = change.still;
      if (change.peakHz !== undefined) {
        this.alphaPhase += 2 * Math.PI * (this.alphaHz - change.peakHz) * t;
        this.alphaHz = change.peakHz;
      }
    }
  }

  /** Writes `frames` frames (frame-major, one value per channel) into `out`. */
  generate(frames: number, out: Float64Array): void {
    const { sampleRateHz: fs, labels } = this.o;
    const n = labels.length;
    const mains = this.o.mainsHz ?? 50;
    for (let f = 0; f < frames; f++, this.sample++) {
      const i = this.sample;
      const t = i / fs;
      if (this.steps.length) this.applySteps(i, t);
      const closed = this.alphaMode === 'blocks' ? this.eyesClosed(i) : this.alphaMode === 'on';
      // alpha: 10 Hz carrier (or the steered peak) with a slow 0.3 Hz waxing/waning envelope, when eyes are closed (or steered on)
      const alpha = closed ? 25 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 0.3 * t)) * Math.sin(2 * Math.PI * this.alphaHz * t + this.alphaPhase) : 0;
      if (i >= this.nextBlinkAt) {
        this.blinkStart = i;
        this.nextBlinkAt = i + Math.round(fs * (3 + 2 * this.random()));
      }
      const blinkPhase = (i - this.blinkStart) / fs;
      const blink = !closed && blinkPhase < 0.3 ? 150 * Math.sin((Math.PI * blinkPhase) / 0.3) : 0;
      if (i >= this.nextClenchAt + fs) this.nextClenchAt = i + Math.round(fs * (20 + 10 * this.random()));
      const clenching = !this.still && i >= this.nextClenchAt && i < this.nextClenchAt + fs;
      const mainsValue = mains ? 3 * Math.sin(2 * Math.PI * mains * t) : 0;
      for (let ch = 0; ch < n; ch++) {
        const white = this.random() * 2 - 1;
        const s = ch * 7;
        const p = this.pink;
        p[s] = 0.99886 * p[s]! + white * 0.0555179;
        p[s + 1] = 0.99332 * p[s + 1]! + white * 0.0750759;
        p[s + 2] = 0.969 * p[s + 2]! + white * 0.153852;
        p[s + 3] = 0.8665 * p[s + 3]! + white * 0.3104856;
        p[s + 4] = 0.55 * p[s + 4]! + white * 0.5329522;
        p[s + 5] = -0.7616 * p[s + 5]! - white * 0.016898;
        const pink = p[s]! + p[s + 1]! + p[s + 2]! + p[s + 3]! + p[s + 4]! + p[s + 5]! + p[s + 6]! + white * 0.5362;
        p[s + 6] = white * 0.115926;
        if (this.random() < 0.5 / (fs * 600)) this.popLevel[ch] = (this.random() < 0.5 ? -1 : 1) * 200; // ~1 pop per 20 min per channel
        this.popLevel[ch]! *= Math.exp(-1 / (0.08 * fs));
        const emg = clenching ? 40 * (this.random() * 2 - 1) : 0;
        out[f * n + ch] = 10 * pink + this.posterior[ch]! * alpha + (this.frontal[ch] ? blink : 0) + emg + mainsValue + this.popLevel[ch]!;
      }
    }
  }
}
