// Renders a Program to a WAV file in the JONA render worker, with progress; resolves with a Blob.
import type { Program } from '../../../../dsp-wasm/src/jona/program.ts';
import type { RenderReply, RenderRequest } from '../../../../workers/audio/render.worker.ts';

let nextId = 1;

/** Renders 48 kHz 16-bit stereo; `onProgress` gets 0..1; abort terminates the worker. */
export async function renderProgramToWav(program: Program, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Blob> {
  const { compileJonaModule } = await import('../../../../workers/audio/jona.main.ts');
  const module = await compileJonaModule();
  const worker = new Worker(new URL('../../../../workers/audio/render.worker.ts', import.meta.url), { type: 'module', name: 'jona-render' });
  const id = nextId++;
  try {
    return await new Promise<Blob>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(new DOMException('Render cancelled', 'AbortError')));
      worker.onerror = (e) => reject(new Error(`render worker failed: ${e.message}`));
      worker.onmessage = (e: MessageEvent<RenderReply>) => {
        const m = e.data;
        if (m.id !== id) return;
        if (m.type === 'progress') onProgress(m.doneFrames / m.totalFrames);
        else if (m.type === 'done') m.blob ? resolve(m.blob) : reject(new Error('render finished without a file'));
        else reject(new Error(m.message));
      };
      worker.postMessage({ type: 'render', id, module, program, sampleRateHz: 48000, bitDepth: 16 } satisfies RenderRequest);
    });
  } finally {
    worker.terminate();
  }
}
