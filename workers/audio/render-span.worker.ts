// Span worker of a parallel WAV render (started by render.worker.ts, one per core): renders one
// span of the program at a time with renderSpan and posts each 512 KB chunk, copied out of wasm
// memory into a buffer that is transferred, with its byte offset in the file. Messages:
// render-span.protocol.ts.
/// <reference lib="webworker" />
import { instantiateJona, type JonaKernel } from '../../dsp-wasm/src/jona/kernel.ts';
import type { Program } from '../../dsp-wasm/src/jona/program.ts';
import { renderSpan, type SpanRenderOptions } from '../../dsp-wasm/src/jona/render-spans.ts';
import type { FromSpanWorker, ToSpanWorker } from './render-span.protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromSpanWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
let job: { kernel: JonaKernel; program: Program; options: SpanRenderOptions } | undefined;

scope.onmessage = (e: MessageEvent<ToSpanWorker>) => {
  const message = e.data;
  if (message.type === 'init') {
    job = { kernel: instantiateJona(message.module), program: message.program, options: message.options };
    return;
  }
  const { index } = message.span;
  try {
    if (!job) throw new Error('span worker: render before init');
    const result = renderSpan(
      job.kernel,
      job.program,
      job.options,
      message.span,
      (bytes, at) => {
        const copy = bytes.slice();
        post({ type: 'chunk', index, at, bytes: copy }, [copy.buffer]);
      },
      message.from,
    );
    post({ type: 'done', index, ...result });
  } catch (error) {
    post({ type: 'error', index, message: (error as Error).message });
  }
};
