// Opaque secrets (refresh tokens, device API keys): 256 random bits, stored only as SHA-256.
// A fast hash is right here (unlike passwords): the input has full entropy, so it cannot be guessed.
import { createHash, randomBytes } from 'node:crypto';

/** `<prefix><43 chars of base64url>` carrying 256 random bits. */
export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** SHA-256 (hex) under which a secret is stored and looked up. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export const REFRESH_PREFIX = 'rt_';
export const API_KEY_PREFIX = 'ck_';
