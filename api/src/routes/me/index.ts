// /api/v1/me: who am I, download everything I own, erase everything I own (and the account's
// calibrations and end-to-end encryption settings).
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { clearRefreshCookie } from '../../auth/sessions.ts';
import { users } from '../../db/schema.ts';
import { createRouter } from '../../http/router.ts';
import { calibrationRoutes } from './calibrations.ts';
import { encryptionRoutes } from './encryption.ts';
import { exportStream } from './export.ts';
import { eraseOwner } from './erase.ts';

const meSchema = z
  .object({ id: z.string(), kind: z.enum(['local', 'user', 'device']), role: z.enum(['admin', 'user', 'device']), email: z.string().nullable() })
  .openapi('Me');
const me = createRoute({
  method: 'get',
  path: '/me',
  tags: ['me'],
  summary: 'The caller',
  responses: { 200: { description: 'Identity', content: { 'application/json': { schema: meSchema } } } },
});
const exportAll = createRoute({
  method: 'get',
  path: '/me/export',
  tags: ['me'],
  summary: 'Everything the account owns, as JSON (samples as numbers)',
  responses: { 200: { description: 'Export document', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
});
const erase = createRoute({
  method: 'delete',
  path: '/me',
  tags: ['me'],
  summary: 'Erase everything the account owns, the account itself, and revoke every token',
  responses: { 204: { description: 'Erased' } },
});

export function meRoutes() {
  return createRouter()
    .openapi(me, async (c) => {
      const identity = c.get('identity');
      const [user] =
        identity.kind === 'user'
          ? await c.get('services').database.db.select({ email: users.email }).from(users).where(eq(users.id, identity.ownerId))
          : [];
      return c.json({ id: identity.ownerId, kind: identity.kind, role: identity.role, email: user?.email ?? null }, 200);
    })
    .openapi(exportAll, (c) => {
      const stamp = new Date().toISOString().slice(0, 10);
      return c.body(exportStream(c.get('services').database.db, c.get('identity')), 200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="clisonix-export-${stamp}.json"`,
        'Cache-Control': 'no-store',
      }) as never;
    })
    .openapi(erase, async (c) => {
      const identity = c.get('identity');
      const db = c.get('services').database.db;
      await eraseOwner(db, identity.ownerId, identity.kind === 'user');
      clearRefreshCookie(c);
      return c.body(null, 204);
    })
    .route('/', calibrationRoutes)
    .route('/', encryptionRoutes);
}
