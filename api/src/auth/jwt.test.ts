import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { publicKeyOf, signAccessToken, verifyAccessToken } from './jwt.ts';

const { privateKey } = generateKeyPairSync('ed25519');
const publicKey = publicKeyOf(privateKey);
const expected = { iss: 'clisonix', aud: 'clisonix-api' };
const claims = { ...expected, sub: 'user-1', role: 'user' as const };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens', () => {
  it('round-trips with every claim checked', () => {
    const token = signAccessToken(privateKey, claims, 900);
    const verified = verifyAccessToken(publicKey, token, expected);
    expect(verified).toMatchObject({ sub: 'user-1', role: 'user', iss: 'clisonix', aud: 'clisonix-api' });
    expect(verified.exp - Math.floor(verified.iat)).toBe(900);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'EdDSA', typ: 'at+jwt' });
  });

  it('refuses expired, not-yet-valid, wrong issuer and wrong audience', () => {
    const old = signAccessToken(privateKey, claims, 900, Date.now() - 3600_000);
    expect(() => verifyAccessToken(publicKey, old, expected)).toThrow('expired');
    const future = signAccessToken(privateKey, claims, 900, Date.now() + 3600_000);
    expect(() => verifyAccessToken(publicKey, future, expected)).toThrow('not yet valid');
    expect(() => verifyAccessToken(publicKey, signAccessToken(privateKey, { ...claims, iss: 'evil' }, 900), expected)).toThrow('issuer');
    expect(() => verifyAccessToken(publicKey, signAccessToken(privateKey, { ...claims, aud: 'other' }, 900), expected)).toThrow('audience');
  });

  it('refuses alg none, HS256 keyed with the public key, another key, extra header fields and a tampered payload', () => {
    const token = signAccessToken(privateKey, claims, 900);
    const [, payload, signature] = token.split('.');
    const none = `${b64({ alg: 'none', typ: 'at+jwt' })}.${payload}.`;
    expect(() => verifyAccessToken(publicKey, none, expected)).toThrow();
    const hsHeader = b64({ alg: 'HS256', typ: 'at+jwt' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' });
    const hs = `${hsHeader}.${payload}.${createHmac('sha256', pem).update(`${hsHeader}.${payload}`).digest('base64url')}`;
    expect(() => verifyAccessToken(publicKey, hs, expected)).toThrow('unexpected header');
    const other = signAccessToken(generateKeyPairSync('ed25519').privateKey, claims, 900);
    expect(() => verifyAccessToken(publicKey, other, expected)).toThrow('bad signature');
    const kid = `${b64({ alg: 'EdDSA', typ: 'at+jwt', kid: 'x' })}.${payload}.${signature}`;
    expect(() => verifyAccessToken(publicKey, kid, expected)).toThrow('unexpected header');
    const tampered = `${token.split('.')[0]}.${b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })}.${signature}`;
    expect(() => verifyAccessToken(publicKey, tampered, expected)).toThrow('bad signature');
    expect(() => verifyAccessToken(publicKey, 'rt_abc', expected)).toThrow('not a compact JWS');
  });
});
