// The WASM engines the API calls: ALBI (analysis) and JONA (synthesis), the same kernels the
// browser runs. Each is instantiated lazily, once, through a promise kept here.
import type { AnalysisResult } from '../../dsp-wasm/src/analysis-types.ts';
import { loadAlbi } from '../../dsp-wasm/src/index.ts';
import { compileJona, createWavStream, programFromRequest } from '../../dsp-wasm/src/jona/index.ts';

export interface AlbiEngine {
  analyzeChannels(channels: Record<string, Float32Array | Float64Array>, sampleRateHz: number): AnalysisResult;
}

/** JONA as dsp-wasm/src/jona exports it: the original request -> a program -> a WAV stream. */
export interface JonaEngine {
  programFromRequest: typeof programFromRequest;
  createWavStream: typeof createWavStream;
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
      (albi ??= loadAlbiEngine()
        .then((engine) => {
          state.albi = true;
          return engine;
        })
        .catch((error) => {
          albi = undefined; // allow a retry after e.g. a missing build
          throw error;
        })),
    jona: () =>
      (jona ??= loadJonaEngine()
        .then((engine) => {
          state.jona = true;
          return engine;
        })
        .catch((error) => {
          jona = undefined;
          throw error;
        })),
    loaded: () => ({ ...state }),
  };
}

async function loadAlbiEngine(): Promise<AlbiEngine> {
  const albi = await loadAlbi(); // dsp-wasm/build/albi.wasm, compiled once per process
  return { analyzeChannels: (channels, sampleRateHz) => albi.analyzeChannels(channels, sampleRateHz) };
}

async function loadJonaEngine(): Promise<JonaEngine> {
  await compileJona(); // compiles dsp-wasm/build/jona.wasm once; fails here (not mid-stream) when it is missing
  return { programFromRequest, createWavStream };
}
