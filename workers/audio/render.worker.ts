// Render worker: writes a Program as WAV (16/24-bit PCM or 32-bit float, 44.1/48 kHz, stereo)
// straight into an OPFS file through a sync access handle, chunk by chunk, so a one-hour render
// holds ~0.5 MB in memory. Without OPFS it returns Blob parts (the browser may page them to disk).
// Rendering is synchronous per job; to cancel, the page's bridge terminates the worker. Messages:
// render.protocol.ts; a bad request is answered with an error and the worker goes on.
/// <reference lib="webworker" />
import { instantiateJona } from '../../dsp-wasm/src/jona/kernel.ts';
import { renderWav } from '../../dsp-wasm/src/jona/render-wav.ts';
import { answerRequest } from '../protocol/reply.ts';
import type { FromRender, RenderRequest, RenderResult } from './render.protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromRender) => scope.postMessage(message);

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

async function render(req: RenderRequest): Promise<RenderResult> {
  if (req?.type !== 'render') throw new TypeError(`render worker: unknown request type ${JSON.stringify(req?.type)}`);
  if (!(req.module instanceof WebAssembly.Module)) throw new TypeError('render worker: render needs the compiled JONA module in `module`');
  const kernel = instantiateJona(req.module);
  const handle = req.fileName ? await openOpfs(req.fileName) : undefined;
  const parts: BlobPart[] = [];
  let lastPost = 0;
  let bytes: number;
  try {
    bytes = renderWav(
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
          post({ type: 'progress', requestId: req.requestId, doneFrames, totalFrames });
        }
      },
    );
  } catch (error) {
    handle?.close(); // a bad program must not leave the file locked for the next render
    throw error;
  }
  if (handle) {
    handle.truncate(bytes);
    handle.flush();
    handle.close();
  }
  return { bytes, fileName: handle ? req.fileName : undefined, blob: handle ? undefined : new Blob(parts, { type: 'audio/wav' }) };
}

scope.onmessage = (e: MessageEvent<RenderRequest>) => {
  void answerRequest<RenderResult>(post, e.data?.requestId, () => render(e.data));
};
