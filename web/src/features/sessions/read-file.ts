// Reads a recording file into the shared Recording shape (format detected from the content).
import type { Recording } from '../../../../workers/formats/recording.ts';

/** Parses `file` into a Recording; `onProgress` gets 0..1. */
export async function readFileAsRecording(file: File, onProgress: (fraction: number) => void): Promise<Recording> {
  const { readRecording } = await import('../../../../workers/formats/index.ts');
  const bytes = new Uint8Array(await file.arrayBuffer());
  onProgress(0.5);
  const recording = readRecording(bytes, file.name);
  onProgress(1);
  return recording;
}
