// The WASM engines the API calls: ALBI (analysis) and JONA (synthesis), the same kernels the
// browser runs. Each is instantiated lazily, once, through a promise kept here.
import type { AnalysisResult } from '../../dsp-wasm/src/analysis-types.ts';

export interface AlbiEngine {
  analyzeChannels(channels: Record<string, Float32Array>, sampleRateHz: number): AnalysisResult;
}

export interface SynthesisRequest {
  mode: string;
  frequency: number;
  duration: number;
  amplitude: number;
  voices?: unknown;
}

export interface WavStream {
  byteLength: number;
  contentType: 'audio/wav';
  /** Bytes start..endInclusive of the file, rendered on the fly. */
  read(start?: number, endInclusive?: number): ReadableStream<Uint8Array>;
}

export interface JonaEngine {
  programFromRequest(request: SynthesisRequest): unknown;
  createWavStream(program: unknown, options: { sampleRateHz: 44100 | 48000; bitDepth: 16 | 24; seed: number }): WavStream;
}

export interface Engines {
  albi(): Promise<AlbiEngine>;
  jona(): Promise<JonaEngine>;
  /** Whether each engine has been instantiated (for health checks). */
  loaded(): { albi: boolean; jona: boolean };
}

/** Lazily loads both engines from dsp-wasm. */
export function createEngines(): Engines {
  let albi: Promise<AlbiEngine> | undefined;
  let jona: Promise<JonaEngine> | undefined;
  const state = { albi: false, jona: false };
  return {
    albi: () =>
      (albi ??= loadAlbiEngine().then((engine) => {
        state.albi = true;
        return engine;
      }).catch((error) => {
        albi = undefined; // allow a retry after e.g. a missing build
        throw error;
      })),
    jona: () =>
      (jona ??= loadJonaEngine().then((engine) => {
        state.jona = true;
        return engine;
      }).catch((error) => {
        jona = undefined;
        throw error;
      })),
    loaded: () => ({ ...state }),
  };
}

async function loadAlbiEngine(): Promise<AlbiEngine> {
  throw new Error('ALBI engine not wired yet');
}

async function loadJonaEngine(): Promise<JonaEngine> {
  throw new Error('JONA engine not wired yet');
}
