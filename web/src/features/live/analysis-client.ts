// The Live screen's link to the analysis worker (workers/analysis: ALBI in WASM over Comlink).
// One analyze() = analyzeChannels (bands, quality, anomalies, peak alpha) + a Welch PSD per channel,
// all computed in the worker; the main thread only sends samples and receives results.
import { createAnalysisBridge, type AnalysisBridge } from '../../../../workers/analysis/analysis.main.ts';
import type { BandPowers } from '../../../../dsp-wasm/src/analysis-types.ts';
import type { LiveAnalysisFrame } from './analysis-frame.ts';

export interface AnalyzeRequest {
  /** Newest samples per channel, time order (µV), finite (the caller cuts at the last gap). */
  channels: Float32Array[];
  labels: string[];
  sampleRateHz: number;
  /** Band edges from Settings, for the band history. */
  bands: Record<string, [number, number]>;
  mainsHz: 50 | 60;
}

export interface AnalysisClient {
  /** Returns the frame plus the mean-PSD band powers with the user's band edges. */
  analyze(request: AnalyzeRequest): Promise<LiveAnalysisFrame & { userBands: BandPowers | null }>;
}

let bridge: AnalysisBridge | undefined;

/** The shared client; the worker starts on the first call. */
export async function getAnalysisClient(): Promise<AnalysisClient> {
  bridge ??= createAnalysisBridge({ callTimeoutMs: 10_000 });
  const b = bridge;
  return {
    async analyze({ channels, labels, sampleRateHz, bands, mainsHz }) {
      const input = labels.map((label, i) => ({ label, samples: channels[i] }));
      const result = await b.analyzeChannels(input, sampleRateHz, { mainsHz });
      const spectra = await Promise.all(channels.map((c) => b.getPsdWelch(c, sampleRateHz)));
      const freqsHz = spectra[0].frequenciesHz;
      const mean = new Float64Array(freqsHz.length);
      for (const s of spectra) for (let i = 0; i < mean.length; i++) mean[i] += s.psd[i] / spectra.length;
      const userBands = result.skipped ? null : await b.getBandPowers({ frequenciesHz: freqsHz, psd: mean }, bands as never);
      return { atMs: Date.now(), freqsHz, psd: spectra.map((s) => s.psd), result, userBands };
    },
  };
}
