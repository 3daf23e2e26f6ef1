// The live heart rate: the newest PPG_WINDOW_SEC of an optical stream (after its last gap), every
// optical channel but the ambient one through estimateHeartRate, and the channel whose beats look
// most like a pulse reported. Muse 2/S: ambient, infrared, red; Athena: up to 16 optics channels.
import { AnalysisWindow } from './analysis-window.ts';
import { estimateHeartRate, type HeartRate } from './ppg-heart-rate.ts';

/** Seconds of PPG a heart rate is based on: a few breaths, so the HRV is not one breath's swing. */
export const PPG_WINDOW_SEC = 30;

/** One live heart-rate result. */
export interface HeartRateFrame {
  /** Fitted host time of the newest sample analysed (epoch ms). */
  atMs: number;
  /** The optical channel the result comes from (the best pulse), or the one whose reason is given. */
  channel: string;
  /** Seconds of signal analysed. */
  windowSec: number;
  heart: HeartRate;
}

/** Channels that carry no pulse (Muse 2/S ambient light). */
const NOT_A_PULSE = /ambient/i;

export class PpgMonitor {
  private readonly window: AnalysisWindow;
  private readonly candidates: number[];

  constructor(
    private readonly labels: readonly string[],
    readonly sampleRateHz: number,
  ) {
    this.window = new AnalysisWindow(labels.length, sampleRateHz, PPG_WINDOW_SEC);
    const pulseChannels = labels.map((_, i) => i).filter((i) => !NOT_A_PULSE.test(labels[i]));
    this.candidates = pulseChannels.length ? pulseChannels : labels.map((_, i) => i);
  }

  /** Acquisition frames (| sampleIndex | hostTimeMs | ch0 .. |), as drained from the ring. */
  push(frames: Float64Array): void {
    this.window.push(frames);
  }

  /** The heart rate of the newest window; null before any sample. Never throws. */
  estimate(): HeartRateFrame | null {
    const n = this.window.contiguousSamples;
    if (n === 0) return null;
    const channels = this.window.latest();
    let best: { channel: number; heart: HeartRate } | null = null;
    for (const c of this.candidates) {
      const heart = estimateHeartRate(channels[c], this.sampleRateHz);
      if (!best || rank(heart) > rank(best.heart)) best = { channel: c, heart };
    }
    return { atMs: this.window.newestHostTimeMs, channel: this.labels[best!.channel], windowSec: n / this.sampleRateHz, heart: best!.heart };
  }
}

/** A found pulse beats any reason; among pulses the more pulse-like, among reasons the one with more beats. */
function rank(heart: HeartRate): number {
  return heart.ok ? 1e6 + heart.shapeCorrelation : heart.beats;
}
