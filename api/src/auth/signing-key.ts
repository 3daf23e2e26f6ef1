// The Ed25519 key that signs access tokens. From configuration (AUTH_JWT_PRIVATE_KEY, PKCS#8 PEM)
// when given; otherwise generated once and kept in the database (the data folder for PGlite), so
// that every instance sharing a PostgreSQL server verifies the same tokens and restarts keep
// sessions. Never taken from a token.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { authSigningKeys } from '../db/schema-auth.ts';

const KEY_ID = 'access-token-ed25519';

/** Parses a configured key, refusing anything but Ed25519 (the algorithm is pinned). */
export function parseConfiguredKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`AUTH_JWT_PRIVATE_KEY must be an Ed25519 private key, not ${key.asymmetricKeyType}.`);
  return key;
}

/**
 * The signing key: configured, stored, or newly generated and stored (first writer wins).
 * @example const key = await loadSigningKey(db, config.privateKeyPem);
 */
export async function loadSigningKey(db: Db, configuredPem?: string): Promise<KeyObject> {
  if (configuredPem) return parseConfiguredKey(configuredPem);
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // Two instances starting together: only one insert lands, both read the same row back.
  await db.insert(authSigningKeys).values({ id: KEY_ID, privateKeyPem: pem }).onConflictDoNothing();
  const [row] = await db.select().from(authSigningKeys).where(eq(authSigningKeys.id, KEY_ID));
  return parseConfiguredKey(row.privateKeyPem);
}
