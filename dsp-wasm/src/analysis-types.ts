// Result types of `analyzeChannels`, the ALBI entry point that the API and the studio both use.
// Owned by dsp-wasm; the API and the web app import these as types only.

export type BandName = 'delta' | 'theta' | 'alpha' | 'beta' | 'gamma';

/** Per-channel descriptive statistics over all samples, in the channel's units (uV for EEG). */
export interface ChannelStatistics {
  mean: number;
  /** Population standard deviation (ddof = 0). */
  std: number;
  min: number;
  max: number;
  median: number;
  /** Median absolute deviation (unscaled). */
  mad: number;
  /** Samples whose robust z-score |x - median| / (1.4826 MAD) exceeds the threshold (default 3.5). */
  outlierCount: number;
  outlierIndices: Int32Array;
}

export interface BandPowers {
  /** Trapezoid integral of the Welch PSD over each band, edges inclusive, in units^2. */
  absolute: Record<BandName, number>;
  /** absolute / total power over 0.5-45 Hz. */
  relative: Record<BandName, number>;
  totalPower: number;
}

export type AnomalyKind = 'amplitude' | 'flatline' | 'railed' | 'line-noise' | 'muscle' | 'blink' | 'jump';

export interface Anomaly {
  channel: string;
  /** First and last sample (inclusive start, exclusive end) of the anomalous stretch. */
  startSample: number;
  endSample: number;
  kind: AnomalyKind;
  /** How strong the anomaly is relative to its threshold (>= 1 means beyond the threshold). */
  score: number;
  /** What was measured and the threshold it crossed, in `unit`: 182 uV against 100 uV; score = value / threshold. */
  measured: { value: number; threshold: number; unit: 'uV' | 's' | 'x' | '%' };
}

export interface ChannelQuality {
  /** 0 (unusable) .. 1 (clean). */
  score: number;
  reasons: string[];
}

export interface ChannelAnalysis {
  statistics: ChannelStatistics;
  /** Absent when the signal is too short or the rate too low for the bands (see `skipped`). */
  bands?: BandPowers;
  peakAlphaHz?: number;
  quality: ChannelQuality;
}

export interface AnalysisResult {
  sampleRateHz: number;
  channels: Record<string, ChannelAnalysis>;
  anomalies: Anomaly[];
  /** Overall confidence 0..1 in the analysis, from channel quality and signal length. */
  confidence: number;
  /** Why band powers were not computed, when they were not. */
  skipped?: string;
}
