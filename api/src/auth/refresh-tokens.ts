// Refresh tokens: opaque, stored hashed, rotated on every use, grouped in families. Presenting a
// used token after the grace window is treated as theft: the whole family is revoked, so both the
// thief and the victim must log in again. Inside the grace window (two tabs refreshing at once)
// the second presenter gets a sibling token of the same family.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { refreshTokens } from '../db/schema-auth.ts';
import { hashSecret, newSecret, REFRESH_PREFIX } from './secrets.ts';

export interface IssuedRefresh {
  token: string;
  familyId: string;
  userId: string;
  familyExpiresAt: Date;
}

export type RotateResult = { ok: true; issued: IssuedRefresh } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' | 'reused' };

/** Starts a new family (login) or continues one (rotation). */
export async function issueRefreshToken(
  db: Db,
  userId: string,
  family?: { id: string; expiresAt: Date },
  lifetimeSec = 30 * 86400,
): Promise<IssuedRefresh & { id: string }> {
  const token = newSecret(REFRESH_PREFIX);
  const id = crypto.randomUUID();
  const familyId = family?.id ?? crypto.randomUUID();
  const familyExpiresAt = family?.expiresAt ?? new Date(Date.now() + lifetimeSec * 1000);
  await db.insert(refreshTokens).values({ id, userId, familyId, tokenHash: hashSecret(token), familyExpiresAt });
  return { id, token, familyId, userId, familyExpiresAt };
}

/**
 * Exchanges a refresh token for its successor.
 * @example const r = await rotateRefreshToken(db, cookie, 10); if (r.ok) setCookie(r.issued.token)
 */
export async function rotateRefreshToken(db: Db, presented: string, graceSec: number, now = new Date()): Promise<RotateResult> {
  if (!presented.startsWith(REFRESH_PREFIX) || presented.length > 100) return { ok: false, reason: 'unknown' };
  const [row] = await db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashSecret(presented)));
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revokedAt) return { ok: false, reason: 'revoked' };
  if (row.familyExpiresAt <= now) return { ok: false, reason: 'expired' };
  const family = { id: row.familyId, expiresAt: row.familyExpiresAt };
  if (!row.usedAt) {
    const successorId = crypto.randomUUID();
    // Conditional update: of two concurrent rotations exactly one marks the row used.
    const won = await db
      .update(refreshTokens)
      .set({ usedAt: now, replacedBy: successorId })
      .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt)))
      .returning({ id: refreshTokens.id });
    if (won.length) {
      const token = newSecret(REFRESH_PREFIX);
      await db
        .insert(refreshTokens)
        .values({ id: successorId, userId: row.userId, familyId: row.familyId, tokenHash: hashSecret(token), familyExpiresAt: row.familyExpiresAt });
      return { ok: true, issued: { token, familyId: row.familyId, userId: row.userId, familyExpiresAt: row.familyExpiresAt } };
    }
    return { ok: true, issued: await issueRefreshToken(db, row.userId, family) };
  }
  if (now.getTime() - row.usedAt.getTime() <= graceSec * 1000) {
    return { ok: true, issued: await issueRefreshToken(db, row.userId, family) };
  }
  await revokeFamily(db, row.familyId, now);
  return { ok: false, reason: 'reused' };
}

/** Revokes every token of a family (reuse detected, or logout). */
export async function revokeFamily(db: Db, familyId: string, now = new Date()): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Revokes the family a presented token belongs to; unknown tokens are ignored (logout is idempotent). */
export async function revokeByToken(db: Db, presented: string): Promise<void> {
  const [row] = await db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashSecret(presented)));
  if (row) await revokeFamily(db, row.familyId);
}

/** Revokes every refresh token of a user (password change, account deletion). */
export async function revokeAllForUser(db: Db, userId: string, now = new Date()): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}
