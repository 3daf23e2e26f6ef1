// Device API keys (`Authorization: Bearer ck_...`): for sensors and scripts that only ingest. The
// key is shown once; the server keeps its SHA-256, a short prefix to recognise it, and when it was
// last used (written at most once a minute, so that ingest does not pay a write per request).
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiKeys } from '../db/schema-auth.ts';
import { API_KEY_PREFIX, hashSecret, newSecret } from './secrets.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;
const LAST_USED_RESOLUTION_MS = 60_000;

/** Public JSON of a key (never the hash). */
export function toApiKeyJson(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a key for `ownerId`; the plaintext is returned once. */
export async function createApiKey(db: Db, ownerId: string, name: string): Promise<{ key: string; row: ApiKeyRow }> {
  const key = newSecret(API_KEY_PREFIX);
  const [row] = await db
    .insert(apiKeys)
    .values({ id: crypto.randomUUID(), ownerId, name, prefix: key.slice(0, 10), keyHash: hashSecret(key), scope: 'ingest' })
    .returning();
  return { key, row };
}

/** The live key row for a presented key, or undefined. */
export async function findApiKey(db: Db, presented: string, now = new Date()): Promise<ApiKeyRow | undefined> {
  if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 100) return undefined;
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashSecret(presented)), isNull(apiKeys.revokedAt)));
  if (row && (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS)) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return row;
}

export async function listApiKeys(db: Db, ownerId: string): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.ownerId, ownerId)).orderBy(desc(apiKeys.createdAt));
}

/** Revokes key `id` if `ownerId` owns it; false otherwise (the route answers 404 either way). */
export async function revokeApiKey(db: Db, ownerId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.ownerId, ownerId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
