// Render worker: writes a Program as WAV (16/24-bit PCM or 32-bit float, 44.1/48 kHz, stereo)
// straight into an OPFS file through a sync access handle, chunk by chunk, so a one-hour render
// holds ~0.5 MB in memory. Without OPFS it returns Blob parts (the browser may page them to disk).
// Rendering is synchronous per job; to cancel, the page's bridge terminates the worker. Messages:
// render.protocol.ts; a bad request is answered with an error and the worker goes on.
// On more than one core the program is cut into one span per core (render-spans.ts): span workers
// (render-span.worker.ts) render them side by side and post their chunks here, where they are
// written at their offsets; the join checks every split and the file is the 1-core render's.
/// <reference lib="webworker" />
import { instantiateJona } from '../../dsp-wasm/src/jona/kernel.ts';
import { ProgramPlayer } from '../../dsp-wasm/src/jona/player.ts';
import type { Program } from '../../dsp-wasm/src/jona/program.ts';
import { joinSpans, planSpans, type RenderSpan, type SpanResult } from '../../dsp-wasm/src/jona/render-spans.ts';
import { renderWav } from '../../dsp-wasm/src/jona/render-wav.ts';
import { WAV_HEADER_BYTES, frameBytes, writeWavHeader } from '../../dsp-wasm/src/jona/wav.ts';
import type { FromSpanWorker, ToSpanWorker } from './render-span.protocol.ts';
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

/** Progress for `requestId`: at most ~20 messages per second of wall time, plus the last one. */
function progressPoster(requestId: number): (doneFrames: number, totalFrames: number) => void {
  let lastPost = 0;
  let lastDone = -1;
  return (doneFrames, totalFrames) => {
    const now = Date.now();
    if (doneFrames > lastDone && (now - lastPost >= 50 || doneFrames === totalFrames)) {
      lastPost = now;
      lastDone = doneFrames;
      post({ type: 'progress', requestId, doneFrames, totalFrames });
    }
  };
}

/**
 * Renders `spans` of `program` on one span worker each; `write(bytes, at)` gets every chunk (in
 * order within a span). Rejects at once when a span worker fails or dies; stops them all at the end.
 */
async function renderInSpans(
  req: RenderRequest,
  program: Program,
  spans: RenderSpan[],
  write: (bytes: Uint8Array, at: number) => void,
  progress: (doneFrames: number, totalFrames: number) => void,
): Promise<void> {
  const options = { sampleRateHz: req.sampleRateHz, bitDepth: req.bitDepth, seed: req.seed ?? 1 };
  const total = spans.at(-1)!.endFrame;
  const align = frameBytes(req.bitDepth);
  const done = spans.map(() => 0);
  const workers = spans.map(() => new Worker(new URL('./render-span.worker.ts', import.meta.url), { type: 'module', name: 'jona-render-span' }));
  const pending = new Map<number, { resolve(result: SpanResult): void; reject(error: Error): void }>();
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  try {
    workers.forEach((worker, i) => {
      worker.onmessage = (e: MessageEvent<FromSpanWorker>) => {
        const m = e.data;
        if (m.type === 'chunk') {
          write(m.bytes, m.at);
          done[i]! += m.bytes.length / align;
          progress(
            Math.min(
              total,
              done.reduce((a, b) => a + b, 0),
            ),
            total,
          );
          return;
        }
        const p = pending.get(i);
        pending.delete(i);
        if (m.type === 'done') p?.resolve({ startState: m.startState, endState: m.endState });
        else p?.reject(new Error(`render of span ${m.index} failed: ${m.message}`));
      };
      // A worker that cannot start or dies fails the whole render now, not at the bridge's timeout.
      worker.onerror = (e) => {
        e.preventDefault();
        failAll(new Error(`span worker ${i} died: ${e.message || 'error event'}`));
      };
      worker.onmessageerror = () => failAll(new Error(`span worker ${i} sent a message that cannot be read`));
      worker.postMessage({ type: 'init', module: req.module, program, options } satisfies ToSpanWorker);
    });
    await joinSpans(spans, (span, from) => {
      done[span.index] = 0;
      return new Promise<SpanResult>((resolve, reject) => {
        pending.set(span.index, { resolve, reject });
        workers[span.index]!.postMessage({ type: 'render', span, from } satisfies ToSpanWorker);
      });
    });
  } finally {
    for (const worker of workers) worker.terminate();
  }
}

async function render(req: RenderRequest): Promise<RenderResult> {
  if (req?.type !== 'render') throw new TypeError(`render worker: unknown request type ${JSON.stringify(req?.type)}`);
  if (!(req.module instanceof WebAssembly.Module)) throw new TypeError('render worker: render needs the compiled JONA module in `module`');
  const kernel = instantiateJona(req.module);
  // Validates the program (a zero-length one is refused here, before any worker starts).
  const { totalFrames } = new ProgramPlayer(kernel, req.program, req.sampleRateHz, req.seed ?? 1);
  const spans = planSpans(totalFrames, req.threads ?? navigator.hardwareConcurrency ?? 1);
  const handle = req.fileName ? await openOpfs(req.fileName) : undefined;
  // Blob parts by byte offset: span workers deliver out of file order (and a re-rendered span twice).
  const parts = new Map<number, Uint8Array>();
  const progress = progressPoster(req.requestId);
  let bytes: number;
  try {
    if (spans.length > 1) {
      const header = writeWavHeader(totalFrames, req.sampleRateHz, req.bitDepth);
      const write = (chunk: Uint8Array, at: number) => {
        if (handle) handle.write(chunk, { at });
        else parts.set(at, chunk);
      };
      write(header, 0);
      await renderInSpans(req, req.program, spans, write, progress);
      bytes = WAV_HEADER_BYTES + totalFrames * frameBytes(req.bitDepth);
    } else {
      bytes = renderWav(
        kernel,
        req.program,
        { sampleRateHz: req.sampleRateHz, bitDepth: req.bitDepth, seed: req.seed },
        (chunk, at) => {
          if (handle) handle.write(chunk, { at });
          else parts.set(at, chunk.slice());
        },
        progress,
      );
    }
  } catch (error) {
    handle?.close(); // a bad program must not leave the file locked for the next render
    throw error;
  }
  if (handle) {
    handle.truncate(bytes);
    handle.flush();
    handle.close();
  }
  const inOrder = () => [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([, part]) => part as BlobPart);
  return { bytes, fileName: handle ? req.fileName : undefined, blob: handle ? undefined : new Blob(inOrder(), { type: 'audio/wav' }) };
}

scope.onmessage = (e: MessageEvent<RenderRequest>) => {
  void answerRequest<RenderResult>(post, e.data?.requestId, () => render(e.data));
};
