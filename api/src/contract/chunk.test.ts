import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { CHUNK_HEADER_BYTES, ChunkLayoutError, decodeChunk, decodeChunkHeader, encodeChunk, sha256Hex } from './chunk.ts';

describe('chunk layout', () => {
  it('round-trips channel-major little-endian float32 with the header fields', () => {
    const bytes = encodeChunk({ firstSample: 2 ** 40 + 3, channels: [new Float32Array([1.5, -2, 3]), new Float32Array([4, 5, 6.25])] });
    expect(bytes.byteLength).toBe(CHUNK_HEADER_BYTES + 4 * 2 * 3);
    const view = new DataView(bytes.buffer);
    // channel-major: channel 1's first sample follows channel 0's three samples
    expect(view.getFloat32(CHUNK_HEADER_BYTES + 3 * 4, true)).toBe(4);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('CLXC');
    const decoded = decodeChunk(bytes);
    expect(decoded.firstSample).toBe(2 ** 40 + 3);
    expect(decoded.channels.map((c) => Array.from(c))).toEqual([
      [1.5, -2, 3],
      [4, 5, 6.25],
    ]);
  });

  it('refuses wrong magic, length, counts and non-finite samples, naming the field', () => {
    const good = encodeChunk({ firstSample: 0, channels: [new Float32Array([1, 2])] });
    const badMagic = good.slice();
    badMagic[0] = 0;
    expect(() => decodeChunk(badMagic)).toThrow(/magic/);
    expect(() => decodeChunk(good.subarray(0, good.length - 1))).toThrow(/exactly/);
    expect(() => decodeChunk(good.subarray(0, 10))).toThrow(/header/);
    const nan = good.slice();
    new DataView(nan.buffer).setFloat32(CHUNK_HEADER_BYTES + 4, NaN, true);
    try {
      decodeChunk(nan);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ChunkLayoutError);
      expect((error as ChunkLayoutError).field).toBe('samples[0][1]');
    }
    const zeroChannels = good.slice();
    new DataView(zeroChannels.buffer).setUint16(6, 0, true);
    expect(() => decodeChunkHeader(zeroChannels)).toThrow(/channelCount/);
    expect(() => encodeChunk({ firstSample: 0, channels: [new Float32Array([1]), new Float32Array([1, 2])] })).toThrow(/channel 1/);
    expect(() => encodeChunk({ firstSample: -1, channels: [new Float32Array([1])] })).toThrow(/firstSample/);
  });

  it('hashes with SHA-256 exactly as node:crypto does', async () => {
    const bytes = encodeChunk({ firstSample: 7, channels: [new Float32Array(1000).map((_, i) => Math.sin(i))] });
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
