// Tables of the security layer (issue 4): accounts, refresh-token families, device API keys, the
// shared rate-limit counters and the generated token-signing key. Re-exported from schema.ts so that
// drizzle-kit and the migrator see them. Secrets are never stored in the clear: passwords as scrypt
// hashes, refresh tokens and API keys as SHA-256 of 256-bit random values.
import { bigint, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Accounts of cloud mode. `id` is the owner id every data row carries. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  /** Lower-cased, trimmed; unique. */
  email: text('email').notNull().unique(),
  /** `scrypt$N$r$p$salt$hash` (base64url), see auth/password.ts. */
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull().default('user'),
  createdAt: at('created_at').notNull().defaultNow(),
  passwordChangedAt: at('password_changed_at').notNull().defaultNow(),
});

/**
 * One row per refresh token ever issued. Rotation marks the old row used and links its successor;
 * a used token presented again after the grace window revokes every row of its family.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    /** SHA-256 (hex) of the opaque token. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: at('created_at').notNull().defaultNow(),
    /** Absolute end of the family: rotation never extends it. */
    familyExpiresAt: at('family_expires_at').notNull(),
    usedAt: at('used_at'),
    /** The token issued when this one was rotated (answered again inside the grace window). */
    replacedBy: uuid('replaced_by'),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('refresh_tokens_family_idx').on(t.familyId), index('refresh_tokens_user_idx').on(t.userId)],
);

/** Device API keys (`ck_...`), scoped to ingest; shown once at creation. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    name: text('name').notNull(),
    /** First characters of the key, to recognise it in a list. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    scope: text('scope').notNull().default('ingest'),
    createdAt: at('created_at').notNull().defaultNow(),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('api_keys_owner_idx').on(t.ownerId)],
);

/** Fixed-window rate-limit counters shared by API instances on PostgreSQL. */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  /** Window start, ms since the epoch. */
  windowStart: bigint('window_start', { mode: 'number' }).notNull(),
  count: integer('count').notNull(),
});

/** The token-signing key generated at first start when none is configured (PKCS#8 PEM). */
export const authSigningKeys = pgTable('auth_signing_keys', {
  id: text('id').primaryKey(),
  privateKeyPem: text('private_key_pem').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
});
