// Render worker: writes a Program as WAV (16/24-bit PCM or 32-bit float, 44.1/48 kHz, stereo)
// straight into an OPFS file through a sync access handle, chunk by chunk, so a one-hour render
// holds ~0.5 MB in memory. Without OPFS it returns Blob parts (the browser may page them to disk).
// Rendering is synchronous per job; to cancel, terminate the worker (the bridge restarts it).
import { instantiateJona } from '../../dsp-wasm/src/jona/kernel.ts';
import { renderWav } from '../../dsp-wasm/src/jona/render-wav.ts';
import type { Program } from '../../dsp-wasm/src/jona/program.ts';
import type { BitDepth } from '../../dsp-wasm/src/jona/wav.ts';

export interface RenderRequest {
  type: 'render';
  id: number;
  module: WebAssembly.Module;
  program: Program;
  sampleRateHz: 44100 | 48000;
  bitDepth: BitDepth;
  seed?: number;
  /** OPFS file to write; without it the reply carries a Blob. */
  fileName?: string;
}

export type RenderReply =
  | { type: 'progress'; id: number; doneFrames: number; totalFrames: number }
  | { type: 'done'; id: number; bytes: number; fileName?: string; blob?: Blob }
  | { type: 'error'; id: number; message: string };

const post = (msg: RenderReply) => (self as unknown as Worker).postMessage(msg);

interface SyncHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

async function openOpfs(fileName: string): Promise<SyncHandle | undefined> {
  const root = await navigator.storage?.getDirectory?.().catch(() => undefined);
  if (!root) return undefined;
  const file = await root.getFileHandle(fileName, { create: true });
  const open = (file as unknown as { createSyncAccessHandle?: () => Promise<SyncHandle> }).createSyncAccessHandle;
  return open ? open.call(file) : undefined;
}

async function render(req: RenderRequest): Promise<void> {
  const kernel = instantiateJona(req.module);
  const handle = req.fileName ? await openOpfs(req.fileName) : undefined;
  const parts: BlobPart[] = [];
  let lastPost = 0;
  const bytes = renderWav(
    kernel,
    req.program,
    { sampleRateHz: req.sampleRateHz, bitDepth: req.bitDepth, seed: req.seed },
    (chunk, at) => {
      if (handle) handle.write(chunk, { at });
      else parts.push(chunk.slice());
    },
    (doneFrames, totalFrames) => {
      // At most ~20 progress messages per second of wall time, plus the last one.
      const now = Date.now();
      if (now - lastPost >= 50 || doneFrames === totalFrames) {
        lastPost = now;
        post({ type: 'progress', id: req.id, doneFrames, totalFrames });
      }
    },
  );
  if (handle) {
    handle.truncate(bytes);
    handle.flush();
    handle.close();
  }
  post({
    type: 'done',
    id: req.id,
    bytes,
    fileName: handle ? req.fileName : undefined,
    blob: handle ? undefined : new Blob(parts, { type: 'audio/wav' }),
  });
}

self.onmessage = (e: MessageEvent<RenderRequest>) => {
  const msg = e.data;
  render(msg).catch((error: unknown) => post({ type: 'error', id: msg.id, message: error instanceof Error ? error.message : String(error) }));
};
