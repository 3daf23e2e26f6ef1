// /api/v1/me/encryption: the account's end-to-end encryption (contract/e2e-crypto.ts). The server
// keeps what a new device needs to re-derive the key from the passphrase (PBKDF2 salt and iteration
// count) and the key check that tells a wrong passphrase; never the key or the passphrase. The
// passphrase cannot be changed here: sessions sealed under it would become unreadable.
import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { e2eSettingsInputSchema, e2eSettingsSchema, E2E_SCHEME_NAME } from '../../contract/e2e-params.ts';
import { accountEncryption } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import { problemResponses } from '../openapi-common.ts';

const get = createRoute({
  method: 'get',
  path: '/me/encryption',
  tags: ['me'],
  summary: "The account's end-to-end encryption: KDF parameters and key check (not secret), or enabled false",
  responses: { 200: { description: 'Settings', content: { 'application/json': { schema: e2eSettingsSchema } } }, ...problemResponses(403) },
});

const put = createRoute({
  method: 'put',
  path: '/me/encryption',
  tags: ['me'],
  summary: 'Set up end-to-end encryption, or turn it on or off for new sessions (the KDF parameters and key check cannot change)',
  middleware: jsonBody(4096),
  request: { body: { required: true, content: { 'application/json': { schema: e2eSettingsInputSchema } } } },
  responses: {
    200: { description: 'Kept', content: { 'application/json': { schema: e2eSettingsSchema } } },
    ...problemResponses(400, 403, 409, 415),
  },
});

type Row = typeof accountEncryption.$inferSelect;
const toJson = (row: Row) => ({
  enabled: row.enabled,
  configured: true as const,
  scheme: E2E_SCHEME_NAME,
  kdf: { name: 'PBKDF2' as const, hash: 'SHA-256' as const, iterations: row.kdfIterations, salt: row.kdfSalt },
  keyCheck: row.keyCheck,
  createdAt: row.createdAt.toISOString(),
});

function noDeviceKeys(kind: string): void {
  if (kind === 'device') throw new ProblemError(403, "A device key cannot read or change the account's encryption.");
}

export const encryptionRoutes = createRouter()
  .openapi(get, async (c) => {
    const identity = c.get('identity');
    noDeviceKeys(identity.kind);
    const [row] = await c.get('services').database.db.select().from(accountEncryption).where(eq(accountEncryption.ownerId, identity.ownerId));
    return c.json(row ? toJson(row) : { enabled: false as const, configured: false as const }, 200);
  })
  .openapi(put, async (c) => {
    const identity = c.get('identity');
    noDeviceKeys(identity.kind);
    const body = c.req.valid('json');
    const db = c.get('services').database.db;
    const row = await db.transaction(async (tx) => {
      const [current] = await tx.select().from(accountEncryption).where(eq(accountEncryption.ownerId, identity.ownerId)).for('update');
      if (current && (current.kdfSalt !== body.kdf.salt || current.kdfIterations !== body.kdf.iterations || current.keyCheck !== body.keyCheck))
        throw new ProblemError(
          409,
          'End-to-end encryption is already set up with another passphrase; it cannot be replaced (sessions sealed under it would become unreadable).',
          [{ path: 'body.keyCheck', message: "differs from the account's key check" }],
          { server: toJson(current) },
        );
      const next = {
        ownerId: identity.ownerId,
        enabled: body.enabled,
        kdfIterations: body.kdf.iterations,
        kdfSalt: body.kdf.salt,
        keyCheck: body.keyCheck,
        updatedAt: new Date(),
      };
      const [kept] = await tx
        .insert(accountEncryption)
        .values(next)
        .onConflictDoUpdate({ target: accountEncryption.ownerId, set: { enabled: next.enabled, updatedAt: next.updatedAt } })
        .returning();
      return kept;
    });
    return c.json(toJson(row), 200);
  });
