// Renders a Program to a WAV file in the JONA render worker, with progress; resolves with a Blob.
import type { Program } from '../../../../dsp-wasm/src/jona/program.ts';

/** Renders 48 kHz 16-bit stereo; `onProgress` gets 0..1; abort terminates the worker. */
export async function renderProgramToWav(program: Program, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Blob> {
  const { renderProgram } = await import('../../../../workers/audio/render.main.ts');
  const { blob } = await renderProgram(program, { sampleRateHz: 48000, bitDepth: 16, signal, onProgress: (done, total) => onProgress(done / total) });
  if (!blob) throw new Error('render finished without a file');
  return blob;
}
