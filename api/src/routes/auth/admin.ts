// /api/v1/admin/users: user management for administrators (the admin role is checked by
// authorize() for every /api/v1/admin path).
import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { users } from '../../db/schema-auth.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { eraseOwner } from '../me/erase.ts';
import { problemResponses } from '../openapi-common.ts';

const userSchema = z.object({ id: z.string(), email: z.string(), role: z.string(), created_at: z.string() }).openapi('User');
const list = createRoute({
  method: 'get',
  path: '/admin/users',
  tags: ['admin'],
  summary: 'All accounts',
  responses: {
    200: { description: 'Accounts', content: { 'application/json': { schema: z.object({ users: z.array(userSchema) }) } } },
    ...problemResponses(403),
  },
});
const remove = createRoute({
  method: 'delete',
  path: '/admin/users/{id}',
  tags: ['admin'],
  summary: 'Erase an account and everything it owns',
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 204: { description: 'Erased' }, ...problemResponses(403, 404) },
});

export function adminRoutes() {
  return createRouter()
    .openapi(list, async (c) => {
      const rows = await c.get('services').database.db.select().from(users).orderBy(asc(users.createdAt));
      return c.json({ users: rows.map((u) => ({ id: u.id, email: u.email, role: u.role, created_at: u.createdAt.toISOString() })) }, 200);
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid('param');
      const db = c.get('services').database.db;
      const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, id));
      if (!user) throw new ProblemError(404, `User ${id} does not exist.`, [{ path: 'path.id', message: 'no such user' }]);
      await eraseOwner(db, id, true);
      return c.body(null, 204);
    });
}
