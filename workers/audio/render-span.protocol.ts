// Messages between the render worker (render.worker.ts) and the span workers it starts for a
// parallel render: each span worker renders the spans it is asked for (render-spans.ts) and posts
// their PCM as transferred chunks, which the render worker writes at their byte offsets.
import type { PlayerCheckpoint } from '../../dsp-wasm/src/jona/player.ts';
import type { Program } from '../../dsp-wasm/src/jona/program.ts';
import type { RenderSpan, SpanRenderOptions } from '../../dsp-wasm/src/jona/render-spans.ts';

/** Render worker to span worker: what to render (the first message carries the module and program). */
export type ToSpanWorker =
  | { type: 'init'; module: WebAssembly.Module; program: Program; options: SpanRenderOptions }
  | { type: 'render'; span: RenderSpan; from?: PlayerCheckpoint };

/** Span worker to render worker: chunks of the span in order, then its kernel states (or why it failed). */
export type FromSpanWorker =
  | { type: 'chunk'; index: number; at: number; bytes: Uint8Array }
  | { type: 'done'; index: number; startState?: Uint8Array; endState?: Uint8Array }
  | { type: 'error'; index: number; message: string };
