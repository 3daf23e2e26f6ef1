// End-to-end encryption of sessions (scheme "clisonix-e2e-1"), the one module the page, the sync
// worker, the tests and the benchmark use. Pure TS over Web Crypto (`crypto.subtle`: browsers, workers, Node 20).
//
//   key       AES-GCM-256, derived from the passphrase by PBKDF2-SHA-256 (>= 600,000 iterations, 16-byte
//             random salt per account). Derived non-extractable: it can be used and kept in IndexedDB,
//             never read back, so it never leaves the device. Salt and iteration count are not secret.
//   key check AES-GCM of KEY_CHECK_TEXT under the key: opening it tells a wrong passphrase (it fails)
//             from damaged data (it opens, a chunk does not).
//   chunk     layout version 2 (contract/chunk.ts): plaintext header, 96-bit random nonce, ciphertext + tag.
//   text      title, notes, event texts: base64 of nonce | ciphertext | tag.
// Every ciphertext is bound to its place by the additional data (AD): the scheme, what it is (chunk,
// title, notes, event), the session id, and for a chunk its stream, seq and header; so the server
// cannot swap two chunks, move a chunk to another session, or change its sample counts unnoticed.
import { CHUNK_HEADER_BYTES, CHUNK_NONCE_BYTES, decodeChunkHeader, encodeChunkHeader, type ChunkHeader } from './chunk.ts';
import { E2E_SCHEME_NAME } from './e2e-params.ts';

export const E2E_SCHEME = E2E_SCHEME_NAME;
/** OWASP's 2023 floor for PBKDF2-HMAC-SHA-256; the server refuses fewer. */
export const KDF_MIN_ITERATIONS = 600_000;
export const KDF_SALT_BYTES = 16;
const NONCE_BYTES = CHUNK_NONCE_BYTES;
const KEY_CHECK_TEXT = 'clisonix-e2e-1 key check';

/** What the server keeps per account (none of it secret): the KDF parameters and the key check. */
export interface E2eAccountParams {
  scheme: typeof E2E_SCHEME;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  keyCheck: string;
}

/** Where a chunk belongs: bound into its AD. */
export interface ChunkPlace {
  sessionId: string;
  stream: string;
  seq: number;
}

/** The passphrase does not open the key check. */
export class WrongPassphraseError extends Error {
  constructor() {
    super('Wrong passphrase');
    this.name = 'WrongPassphraseError';
  }
}

/** A ciphertext that does not authenticate under the right key: changed, truncated or moved. */
export class DamagedDataError extends Error {
  /** `what`: 'chunk', 'title', ...; `where`: ' for session X stream Y seq Z'. */
  constructor(what: string, where: string) {
    super(`This ${what} is damaged: authentication failed${where}`);
    this.name = 'DamagedDataError';
  }
}

const utf8 = new TextEncoder();

/** Derives the session key (non-extractable AES-GCM-256) from a passphrase. */
export async function deriveSessionKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  if (!(Number.isInteger(iterations) && iterations >= KDF_MIN_ITERATIONS))
    throw new RangeError(`PBKDF2 needs at least ${KDF_MIN_ITERATIONS} iterations, not ${iterations}`);
  const base = await crypto.subtle.importKey('raw', utf8.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

/**
 * New account parameters (fresh salt, key check) and the key, for a passphrase chosen now.
 * @example const { params, key } = await newAccountKey('correct horse battery staple');
 */
export async function newAccountKey(passphrase: string, iterations = KDF_MIN_ITERATIONS): Promise<{ params: E2eAccountParams; key: CryptoKey }> {
  const salt = crypto.getRandomValues(new Uint8Array(KDF_SALT_BYTES));
  const key = await deriveSessionKey(passphrase, salt, iterations);
  const keyCheck = await encryptText(key, ['key-check'], KEY_CHECK_TEXT);
  return { params: { scheme: E2E_SCHEME, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) }, keyCheck }, key };
}

/** True when `key` opens the account's key check. */
export async function keyMatches(key: CryptoKey, params: E2eAccountParams): Promise<boolean> {
  try {
    return (await decryptText(key, ['key-check'], params.keyCheck)) === KEY_CHECK_TEXT;
  } catch {
    return false;
  }
}

/** The key from the passphrase on a new device; WrongPassphraseError when it does not open the key check. */
export async function unlockAccountKey(passphrase: string, params: E2eAccountParams): Promise<CryptoKey> {
  const key = await deriveSessionKey(passphrase, fromBase64(params.kdf.salt), params.kdf.iterations);
  if (!(await keyMatches(key, params))) throw new WrongPassphraseError();
  return key;
}

