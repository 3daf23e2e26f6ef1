import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('password hashing (scrypt)', () => {
  it('verifies the right password, refuses a wrong one, and salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b); // per-user salt
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
  });

  it('treats malformed or absurd stored hashes as a mismatch, never an error', async () => {
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$4294967296$8$1$c2FsdA$aGFzaA')).toBe(false);
  });
});

describe('password policy', () => {
  it('needs 8 characters (counted as code points), refuses common passwords and the e-mail itself', () => {
    expect(passwordProblem('short')).toMatch(/at least 8/);
    expect(passwordProblem('Password1')).toMatch(/common/);
    expect(passwordProblem('qwertyuiop')).toMatch(/common/);
    expect(passwordProblem('ann@example.org', 'Ann@Example.org')).toMatch(/e-mail/);
    expect(passwordProblem('🎧🎧🎧🎧🎧🎧🎧🎧')).toBeNull();
    expect(passwordProblem('lowercase only words')).toBeNull(); // no composition rules
  });
});
