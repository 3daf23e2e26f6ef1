// Streams files into one zip (fflate's Zip: entries are written as they are added, nothing is kept).
// Text is deflated at level 1 (fast; CSV shrinks to about a third), EDF/BDF are stored as they are
// (their samples hardly compress and storing keeps the export fast). fflate writes no ZIP64: an
// entry or the archive must stay under 4 GiB (a 24-bit BDF of 8 ch x 250 Hz is 22 MB an hour).
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { ExportedFile } from './session-export.ts';

const STORED = /\.(edf|bdf|zip|png)$/i;

/**
 * Zips `files` in order, handing each piece of the archive to `onData` as soon as it is made.
 * @example zipFiles(files, (chunk, final) => parts.push(chunk));
 */
export function zipFiles(files: Iterable<ExportedFile>, onData: (chunk: Uint8Array, final: boolean) => void, mtime = new Date()): void {
  const zip = zipWriter(onData, mtime);
  for (const file of files) zip.add(file);
  zip.end();
}

/** zipFiles over files that arrive asynchronously (each session read when its turn comes). */
export async function zipFilesAsync(
  files: AsyncIterable<ExportedFile>,
  onData: (chunk: Uint8Array, final: boolean) => void,
  mtime = new Date(),
): Promise<void> {
  const zip = zipWriter(onData, mtime);
  for await (const file of files) zip.add(file);
  zip.end();
}

function zipWriter(onData: (chunk: Uint8Array, final: boolean) => void, mtime: Date) {
  let failure: Error | null = null;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else onData(chunk, final);
  });
  const check = () => {
    if (failure) throw failure;
  };
  return {
    add(file: ExportedFile) {
      const entry = STORED.test(file.path) ? new ZipPassThrough(file.path) : new ZipDeflate(file.path, { level: 1 });
      entry.mtime = mtime;
      zip.add(entry);
      entry.push(file.bytes, true);
      check();
    },
    end() {
      zip.end();
      check();
    },
  };
}
