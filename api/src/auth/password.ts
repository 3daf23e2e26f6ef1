// Password hashing with node's scrypt: memory-hard (N=2^15, r=8 -> 32 MiB per hash), a random
// 16-byte salt per user, parameters stored in the hash so they can be raised later without
// invalidating old hashes. Policy per NIST SP 800-63B: length 8..256, no common password, no
// composition rules.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { COMMON_PASSWORDS } from './common-passwords.ts';

const scrypt = (password: string, salt: Buffer, keyLength: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

const PARAMS = { N: 1 << 15, r: 8, p: 1 };
const KEY_BYTES = 32;
/** Room for 128*N*r bytes plus scrypt's own bookkeeping. */
const maxmemFor = (N: number, r: number) => 128 * N * r + 4 * 1_048_576;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'is one of the most common passwords; choose another';
  if (email && lower === email.toLowerCase()) return 'must not be your e-mail address';
  return null;
}

/**
 * Hashes a password as `scrypt$N$r$p$salt$hash` (base64url).
 * @example const stored = await hashPassword('correct horse battery');
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = PARAMS;
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { N, r, p, maxmem: maxmemFor(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  const N = Number(n),
    R = Number(r),
    P = Number(p);
  if (kind !== 'scrypt' || !salt || !hash || !Number.isInteger(N) || !Number.isInteger(R) || !Number.isInteger(P)) return false;
  if (N < 2 || N > 1 << 20 || R < 1 || R > 32 || P < 1 || P > 16) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, { N, r: R, p: P, maxmem: maxmemFor(N, R) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A valid hash of a random password: verified against when an account does not exist, so that timing
 * does not tell. One per process (any valid hash does; nothing to share).
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(18).toString('base64url'));
  return dummy;
}
let dummy: Promise<string> | undefined;
