// Globals a pure module may use: the few that the page, dedicated workers and Node 20 all provide, declared here
// because tsconfig.pure.json loads no DOM, WebWorker or Node types (lib ES2023 only, types []). Each is the
// narrow subset this code calls; the thread that imports a pure module sees the full type from its own lib.
// Only tsconfig.pure.json reads this file: in any other project these would clash with lib.dom / @types/node.
// The audio worklet has none of TextEncoder, TextDecoder or crypto: code the worklet imports must not use them.

interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };

interface TextDecodeOptions {
  stream?: boolean;
}
interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
interface TextDecoder {
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: TextDecodeOptions): string;
}
declare var TextDecoder: { prototype: TextDecoder; new (label?: string, options?: TextDecoderOptions): TextDecoder };

/** Web Crypto: `crypto.subtle` and `randomUUID` exist on the page, in workers and in Node 20 (not in the worklet). */
interface SubtleCrypto {
  digest(algorithm: 'SHA-256' | 'SHA-384' | 'SHA-512', data: ArrayBufferView<ArrayBuffer> | ArrayBuffer): Promise<ArrayBuffer>;
  importKey(
    format: 'raw',
    keyData: ArrayBufferView<ArrayBuffer>,
    algorithm: 'PBKDF2',
    extractable: false,
    keyUsages: 'deriveKey'[],
  ): Promise<CryptoKey>;
  deriveKey(
    algorithm: { name: 'PBKDF2'; hash: 'SHA-256'; salt: ArrayBufferView<ArrayBuffer>; iterations: number },
    baseKey: CryptoKey,
    derivedKeyType: { name: 'AES-GCM'; length: 256 },
    extractable: boolean,
    keyUsages: ('encrypt' | 'decrypt')[],
  ): Promise<CryptoKey>;
  encrypt(algorithm: AesGcmParams, key: CryptoKey, data: ArrayBufferView<ArrayBuffer>): Promise<ArrayBuffer>;
  decrypt(algorithm: AesGcmParams, key: CryptoKey, data: ArrayBufferView<ArrayBuffer>): Promise<ArrayBuffer>;
}
/** An opaque key: a non-extractable one can be used and stored (IndexedDB), never read. */
interface CryptoKey {
  readonly type: string;
  readonly extractable: boolean;
  readonly algorithm: { name: string };
}
interface AesGcmParams {
  name: 'AES-GCM';
  iv: ArrayBufferView<ArrayBuffer>;
  additionalData?: ArrayBufferView<ArrayBuffer>;
}
interface Crypto {
  readonly subtle: SubtleCrypto;
  randomUUID(): `${string}-${string}-${string}-${string}-${string}`;
  getRandomValues<T extends ArrayBufferView | null>(array: T): T;
}
declare var crypto: Crypto;

interface Console {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}
declare var console: Console;

/** Node 20 has these globals too (Blob since 18, AbortSignal since 15); a pure module only uses these members. */
interface Blob {
  readonly size: number;
  slice(start?: number, end?: number): Blob;
  arrayBuffer(): Promise<ArrayBuffer>;
}
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
}

/** `performance.now()` is monotonic on the page, in workers and in Node (a global since Node 16). */
interface Performance {
  readonly timeOrigin: number;
  now(): number;
}
declare var performance: Performance;

/**
 * Opaque: a pure module may name a MessagePort in a type (every thread here, Node included, has one) but cannot
 * call it; posting and listening is thread code.
 */
interface MessagePort {
  readonly __opaqueMessagePort: never;
}
