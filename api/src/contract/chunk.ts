// Binary layout of one session chunk, shared by the browser's sync code and the API. Pure TS:
// no DOM, no Node; hashing uses Web Crypto (`crypto.subtle`), present in browsers, workers and Node 20.
//
//   offset  size  field (all little-endian)
//   0       4     magic "CLXC" (0x43 0x4C 0x58 0x43)
//   4       2     layout version = 1 (u16)
//   6       2     channelCount (u16, 1..1024)
//   8       8     firstSample: index of the chunk's first sample in its stream (u64, < 2^53)
//   16      4     sampleCount per channel (u32, 1..1_048_576)
//   20      4     reserved, 0
//   24      4*C*N samples, float32, CHANNEL-MAJOR: channel 0's N samples, then channel 1's, ...
//
// Total length is exactly 24 + 4 * channelCount * sampleCount bytes. Samples are finite
// (a missing stretch is a gap event, never a NaN). The 24-byte header keeps the float32 data
// 4-byte aligned, so `new Float32Array(bytes.buffer, byteOffset + 24, ...)` works on aligned buffers.
//
// Layout version 2 is an ENCRYPTED chunk of an end-to-end encrypted session (contract/e2e-crypto.ts):
// the same 24-byte header in plaintext (version = 2), so the server can still check the size and
// list the chunk by its sample counts, then
//   24      12    nonce: 96 random bits, fresh for every chunk
//   36      4*C*N+16  AES-256-GCM ciphertext of the version-1 sample bytes, then the 16-byte tag
// Total length is exactly 24 + 12 + 4 * channelCount * sampleCount + 16 bytes. Only a holder of the
// key can read (or check the finiteness of) the samples; the server never decodes them.

export const CHUNK_MAGIC = 0x43584c43; // "CLXC" read as little-endian u32
export const CHUNK_VERSION = 1;
/** Layout version of an end-to-end encrypted chunk. */
export const CHUNK_ENCRYPTED_VERSION = 2;
export const CHUNK_NONCE_BYTES = 12;
export const CHUNK_TAG_BYTES = 16;
export const CHUNK_HEADER_BYTES = 24;
export const CHUNK_MAX_CHANNELS = 1024;
export const CHUNK_MAX_SAMPLES = 1_048_576;
/** HTTP header that carries the chunk's SHA-256 as 64 lowercase hex digits. */
export const CHUNK_SHA256_HEADER = 'x-chunk-sha256';
export const CHUNK_CONTENT_TYPE = 'application/vnd.clisonix.chunk';

export interface Chunk {
  /** Index of the first sample in the stream (0-based, per channel). */
  firstSample: number;
  /** One Float32Array per channel, all the same length. */
  channels: Float32Array[];
}

export interface ChunkHeader {
  channelCount: number;
  firstSample: number;
  sampleCount: number;
  /** Layout version 2: the samples are AES-GCM ciphertext that only the key's holder can read. */
  encrypted: boolean;
}

/** A chunk whose bytes do not follow the layout; `message` says which field is wrong. */
export class ChunkLayoutError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ChunkLayoutError';
  }
}

/** An encrypted chunk (layout version 2) where samples are needed: it can be stored and served, not read. */
export class EncryptedChunkError extends Error {
  constructor() {
    super('the chunk is end-to-end encrypted (layout version 2): its samples cannot be read without the key');
    this.name = 'EncryptedChunkError';
  }
}

/** Byte length of a chunk of `channelCount` x `sampleCount` samples, plain or encrypted. */
export function chunkByteLength(channelCount: number, sampleCount: number, encrypted = false): number {
  return CHUNK_HEADER_BYTES + 4 * channelCount * sampleCount + (encrypted ? CHUNK_NONCE_BYTES + CHUNK_TAG_BYTES : 0);
}

/** The 24-byte header of a chunk with `header`'s counts, as layout version 1 (plain) or 2 (encrypted). */
export function encodeChunkHeader(header: Omit<ChunkHeader, 'encrypted'>, encrypted: boolean): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(CHUNK_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, CHUNK_MAGIC, true);
  view.setUint16(4, encrypted ? CHUNK_ENCRYPTED_VERSION : CHUNK_VERSION, true);
  view.setUint16(6, header.channelCount, true);
  view.setBigUint64(8, BigInt(header.firstSample), true);
  view.setUint32(16, header.sampleCount, true);
  return bytes;
}

/**
 * Encodes channels into the chunk layout.
 * @example encodeChunk({ firstSample: 0, channels: [new Float32Array([1, 2]), new Float32Array([3, 4])] })
 */
