// One worker_threads worker of a parallel WAV render (render-file.node.ts starts it): renders the
// spans it is asked for with renderSpan and writes their PCM straight into the output file at
// their byte offsets, from wasm memory (no copy), then replies with the span's kernel states.
import { closeSync, openSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { instantiateJona } from './kernel.ts';
import type { PlayerCheckpoint } from './player.ts';
import type { Program } from './program.ts';
import { type RenderSpan, renderSpan, type SpanRenderOptions } from './render-spans.ts';

/** What the driver hands each worker at start. */
export interface SpanWorkerData {
  module: WebAssembly.Module;
  program: Program;
  options: SpanRenderOptions;
  file: string;
}

/** Driver to worker. */
export type SpanWorkerRequest = { type: 'render'; span: RenderSpan; from?: PlayerCheckpoint };
/** Worker to driver. */
export type SpanWorkerReply =
  | { type: 'done'; index: number; startState?: Uint8Array; endState?: Uint8Array }
  | { type: 'error'; index: number; message: string };

const data = workerData as SpanWorkerData;
const port = parentPort!;
const kernel = instantiateJona(data.module);
const fd = openSync(data.file, 'r+');

port.on('message', (request: SpanWorkerRequest) => {
  try {
    const result = renderSpan(
      kernel,
      data.program,
      data.options,
      request.span,
      (bytes, at) => {
        let done = 0;
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
      },
      request.from,
    );
    port.postMessage({ type: 'done', index: request.span.index, ...result } satisfies SpanWorkerReply);
  } catch (error) {
    port.postMessage({ type: 'error', index: request.span.index, message: (error as Error).message } satisfies SpanWorkerReply);
  }
});
port.once('close', () => closeSync(fd));
