// The WASM engines the API calls: ALBI (analysis) and JONA (synthesis), the same kernels the
// browser runs. Each is instantiated lazily, once, through a promise kept here; probe() loads a
// kernel afresh from its file for the health checks.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ALBI_ABI_VERSION, type AlbiExports } from '../../dsp-wasm/src/albi-exports.ts';
import type { AnalysisResult } from '../../dsp-wasm/src/analysis-types.ts';
import { loadAlbi } from '../../dsp-wasm/src/index.ts';
import { compileJona, createWavStream, instantiateJona, programFromRequest } from '../../dsp-wasm/src/jona/index.ts';
import { renderWavFile } from '../../dsp-wasm/src/jona/render-file.node.ts';

export interface AlbiEngine {
  analyzeChannels(channels: Record<string, Float32Array | Float64Array>, sampleRateHz: number): AnalysisResult;
}

/** JONA as dsp-wasm/src/jona exports it: the original request -> a program -> a WAV stream, or a file rendered on every core. */
export interface JonaEngine {
  programFromRequest: typeof programFromRequest;
  createWavStream: typeof createWavStream;
  renderWavFile: typeof renderWavFile;
}

export interface Engines {
  albi(): Promise<AlbiEngine>;
  jona(): Promise<JonaEngine>;
  /** Whether each engine has been instantiated. */
  loaded(): { albi: boolean; jona: boolean };
  /** The .wasm file each kernel is (re)loaded from. */
  files: { albi: string; jona: string };
  /**
   * Reads, compiles and instantiates a kernel's file now, checking its ABI; rejects with the reason
   * when it cannot load (missing, truncated, another build). The running engine is not touched.
   */
  probe(name: 'albi' | 'jona'): Promise<void>;
}

const buildFile = (name: string) => fileURLToPath(new URL(`../../dsp-wasm/build/${name}.wasm`, import.meta.url));

/** Instantiates a compiled kernel the way its loader does, so a probe fails where a load would. */
function instantiateKernel(name: 'albi' | 'jona', module: WebAssembly.Module): void {
  if (name === 'jona') {
    instantiateJona(module); // checks the ABI version and buffer layout
    return;
  }
  const wasm = new WebAssembly.Instance(module, {}).exports as unknown as AlbiExports;
  const version = wasm.abiVersion();
  if (version !== ALBI_ABI_VERSION) throw new Error(`albi.wasm ABI ${version} does not match the wrapper (${ALBI_ABI_VERSION})`);
}

/**
 * Lazily loads both engines from dsp-wasm (`files` overrides where probe() reads the kernels).
 * @example const engines = createEngines(); const albi = await engines.albi();
 */
export function createEngines(options: { files?: Partial<Engines['files']> } = {}): Engines {
  const files = { albi: options.files?.albi ?? buildFile('albi'), jona: options.files?.jona ?? buildFile('jona') };
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
    files,
    async probe(name) {
      const bytes = await readFile(files[name]);
      instantiateKernel(name, await WebAssembly.compile(bytes));
    },
  };
}

async function loadAlbiEngine(): Promise<AlbiEngine> {
  const albi = await loadAlbi(); // dsp-wasm/build/albi.wasm, compiled once per process
  return { analyzeChannels: (channels, sampleRateHz) => albi.analyzeChannels(channels, sampleRateHz) };
}

async function loadJonaEngine(): Promise<JonaEngine> {
  await compileJona(); // compiles dsp-wasm/build/jona.wasm once; fails here (not mid-stream) when it is missing
  return { programFromRequest, createWavStream, renderWavFile };
}
