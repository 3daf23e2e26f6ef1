// Against a real (in-memory) PGlite database with the committed migrations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../db/client.ts';
import { refreshTokens, users } from '../db/schema.ts';
import { issueRefreshToken, revokeAllForUser, rotateRefreshToken } from './refresh-tokens.ts';

let database: Database;
const userId = crypto.randomUUID();

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await database.db.insert(users).values({ id: userId, email: 'r@example.org', passwordHash: 'x' });
});
afterAll(() => database.close());

describe('refresh-token rotation', () => {
  it('rotates on every use and stores only hashes', async () => {
    const first = await issueRefreshToken(database.db, userId);
    const rows = await database.db.select().from(refreshTokens).where(eq(refreshTokens.familyId, first.familyId));
    expect(rows[0].tokenHash).not.toContain(first.token.slice(3));
    const next = await rotateRefreshToken(database.db, first.token, 0);
    expect(next.ok && next.issued.token).toMatch(/^rt_/);
    expect(next.ok && next.issued.familyId).toBe(first.familyId);
  });

  it('revokes the whole family when a used token comes back after the grace window', async () => {
    const first = await issueRefreshToken(database.db, userId);
    const second = await rotateRefreshToken(database.db, first.token, 10);
    if (!second.ok) throw new Error('rotation failed');
    const later = new Date(Date.now() + 11_000);
    expect(await rotateRefreshToken(database.db, first.token, 10, later)).toEqual({ ok: false, reason: 'reused' });
    // The legitimate successor is now dead too.
    expect(await rotateRefreshToken(database.db, second.issued.token, 10)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('lets two concurrent refreshes of one token both succeed inside the grace window', async () => {
    const first = await issueRefreshToken(database.db, userId);
    const [a, b] = await Promise.all([rotateRefreshToken(database.db, first.token, 10), rotateRefreshToken(database.db, first.token, 10)]);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.issued.token).not.toBe(b.issued.token);
  });

  it('never extends the absolute lifetime, and revokeAllForUser ends every family', async () => {
    const first = await issueRefreshToken(database.db, userId, undefined, 60);
    const rotated = await rotateRefreshToken(database.db, first.token, 10);
    if (!rotated.ok) throw new Error('rotation failed');
    expect(rotated.issued.familyExpiresAt.getTime()).toBe(first.familyExpiresAt.getTime());
    expect(await rotateRefreshToken(database.db, rotated.issued.token, 10, new Date(Date.now() + 61_000))).toEqual({ ok: false, reason: 'expired' });
    const other = await issueRefreshToken(database.db, userId);
    await revokeAllForUser(database.db, userId);
    expect(await rotateRefreshToken(database.db, other.token, 10)).toEqual({ ok: false, reason: 'revoked' });
    expect(await rotateRefreshToken(database.db, 'rt_unknown', 10)).toEqual({ ok: false, reason: 'unknown' });
  });
});
