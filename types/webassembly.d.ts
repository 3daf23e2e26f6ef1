// The part of the WebAssembly JS API that dsp-wasm/src uses. Browsers, workers, the audio worklet and Node all have
// WebAssembly, but only lib.dom / lib.webworker declare it: @types/node 20 does not, so tsconfig.pure.json and
// tsconfig.api.json (no DOM, no WebWorker) read this file instead. Delete it from tsconfig.api.json once
// @types/node declares WebAssembly (a duplicate `var WebAssembly` would then fail with TS2451/TS2403).
declare namespace WebAssembly {
  /** Opaque, as in lib.dom: compiled code is only passed around and instantiated. */
  interface Module {
    readonly __opaqueWasmModule: never;
  }
  var Module: { prototype: Module; new (bytes: ArrayBufferView<ArrayBuffer> | ArrayBuffer): Module };

  /** Callers cast the exports to their kernel's typed ABI (AlbiExports, JonaExports). */
  type Exports = Record<string, unknown>;
  type Imports = Record<string, Record<string, unknown>>;

  interface Instance {
    readonly exports: Exports;
  }
  var Instance: { prototype: Instance; new (module: Module, importObject?: Imports): Instance };

  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  var Memory: { prototype: Memory; new (descriptor: { initial: number; maximum?: number; shared?: boolean }): Memory };

  function compile(bytes: ArrayBufferView<ArrayBuffer> | ArrayBuffer): Promise<Module>;
  function instantiate(module: Module, importObject?: Imports): Promise<Instance>;
  function validate(bytes: ArrayBufferView<ArrayBuffer> | ArrayBuffer): boolean;
}

/** As in lib.dom: the dsp-wasm loaders take their bytes as a BufferSource. */
type BufferSource = ArrayBufferView<ArrayBuffer> | ArrayBuffer;
