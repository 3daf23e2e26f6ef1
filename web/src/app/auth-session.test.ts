import { expect, test } from 'vitest';
import { refreshDelayMs, tokenTimes } from './auth-session.ts';

const token = (payload: object) => `e30.${btoa(JSON.stringify(payload)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.sig`;

test('an access token is renewed at 80 % of its lifetime, at once when that moment has passed', () => {
  const iat = 1_800_000_000;
  const t = token({ sub: 'u', iat, exp: iat + 900 });
  expect(tokenTimes(t)).toEqual({ iatSec: iat, expSec: iat + 900 });
  expect(refreshDelayMs(t, iat * 1000)).toBe(720_000); // 12 of 15 minutes
  expect(refreshDelayMs(t, (iat + 700) * 1000)).toBe(20_000);
  expect(refreshDelayMs(t, (iat + 850) * 1000)).toBe(0);
});

test('a token that cannot be read is renewed at once rather than trusted', () => {
  expect(tokenTimes('not-a-jwt')).toBeNull();
  expect(refreshDelayMs('not-a-jwt', Date.now())).toBe(0);
  expect(refreshDelayMs(token({ sub: 'u' }), Date.now())).toBe(0); // no exp
});