export function encodeChunk(chunk: Chunk): Uint8Array<ArrayBuffer> {
  const channelCount = chunk.channels.length;
  const sampleCount = channelCount ? chunk.channels[0].length : 0;
  if (channelCount < 1 || channelCount > CHUNK_MAX_CHANNELS)
    throw new ChunkLayoutError(`channelCount ${channelCount} is outside 1..${CHUNK_MAX_CHANNELS}`, 'channelCount');
  if (sampleCount < 1 || sampleCount > CHUNK_MAX_SAMPLES)
    throw new ChunkLayoutError(`sampleCount ${sampleCount} is outside 1..${CHUNK_MAX_SAMPLES}`, 'sampleCount');
  if (!Number.isSafeInteger(chunk.firstSample) || chunk.firstSample < 0)
    throw new ChunkLayoutError(`firstSample ${chunk.firstSample} is not a non-negative safe integer`, 'firstSample');
  const bytes = new Uint8Array(CHUNK_HEADER_BYTES + 4 * channelCount * sampleCount);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, CHUNK_MAGIC, true);
  view.setUint16(4, CHUNK_VERSION, true);
  view.setUint16(6, channelCount, true);
  view.setBigUint64(8, BigInt(chunk.firstSample), true);
  view.setUint32(16, sampleCount, true);
  let offset = CHUNK_HEADER_BYTES;
  chunk.channels.forEach((samples, channel) => {
    if (samples.length !== sampleCount)
      throw new ChunkLayoutError(`channel ${channel} has ${samples.length} samples, channel 0 has ${sampleCount}`, `channels[${channel}]`);
    for (let i = 0; i < sampleCount; i++, offset += 4) {
      if (!Number.isFinite(samples[i])) throw new ChunkLayoutError(`channel ${channel} sample ${i} is not finite`, `channels[${channel}][${i}]`);
      view.setFloat32(offset, samples[i], true);
    }
  });
  return bytes;
}

/** Reads and checks the 24-byte header only. Throws ChunkLayoutError. */
export function decodeChunkHeader(bytes: Uint8Array): ChunkHeader {
  if (bytes.byteLength < CHUNK_HEADER_BYTES)
    throw new ChunkLayoutError(`chunk is ${bytes.byteLength} bytes, shorter than the ${CHUNK_HEADER_BYTES}-byte header`, 'header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== CHUNK_MAGIC) throw new ChunkLayoutError('chunk does not start with the magic "CLXC"', 'magic');
  const version = view.getUint16(4, true);
  if (version !== CHUNK_VERSION && version !== CHUNK_ENCRYPTED_VERSION)
    throw new ChunkLayoutError(
      `layout version ${version} is not supported (expected ${CHUNK_VERSION}, or ${CHUNK_ENCRYPTED_VERSION} encrypted)`,
      'version',
    );
  const encrypted = version === CHUNK_ENCRYPTED_VERSION;
  const channelCount = view.getUint16(6, true);
  if (channelCount < 1 || channelCount > CHUNK_MAX_CHANNELS)
    throw new ChunkLayoutError(`channelCount ${channelCount} is outside 1..${CHUNK_MAX_CHANNELS}`, 'channelCount');
  const firstSampleBig = view.getBigUint64(8, true);
  if (firstSampleBig > BigInt(Number.MAX_SAFE_INTEGER)) throw new ChunkLayoutError('firstSample is beyond 2^53', 'firstSample');
  const sampleCount = view.getUint32(16, true);
  if (sampleCount < 1 || sampleCount > CHUNK_MAX_SAMPLES)
    throw new ChunkLayoutError(`sampleCount ${sampleCount} is outside 1..${CHUNK_MAX_SAMPLES}`, 'sampleCount');
  if (view.getUint32(20, true) !== 0) throw new ChunkLayoutError('reserved header bytes 20..23 must be 0', 'reserved');
  const expected = chunkByteLength(channelCount, sampleCount, encrypted);
  if (bytes.byteLength !== expected) {
    throw new ChunkLayoutError(
      `chunk is ${bytes.byteLength} bytes; ${channelCount} channels x ${sampleCount} samples${encrypted ? ' encrypted (nonce and tag included)' : ''} need exactly ${expected}`,
      'length',
    );
  }
  return { channelCount, firstSample: Number(firstSampleBig), sampleCount, encrypted };
}

/**
 * Decodes a chunk and checks every field and sample. Throws ChunkLayoutError, or EncryptedChunkError
 * for an encrypted chunk (open it with contract/e2e-crypto.ts first).
 * @example const { firstSample, channels } = decodeChunk(bytes);
 */
export function decodeChunk(bytes: Uint8Array): Chunk {
  const header = decodeChunkHeader(bytes);
  if (header.encrypted) throw new EncryptedChunkError();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channels: Float32Array[] = [];
  let offset = CHUNK_HEADER_BYTES;
  for (let channel = 0; channel < header.channelCount; channel++) {
    const samples = new Float32Array(header.sampleCount);
    for (let i = 0; i < header.sampleCount; i++, offset += 4) {
      const value = view.getFloat32(offset, true);
      if (!Number.isFinite(value)) throw new ChunkLayoutError(`channel ${channel} sample ${i} is not finite`, `samples[${channel}][${i}]`);
      samples[i] = value;
    }
    channels.push(samples);
  }
  return { firstSample: header.firstSample, channels };
}

/**
 * SHA-256 of `bytes` as 64 lowercase hex digits (Web Crypto; works in browsers and Node).
 * @example await sha256Hex(new TextEncoder().encode('abc')) // 'ba7816bf...'
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
