// Access tokens: compact JWS signed with Ed25519 (alg EdDSA), the only algorithm this server
// accepts. The header is compared whole against the one we emit, so `alg: none`, HS256 with the
// public key as secret, embedded `jwk`/`jku`/`kid` tricks and `crit` never reach the verifier; the
// key always comes from the server. Claims checked: iss, aud, exp, nbf, iat and typ.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** The only header this server emits or accepts. `typ` distinguishes access tokens (RFC 9068). */
const HEADER = { alg: 'EdDSA', typ: 'at+jwt' } as const;
const ENCODED_HEADER = Buffer.from(JSON.stringify(HEADER)).toString('base64url');
/** Tolerance for clocks of several instances (seconds). */
const LEEWAY_SEC = 5;

export interface AccessClaims {
  iss: string;
  aud: string;
  /** User id (the owner id). */
  sub: string;
  role: 'admin' | 'user';
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
}

export class TokenError extends Error {}

/** Signs an access token valid for `ttlSec` from `nowSec`. */
export function signAccessToken(
  privateKey: KeyObject,
  claims: { iss: string; aud: string; sub: string; role: 'admin' | 'user' },
  ttlSec: number,
  nowMs = Date.now(),
): string {
  // `iat` keeps milliseconds (NumericDate may be fractional, RFC 7519 section 2) so that a password
  // change ends exactly the tokens issued before it; nbf and exp are whole seconds.
  const nowSec = Math.floor(nowMs / 1000);
  const payload: AccessClaims = { ...claims, iat: nowMs / 1000, nbf: nowSec, exp: nowSec + ttlSec, jti: crypto.randomUUID() };
  const signingInput = `${ENCODED_HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Verifies signature and claims; throws TokenError saying what was wrong (kept out of responses).
 * @example const claims = verifyAccessToken(publicKey, token, { iss: 'clisonix', aud: 'clisonix-api' });
 */
export function verifyAccessToken(
  publicKey: KeyObject,
  token: string,
  expected: { iss: string; aud: string },
  nowSec = Math.floor(Date.now() / 1000),
): AccessClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) throw new TokenError('not a compact JWS');
  const [header, payload, signature] = parts;
  // Byte-for-byte header comparison pins alg and typ and refuses any extra header parameter.
  if (header !== ENCODED_HEADER) throw new TokenError('unexpected header');
  const ok = verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
  if (!ok) throw new TokenError('bad signature');
  let claims: Partial<AccessClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('payload is not JSON');
  }
  if (!claims || typeof claims !== 'object') throw new TokenError('payload is not an object');
  if (claims.iss !== expected.iss) throw new TokenError('wrong issuer');
  if (claims.aud !== expected.aud) throw new TokenError('wrong audience');
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    if (typeof claims[name] !== 'number' || !Number.isFinite(claims[name])) throw new TokenError(`${name} missing`);
  }
  if (claims.exp! <= nowSec - LEEWAY_SEC) throw new TokenError('expired');
  if (claims.nbf! > nowSec + LEEWAY_SEC) throw new TokenError('not yet valid');
  if (typeof claims.sub !== 'string' || !claims.sub) throw new TokenError('sub missing');
  if (claims.role !== 'admin' && claims.role !== 'user') throw new TokenError('role missing');
  return claims as AccessClaims;
}

/** The public half of a private key. */
export function publicKeyOf(privateKey: KeyObject): KeyObject {
  return createPublicKey(privateKey);
}
