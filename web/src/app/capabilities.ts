// What this browser can do, checked once before anything asks for a device. Browsers without Web
// Bluetooth (Safari, Firefox) still get import, playback and synthesis.

export interface Capabilities {
  webBluetooth: boolean;
  webSerial: boolean;
  audioWorklet: boolean;
  wasm: boolean;
  wasmSimd: boolean;
  crossOriginIsolated: boolean;
  serviceWorker: boolean;
  indexedDb: boolean;
  storageManager: boolean;
}

// The smallest module using a v128 instruction (i8x16.splat + i8x16.popcnt); validate() is false without SIMD.
const simdProbe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** Probes the current global scope; pure apart from reading globals. */
export function detectCapabilities(scope: any = globalThis): Capabilities {
  const nav = scope.navigator ?? {};
  const wasm = typeof scope.WebAssembly?.validate === 'function';
  let wasmSimd = false;
  try {
    wasmSimd = wasm && scope.WebAssembly.validate(simdProbe);
  } catch {
    wasmSimd = false;
  }
  return {
    webBluetooth: !!nav.bluetooth && typeof nav.bluetooth.requestDevice === 'function',
    webSerial: !!nav.serial && typeof nav.serial.requestPort === 'function',
    audioWorklet: typeof scope.AudioWorkletNode === 'function',
    wasm,
    wasmSimd,
    crossOriginIsolated: scope.crossOriginIsolated === true,
    serviceWorker: !!nav.serviceWorker,
    indexedDb: typeof scope.indexedDB !== 'undefined',
    storageManager: typeof nav.storage?.estimate === 'function',
  };
}

export interface CapabilityRow {
  key: keyof Capabilities;
  label: string;
  ok: boolean;
  /** What the user can still do when the feature is missing. */
  missingNote: string;
}

/** Plain-language rows for the Connect and Status screens. */
export function describeCapabilities(c: Capabilities): CapabilityRow[] {
  return [
    {
      key: 'webBluetooth',
      label: 'Web Bluetooth (Muse, Ganglion)',
      ok: c.webBluetooth,
      missingNote:
        'This browser has no Web Bluetooth (Safari and Firefox do not offer it). Use Chrome or Edge for Muse and Ganglion, or import a file, play back a session or use the synthetic headset.',
    },
    {
      key: 'webSerial',
      label: 'Web Serial (Cyton)',
      ok: c.webSerial,
      missingNote: 'No Web Serial: Cyton needs Chrome or Edge on a desktop. Import, playback and synthesis still work.',
    },
    {
      key: 'audioWorklet',
      label: 'AudioWorklet (brainwave audio)',
      ok: c.audioWorklet,
      missingNote: 'No AudioWorklet: live audio synthesis is unavailable.',
    },
    {
      key: 'wasmSimd',
      label: 'WebAssembly SIMD (analysis)',
      ok: c.wasmSimd,
      missingNote: 'No WebAssembly SIMD: live analysis cannot run in this browser.',
    },
    {
      key: 'crossOriginIsolated',
      label: 'Cross-origin isolation (shared buffers)',
      ok: c.crossOriginIsolated,
      missingNote: 'Not cross-origin isolated: samples are copied between threads instead of shared (slower, still correct).',
    },
    {
      key: 'indexedDb',
      label: 'IndexedDB (offline sessions)',
      ok: c.indexedDb,
      missingNote: 'No IndexedDB (private mode?): recordings cannot be kept.',
    },
    {
      key: 'serviceWorker',
      label: 'Service worker (works offline)',
      ok: c.serviceWorker,
      missingNote: 'No service worker: the app needs the network to load.',
    },
  ];
}
