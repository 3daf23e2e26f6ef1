// Loading jona.wasm: compiled once per thread and cached; each stream/worklet gets its own instance.
import { type JonaKernel, instantiateJona } from './kernel.ts';

export type JonaSource = WebAssembly.Module | ArrayBuffer | ArrayBufferView | URL | string;

let nodeModule: Promise<WebAssembly.Module> | undefined;

/** Compiles jona.wasm from dsp-wasm/build (Node only), once. */
function compileFromBuild(): Promise<WebAssembly.Module> {
  nodeModule ??= (async () => {
    // Hidden from bundlers: this branch only runs in Node (tests, API, benchmarks).
    const fsName = 'node:fs/promises';
    // Typed by hand: this module is checked without Node's types (tsconfig.worker.json).
    const { readFile } = (await import(/* @vite-ignore */ fsName)) as { readFile(path: URL): Promise<Uint8Array> };
    const url = new URL('../../build/jona.wasm', import.meta.url);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(url);
    } catch (error) {
      throw new Error(`cannot read ${url.pathname}: run \`npm run build:wasm\` first (${(error as Error).message})`);
    }
    return WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  })();
  return nodeModule;
}

/** Compiles (or returns) the module for `source`; with no source, reads dsp-wasm/build/jona.wasm (Node). */
export async function compileJona(source?: JonaSource): Promise<WebAssembly.Module> {
  if (source === undefined) return compileFromBuild();
  if (source instanceof WebAssembly.Module) return source;
  if (typeof source === 'string' || source instanceof URL) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`cannot fetch jona.wasm from ${String(source)}: HTTP ${response.status}`);
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(source as BufferSource);
}

/**
 * Loads a fresh JONA kernel. Node: `loadJona()` reads dsp-wasm/build/jona.wasm. Browser or worklet:
 * pass a compiled Module (synchronous instance inside), bytes, or a URL to fetch.
 * @example const kernel = await loadJona(); kernel.init(48000, 1);
 */
export async function loadJona(source?: JonaSource): Promise<JonaKernel> {
  return instantiateJona(await compileJona(source));
}
