// Reads a recording file into the shared Recording shape, off the main thread (the formats helper's
// import worker; the format is detected from the content).
import type { Recording } from '../../../../workers/formats/recording.ts';

/** Parses `file` into a Recording; `onProgress` gets 0..1; `signal` cancels (the worker is stopped). */
export async function readFileAsRecording(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Recording> {
  const { importFile } = await import('../../../../workers/formats/import.main.ts');
  return importFile(file, onProgress, signal);
}