/** AD of a chunk: scheme, place and the plaintext header, so none of them can change unnoticed. */
function chunkAd(place: ChunkPlace, header: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const label = utf8.encode(`${E2E_SCHEME}\nchunk\n${place.sessionId}\n${place.stream}\n${place.seq}\n`);
  const ad = new Uint8Array(label.byteLength + header.byteLength);
  ad.set(label);
  ad.set(header, label.byteLength);
  return ad;
}

/**
 * Encrypts a plain chunk (layout version 1) into an encrypted one (version 2) for its place.
 * @example const encrypted = await encryptChunk(key, { sessionId, stream: 'eeg', seq: 0 }, encodeChunk(chunk));
 */
export async function encryptChunk(key: CryptoKey, place: ChunkPlace, plain: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const header = decodeChunkHeader(plain);
  if (header.encrypted) throw new RangeError('the chunk is encrypted already');
  const encryptedHeader = encodeChunkHeader(header, true);
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const samples = plain.slice(CHUNK_HEADER_BYTES);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: chunkAd(place, encryptedHeader) }, key, samples);
  const out = new Uint8Array(CHUNK_HEADER_BYTES + NONCE_BYTES + ciphertext.byteLength);
  out.set(encryptedHeader);
  out.set(nonce, CHUNK_HEADER_BYTES);
  out.set(new Uint8Array(ciphertext), CHUNK_HEADER_BYTES + NONCE_BYTES);
  return out;
}

/**
 * Decrypts an encrypted chunk back into the exact plain bytes it was encrypted from (same SHA-256).
 * Throws DamagedDataError naming the place when it does not authenticate.
 */
export async function decryptChunk(key: CryptoKey, place: ChunkPlace, encrypted: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const header: ChunkHeader = decodeChunkHeader(encrypted);
  if (!header.encrypted) throw new RangeError(`chunk ${place.seq} of stream ${place.stream} is not encrypted`);
  const encryptedHeader = encrypted.slice(0, CHUNK_HEADER_BYTES);
  const nonce = encrypted.slice(CHUNK_HEADER_BYTES, CHUNK_HEADER_BYTES + NONCE_BYTES);
  let samples: ArrayBuffer;
  try {
    samples = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: nonce, additionalData: chunkAd(place, encryptedHeader) },
      key,
      encrypted.slice(CHUNK_HEADER_BYTES + NONCE_BYTES),
    );
  } catch {
    throw new DamagedDataError('chunk', ` for session ${place.sessionId} stream ${place.stream} seq ${place.seq}`);
  }
  const out = new Uint8Array(CHUNK_HEADER_BYTES + samples.byteLength);
  out.set(encodeChunkHeader(header, false));
  out.set(new Uint8Array(samples), CHUNK_HEADER_BYTES);
  return out;
}

/** AD of a text: scheme and its place, e.g. ['title', sessionId] or ['event', sessionId, eventId]. */
const textAd = (place: string[]) => utf8.encode(`${E2E_SCHEME}\n${place.join('\n')}`);

/** Encrypts a text for its place as base64(nonce | ciphertext | tag). */
export async function encryptText(key: CryptoKey, place: string[], text: string): Promise<string> {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: textAd(place) }, key, utf8.encode(text));
  const out = new Uint8Array(NONCE_BYTES + ciphertext.byteLength);
  out.set(nonce);
  out.set(new Uint8Array(ciphertext), NONCE_BYTES);
  return toBase64(out);
}

/** Decrypts an encrypted text; DamagedDataError (naming the place) when it does not authenticate. */
export async function decryptText(key: CryptoKey, place: string[], encrypted: string): Promise<string> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64(encrypted);
  } catch {
    throw new DamagedDataError(place[0], ` for session ${place[1] ?? '?'}${place[2] ? ` ${place[0]} ${place[2]}` : ''}`);
  }
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, NONCE_BYTES), additionalData: textAd(place) },
      key,
      bytes.slice(NONCE_BYTES),
    );
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw new DamagedDataError(place[0], ` for session ${place[1] ?? '?'}${place[2] ? ` ${place[0]} ${place[2]}` : ''}`);
  }
}

/** Longest UTF-8 prefix of `text` (whole code points) that is at most `maxBytes` bytes. */
export function clipUtf8(text: string, maxBytes: number): string {
  if (utf8.encode(text).byteLength <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = utf8.encode(ch).byteLength;
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** Length in base64 characters of a text encrypted from `plainBytes` bytes. */
export const encryptedTextLength = (plainBytes: number) => Math.ceil((NONCE_BYTES + plainBytes + 16) / 3) * 4;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (no btoa: not every thread types it). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) throw new RangeError('not base64');
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  for (let i = 0, o = 0; i < text.length; i += 4) {
    const n = [0, 1, 2, 3].reduce((acc, k) => (acc << 6) | (text[i + k] === '=' ? 0 : ALPHABET.indexOf(text[i + k])), 0);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
