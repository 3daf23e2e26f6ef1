// The Live screen's analysis of one stream, as the live-view worker runs it: the newest 4 s (after
// the last gap) through ALBI every tick, a Welch PSD per channel, band powers with the user's band
// edges, the last minute of relative band powers, and the anomalies not reported before (so an
// artifact is listed once, though the next seven windows still hold it).
import type { AnalysisResult, Anomaly, BandName, BandPowers } from '../../dsp-wasm/src/analysis-types.ts';
import type { Albi, BandsHz } from '../../dsp-wasm/src/index.ts';
import { AnalysisWindow } from './analysis-window.ts';

/** Seconds analysed per tick, and the least that is worth analysing. */
export const LIVE_WINDOW_SEC = 4;
export const LIVE_MIN_SEC = 2;
/** Length of the band-power history (s of host time). */
export const HISTORY_SEC = 60;

const BAND_NAMES: BandName[] = ['delta', 'theta', 'alpha', 'beta', 'gamma'];

export interface BandHistory {
  /** Host time of each point (epoch ms). */
  atMs: number[];
  bands: Record<BandName, number[]>;
}

/** One result of the live analysis, as the panels draw it. */
export interface LiveAnalysisFrame {
  /** Fitted host time of the newest analysed sample (epoch ms). */
  atMs: number;
  /** Frequencies of the PSD bins (Hz). */
  freqsHz: Float64Array;
  /** Welch PSD per channel (units²/Hz, e.g. µV²/Hz). */
  psd: Float64Array[];
  /** analyzeChannels result: band powers, quality, anomalies, peak alpha per channel. */
  result: AnalysisResult;
  /** Band powers of the mean PSD with the user's band edges; null when the kernels skipped bands. */
  userBands: BandPowers | null;
  /** Anomalies not reported by an earlier frame (an artifact is listed once, though later windows still hold it). */
  freshAnomalies: Anomaly[];
  history: BandHistory;
}

export interface LiveViewSettings {
  bands: BandsHz;
  mainsHz: 50 | 60;
}

/** Mean relative band power over the channels that have bands, per band (0..1). */
export function meanRelativeBands(result: AnalysisResult): Record<BandName, number> {
  const channels = Object.values(result.channels).filter((c) => c.bands);
  return Object.fromEntries(
    BAND_NAMES.map((b) => [b, channels.length ? channels.reduce((sum, c) => sum + c.bands!.relative[b], 0) / channels.length : Number.NaN]),
  ) as Record<BandName, number>;
}

export class LiveViewAnalysis {
  private readonly window: AnalysisWindow;
  private lastEnd = -1;
  private history: BandHistory = emptyHistory();
  /** Per channel and kind, the stream sample one past the last anomaly seen: an overlapping one is the same event. */
  private readonly seenUntil = new Map<string, number>();

  constructor(
    private readonly albi: Albi,
    private readonly labels: readonly string[],
    readonly sampleRateHz: number,
  ) {
    this.window = new AnalysisWindow(labels.length, sampleRateHz, LIVE_WINDOW_SEC);
  }

  /** Acquisition frames (| sampleIndex | hostTimeMs | ch0 .. |), as drained from the ring. */
  push(frames: Float64Array): void {
    this.window.push(frames);
  }

  /** Analyses the window if new samples came and at least LIVE_MIN_SEC follow the last gap; else null. */
  analyse(settings: LiveViewSettings): LiveAnalysisFrame | null {
    const end = this.window.endSample;
    const n = this.window.contiguousSamples;
    if (end === this.lastEnd || n < this.sampleRateHz * LIVE_MIN_SEC) return null;
    const channels = this.window.latest();
    const fs = this.sampleRateHz;
    const result = this.albi.analyzeChannels(
      this.labels.map((label, i) => ({ label, samples: channels[i] })),
      fs,
      { mainsHz: settings.mainsHz },
    );
    const spectra = channels.map((c) => this.albi.getPsdWelch(c, fs));
    const freqsHz = spectra[0].frequenciesHz;
    const mean = new Float64Array(freqsHz.length);
    for (const s of spectra) for (let i = 0; i < mean.length; i++) mean[i] += s.psd[i] / spectra.length;
    const userBands = result.skipped ? null : this.albi.getBandPowers({ frequenciesHz: freqsHz, psd: mean }, settings.bands);
    const freshAnomalies = this.freshOf(result.anomalies, end - n);
    this.lastEnd = end;
    const atMs = this.window.newestHostTimeMs;
    const relative = userBands ? (userBands.relative as Record<BandName, number>) : meanRelativeBands(result);
    this.history = appendHistory(this.history, atMs, relative);
    return { atMs, freqsHz, psd: spectra.map((s) => s.psd), result, userBands, freshAnomalies, history: this.history };
  }

  /**
   * Anomalies not reported before. Consecutive windows overlap by most of their length, and a
   * detector's stretch can grow as more of an artifact is seen, so an anomaly counts as new only when
   * it starts after every earlier one of its channel and kind ended (in stream samples).
   */
  private freshOf(anomalies: Anomaly[], windowStart: number): Anomaly[] {
    const fresh: Anomaly[] = [];
    for (const a of anomalies) {
      const key = `${a.channel}/${a.kind}`;
      const seen = this.seenUntil.get(key) ?? Number.NEGATIVE_INFINITY;
      if (windowStart + a.startSample >= seen) fresh.push(a);
      this.seenUntil.set(key, Math.max(seen, windowStart + a.endSample));
    }
    return fresh;
  }
}

function emptyHistory(): BandHistory {
  return { atMs: [], bands: { delta: [], theta: [], alpha: [], beta: [], gamma: [] } };
}

/** A new history with the point added and points older than HISTORY_SEC dropped (the old one is posted already). */
function appendHistory(history: BandHistory, atMs: number, relative: Record<BandName, number>): BandHistory {
  const cutoffMs = atMs - HISTORY_SEC * 1000;
  const oldestKept = history.atMs.findIndex((t) => t >= cutoffMs);
  const from = oldestKept < 0 ? history.atMs.length : oldestKept;
  const bands = Object.fromEntries(BAND_NAMES.map((b) => [b, [...history.bands[b].slice(from), relative[b]]])) as BandHistory['bands'];
  return { atMs: [...history.atMs.slice(from), atMs], bands };
}
