// The end-to-end encryption scheme under Node's Web Crypto (the same calls the browser makes): round
// trips give back the exact plain bytes, a wrong passphrase is told from damaged data, and a
// ciphertext moved to another place (session, stream, seq, header, text field) does not open.
import { beforeAll, describe, expect, it } from 'vitest';
import { ChunkLayoutError, chunkByteLength, decodeChunk, decodeChunkHeader, EncryptedChunkError, encodeChunk, sha256Hex } from './chunk.ts';
import {
  DamagedDataError,
  fromBase64,
  KDF_MIN_ITERATIONS,
  newAccountKey,
  decryptChunk,
  decryptText,
  encryptChunk,
  encryptText,
  toBase64,
  unlockAccountKey,
  WrongPassphraseError,
  type E2eAccountParams,
} from './e2e-crypto.ts';
import { e2eAccountParamsSchema } from './e2e-params.ts';

const PASSPHRASE = 'quiet river under seven lanterns';
const place = { sessionId: '0b9f3c1e-8d2a-4f6b-9c1d-2e3f4a5b6c7d', stream: 'eeg', seq: 3 };
const plain = encodeChunk({
  firstSample: 750,
  channels: Array.from({ length: 8 }, (_, c) => Float32Array.from({ length: 250 }, (_, i) => Math.sin((i + c) / 7) * 40 + c)),
});

let params: E2eAccountParams;
let key: CryptoKey;
beforeAll(async () => {
  ({ params, key } = await newAccountKey(PASSPHRASE));
});

describe('account key', () => {
  it('records PBKDF2-SHA-256 with at least 600,000 iterations and a fresh 16-byte salt; the key cannot be exported', async () => {
    expect(params.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    expect(KDF_MIN_ITERATIONS).toBe(600_000);
    expect(fromBase64(params.kdf.salt)).toHaveLength(16);
    expect(e2eAccountParamsSchema.parse(params)).toEqual(params);
    const other = await newAccountKey(PASSPHRASE);
    expect(other.params.kdf.salt).not.toBe(params.kdf.salt);
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    await expect(newAccountKey(PASSPHRASE, 100_000)).rejects.toThrow(/at least 600000 iterations/);
  });

  it('unlocks with the passphrase on a new device; a wrong passphrase is "Wrong passphrase"', async () => {
    const again = await unlockAccountKey(PASSPHRASE, params);
    const encrypted = await encryptChunk(key, place, plain);
    expect(await sha256Hex(await decryptChunk(again, place, encrypted))).toBe(await sha256Hex(plain));
    const wrong = unlockAccountKey('quiet river under seven lantern', params);
    await expect(wrong).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(wrong).rejects.toThrow(/^Wrong passphrase$/);
  });
});

describe('encrypted chunks', () => {
  it('round-trips to the exact plain bytes; the header stays readable, the samples do not', async () => {
    const encrypted = await encryptChunk(key, place, plain);
    expect(encrypted.byteLength).toBe(chunkByteLength(8, 250, true));
    expect(encrypted.byteLength).toBe(plain.byteLength + 12 + 16);
    expect(decodeChunkHeader(encrypted)).toEqual({ channelCount: 8, firstSample: 750, sampleCount: 250, encrypted: true });
    const opened = await decryptChunk(key, place, encrypted);
    expect(opened).toEqual(plain);
    // No 8-byte run of the plain samples survives in the ciphertext.
    const hex = Buffer.from(encrypted).toString('hex');
    for (let at = 24; at < plain.byteLength; at += 1000) expect(hex).not.toContain(Buffer.from(plain.subarray(at, at + 8)).toString('hex'));
  });

  it('the layout checks an encrypted chunk by its counts; its samples cannot be decoded', async () => {
    const encrypted = await encryptChunk(key, place, plain);
    expect(() => decodeChunk(encrypted)).toThrow(EncryptedChunkError);
    const short = encrypted.subarray(0, encrypted.byteLength - 1);
    expect(() => decodeChunkHeader(short)).toThrow(ChunkLayoutError);
    expect(() => decodeChunkHeader(short)).toThrow(/8 channels x 250 samples encrypted \(nonce and tag included\) need exactly 8052/);
    await expect(encryptChunk(key, place, encrypted)).rejects.toThrow(/encrypted already/);
  });

  it('uses a fresh nonce every time: the same chunk encrypted twice differs', async () => {
    const [a, b] = [await encryptChunk(key, place, plain), await encryptChunk(key, place, plain)];
    expect(Buffer.from(a.subarray(24, 36)).equals(Buffer.from(b.subarray(24, 36)))).toBe(false);
    expect(await sha256Hex(a)).not.toBe(await sha256Hex(b));
  });

  it('a flipped bit is damage, named with session, stream and seq', async () => {
    const encrypted = await encryptChunk(key, place, plain);
    encrypted[100] ^= 1;
    const opening = decryptChunk(key, place, encrypted);
    await expect(opening).rejects.toBeInstanceOf(DamagedDataError);
    await expect(opening).rejects.toThrow(`This chunk is damaged: authentication failed for session ${place.sessionId} stream eeg seq 3`);
  });

  it('is bound to its place: another seq, stream or session, or a changed header, does not open', async () => {
    const encrypted = await encryptChunk(key, place, plain);
    for (const moved of [
      { ...place, seq: 4 },
      { ...place, stream: 'accel' },
      { ...place, sessionId: '1b9f3c1e-8d2a-4f6b-9c1d-2e3f4a5b6c7d' },
    ])
      await expect(decryptChunk(key, moved, encrypted)).rejects.toBeInstanceOf(DamagedDataError);
    const shifted = encrypted.slice();
    new DataView(shifted.buffer).setBigUint64(8, 1000n, true); // firstSample 750 -> 1000
    await expect(decryptChunk(key, place, shifted)).rejects.toThrow(/damaged/);
  });
});

describe('encrypted texts', () => {
  it('round-trips, and is bound to its field and session', async () => {
    const encrypted = await encryptText(key, ['title', place.sessionId], 'Morning sit, calm ✓');
    expect(await decryptText(key, ['title', place.sessionId], encrypted)).toBe('Morning sit, calm ✓');
    await expect(decryptText(key, ['notes', place.sessionId], encrypted)).rejects.toThrow(`This notes is damaged`);
    await expect(decryptText(key, ['title', 'another'], encrypted)).rejects.toBeInstanceOf(DamagedDataError);
    await expect(decryptText(key, ['title', place.sessionId], 'not base64!')).rejects.toBeInstanceOf(DamagedDataError);
  });

  it('base64 matches Node for every length mod 3', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 31]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
  });
});
