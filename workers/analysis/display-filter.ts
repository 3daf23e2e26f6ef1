// The Live time series' display filter: a mains notch and a 4th-order Butterworth band-pass (ALBI
// kernels), run causally with each channel's state carried from block to block so the scrolling trace
// is continuous. A block that does not follow the previous one (a gap) restarts the state at steady
// state for its first sample, so no filter ringing is drawn over the gap. Recording keeps the raw samples.
import { getSosfiltZi, type Albi } from '../../dsp-wasm/src/index.ts';

export interface DisplayFilterConfig {
  sampleRateHz: number;
  /** Mains frequency to notch (Hz), or null for none. */
  notchHz: number | null;
  /** Band-pass edges (Hz), or null for none. */
  bandHz: readonly [number, number] | null;
}

/** Notch Q: about 1.7 Hz wide at 50 Hz, narrow enough to leave gamma alone. */
const NOTCH_QUALITY = 30;
const BANDPASS_ORDER = 4;

export class DisplayFilter {
  private sos: Float64Array | null = null;
  /** scipy's sosfilt_zi for a unit step: scaled by the first value it is the steady state. */
  private unitZi: Float64Array | null = null;
  private states: Float64Array[] = [];
  /** Sample index the next block must start at to continue the current states. */
  private expected = -1;

  constructor(private readonly albi: Albi) {}

  /** Sets the filters; a filter the rate cannot carry (edge at or above Nyquist) is left out. */
  configure(config: DisplayFilterConfig): void {
    const nyquist = config.sampleRateHz / 2;
    const parts: Float64Array[] = [];
    if (config.notchHz && config.notchHz < nyquist) parts.push(this.albi.designNotch(config.notchHz, NOTCH_QUALITY, config.sampleRateHz));
    if (config.bandHz && config.bandHz[0] > 0 && config.bandHz[0] < config.bandHz[1] && config.bandHz[1] < nyquist)
      parts.push(this.albi.designButterworth(BANDPASS_ORDER, config.bandHz, 'bandpass', config.sampleRateHz));
    this.sos = parts.length ? concat(parts) : null;
    this.unitZi = this.sos ? getSosfiltZi(this.sos) : null;
    this.states = [];
    this.expected = -1;
  }

  /** Whether any filter is on (off: blocks pass unchanged). */
  get active(): boolean {
    return this.sos !== null;
  }

  /** Filters one block (channel-major, starting at sample `firstSample`); returns new arrays. */
  filter(firstSample: number, channels: Float32Array[]): Float32Array[] {
    const length = channels[0]?.length ?? 0;
    const sos = this.sos;
    const unitZi = this.unitZi;
    if (!sos || !unitZi || !length) return channels.map((c) => c.slice());
    if (firstSample !== this.expected || this.states.length !== channels.length) this.states = channels.map((c) => unitZi.map((z) => z * c[0]));
    this.expected = firstSample + length;
    return channels.map((c, i) => {
      const state = { zi: this.states[i] };
      const out = Float32Array.from(this.albi.sosfilt(sos, c, state));
      this.states[i] = state.zi;
      return out;
    });
  }
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
