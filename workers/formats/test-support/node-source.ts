// Node file handle as a ByteSource (tests and benchmarks; the API can use the same shape).

import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import type { ByteSource } from '../stream/byte-source.ts';

export function nodeFileSource(path: string): ByteSource & { close(): void } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    async read(offset, length) {
      const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      let done = 0;
      while (done < out.length) done += readSync(fd, out, done, out.length - done, offset + done);
      return out;
    },
    close: () => closeSync(fd),
  };
}
