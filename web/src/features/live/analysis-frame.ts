// One result of the live analysis, as the panels draw it. Produced off the main thread.
import type { AnalysisResult, BandName } from '../../../../dsp-wasm/src/analysis-types.ts';

export interface LiveAnalysisFrame {
  /** Wall-clock time of the newest analysed sample (epoch ms). */
  atMs: number;
  /** performance.now() when the analysed window was cut from the buffer (start of the feedback loop). */
  windowCutPerfMs?: number;
  /** Frequencies of the PSD bins (Hz). */
  freqsHz: Float64Array;
  /** Welch PSD per channel (units^2/Hz, e.g. µV²/Hz). */
  psd: Float64Array[];
  /** analyzeChannels result: band powers, quality, anomalies, peak alpha per channel. */
  result: AnalysisResult;
}

/** Mean relative band power over the channels that have bands, per band (0..1). */
export function meanRelativeBands(result: AnalysisResult): Record<BandName, number> {
  const bands: BandName[] = ['delta', 'theta', 'alpha', 'beta', 'gamma'];
  const channels = Object.values(result.channels).filter((c) => c.bands);
  return Object.fromEntries(
    bands.map((b) => [b, channels.length ? channels.reduce((sum, c) => sum + c.bands!.relative[b], 0) / channels.length : NaN]),
  ) as Record<BandName, number>;
}
