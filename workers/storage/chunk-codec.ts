// The recorder's encoder: the API's binary chunk layout and SHA-256 (imported from the API contract,
// never duplicated), so the bytes kept in IndexedDB are exactly the bytes the server stores.
import { decodeChunk, encodeChunk, sha256Hex } from '../../api/src/contract/chunk.ts';
import type { ChunkEncoder } from './recorder.ts';

/** Encodes a sealed chunk and hashes it. */
export const encodeSealedChunk: ChunkEncoder = async (chunk) => {
  const bytes = encodeChunk({ firstSample: chunk.firstSample, channels: chunk.channels });
  return { bytes, sha256: await sha256Hex(bytes) };
};

export { decodeChunk, sha256Hex };
