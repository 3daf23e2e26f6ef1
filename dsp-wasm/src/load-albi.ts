// Loads albi.wasm once per source. In Node with no argument it reads dsp-wasm/build/albi.wasm; in a
// browser or worker pass the URL (e.g. `import albiUrl from '../../dsp-wasm/build/albi.wasm?url'`).
// The module has no imports, so it instantiates with {} anywhere.
import { Albi } from './albi.ts';
import { AlbiCore } from './albi-core.ts';
import { ALBI_ABI_VERSION, type AlbiExports } from './albi-exports.ts';

export type AlbiSource = BufferSource | WebAssembly.Module | URL | string;

const loaded = new Map<unknown, Promise<Albi>>();
const DEFAULT_KEY = Symbol('albi-default');

/** Whether this runs in Node (read without Node's types: the module is also built for browsers and workers). */
function isNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
}

async function compile(source: AlbiSource | undefined): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source === undefined || ((typeof source === 'string' || source instanceof URL) && isNode() && !/^https?:/.test(String(source)))) {
    // Node: read from disk. The specifier is a variable so that bundlers leave it alone.
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(path: string | URL): Promise<Uint8Array<ArrayBuffer>> };
    const file = source ?? new URL(['..', 'build', 'albi.wasm'].join('/'), import.meta.url);
    const bytes = await fs.readFile(typeof file === 'string' && !file.startsWith('file:') ? file : new URL(String(file)));
    return WebAssembly.compile(bytes);
  }
  if (typeof source === 'string' || source instanceof URL) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`albi.wasm: HTTP ${response.status} for ${String(source)}`);
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(source);
}

/**
 * Loads and instantiates the ALBI kernels; the promise is cached per source, so later calls are free.
 * @example
 *   const albi = await loadAlbi();                 // Node: dsp-wasm/build/albi.wasm
 *   const { frequenciesHz, psd } = albi.getPsdWelch(samples, 256);
 */
export function loadAlbi(source?: AlbiSource): Promise<Albi> {
  const key = source === undefined ? DEFAULT_KEY : source instanceof URL ? source.href : source;
  let promise = loaded.get(key);
  if (!promise) {
    promise = (async () => {
      const module = await compile(source);
      const instance = await WebAssembly.instantiate(module, {});
      const wasm = instance.exports as unknown as AlbiExports;
      const version = wasm.abiVersion();
      if (version !== ALBI_ABI_VERSION) {
        throw new Error(`albi.wasm ABI ${version} does not match the wrapper (${ALBI_ABI_VERSION}); rebuild with npm run build:wasm`);
      }
      return new Albi(new AlbiCore(wasm));
    })();
    promise.catch(() => loaded.delete(key));
    loaded.set(key, promise);
  }
  return promise;
}
