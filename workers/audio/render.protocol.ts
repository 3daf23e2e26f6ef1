// Messages between the page and the JONA render worker (render.worker.ts). One request per render;
// before its reply the worker posts progress (at most ~20 a second, and the last frame), each with the
// request's requestId.
import type { Program } from '../../dsp-wasm/src/jona/program.ts';
import type { BitDepth } from '../../dsp-wasm/src/jona/wav.ts';
import type { Reply } from '../protocol/reply.ts';

/** Page to worker: render `program` as a WAV file. */
export interface RenderRequest {
  type: 'render';
  requestId: number;
  module: WebAssembly.Module;
  program: Program;
  sampleRateHz: 44100 | 48000;
  bitDepth: BitDepth;
  seed?: number;
  /** OPFS file to write; without it the reply carries a Blob. */
  fileName?: string;
  /** Span workers rendering side by side (default navigator.hardwareConcurrency; 1 renders in this worker). */
  threads?: number;
}

/** The value of the reply: the file's size, and where it is (OPFS `fileName`, or `blob`). */
export interface RenderResult {
  bytes: number;
  fileName?: string;
  blob?: Blob;
}

export type RenderProgress = { type: 'progress'; requestId: number; doneFrames: number; totalFrames: number };

export type FromRender = RenderProgress | Reply<RenderResult>;
