// HRV from a heart-rate strap's RR intervals: the strap sends each interval it measured (ms, with the
// host time it was placed at); the Live card shows RMSSD and SDNN of the last STRAP_HRV_SEC of them,
// computed by the same getHrv as the PPG heart rate (ppg-heart-rate.ts).
import { getHrv, MAX_RR_MS, REFRACTORY_MS } from '../../../../workers/analysis/ppg-heart-rate.ts';

/** Seconds of RR the strap's HRV rests on (a minute: the usual short-term window). */
export const STRAP_HRV_SEC = 60;

export interface StrapHrv {
  rmssdMs: number | null;
  sdnnMs: number | null;
  /** Beats the intervals span: intervals + 1. */
  beats: number;
}

export class RrWindow {
  private readonly atMs: number[] = [];
  private readonly rrMs: number[] = [];

  /**
   * One RR interval (ms) placed at `hostTimeMs` (epoch ms). Intervals outside 300..2000 ms (above 200
   * or below 30 bpm: a missed or doubled beat, as the PPG detector drops them) are left out.
   */
  push(hostTimeMs: number, rrMs: number): void {
    if (!Number.isFinite(hostTimeMs) || !(rrMs >= REFRACTORY_MS && rrMs <= MAX_RR_MS)) return;
    this.atMs.push(hostTimeMs);
    this.rrMs.push(rrMs);
    const cutoff = hostTimeMs - STRAP_HRV_SEC * 1000;
    let drop = 0;
    while (drop < this.atMs.length && this.atMs[drop]! <= cutoff) drop++;
    this.atMs.splice(0, drop);
    this.rrMs.splice(0, drop);
  }

  /** RMSSD and SDNN (ms) of the intervals held; null for fewer than 3. */
  hrv(): StrapHrv {
    return { ...getHrv(this.rrMs), beats: this.rrMs.length ? this.rrMs.length + 1 : 0 };
  }
}

/** 'RMSSD 42 ms, SDNN 55 ms from 61 beats', or null before 3 intervals. */
export function strapHrvWords(h: StrapHrv): string | null {
  if (h.rmssdMs === null || h.sdnnMs === null) return null;
  return `RMSSD ${Math.round(h.rmssdMs)} ms, SDNN ${Math.round(h.sdnnMs)} ms from ${h.beats} beats`;
}
