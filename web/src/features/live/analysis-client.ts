// The Live screen's link to the analysis worker (workers/analysis, ALBI in WASM).
import type { AnalysisResult } from '../../../../dsp-wasm/src/analysis-types.ts';
import type { LiveAnalysisFrame } from './analysis-frame.ts';

export interface AnalyzeRequest {
  /** Newest samples per channel, time order (µV); NaN marks samples lost in a gap. */
  channels: Float32Array[];
  labels: string[];
  sampleRateHz: number;
  bands: Record<string, [number, number]>;
  mainsHz: 50 | 60;
}

export interface AnalysisClient {
  analyze(request: AnalyzeRequest): Promise<LiveAnalysisFrame>;
}

let client: Promise<AnalysisClient> | undefined;

/** The shared client, created on first use. */
export function getAnalysisClient(): Promise<AnalysisClient> {
  client ??= Promise.reject(new Error('the analysis worker is not part of this build yet'));
  return client;
}

export type { AnalysisResult };
