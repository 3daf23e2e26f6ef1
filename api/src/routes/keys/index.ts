// /api/v1/keys: device API keys of the caller. A key of another owner is a 404 like an unknown one.
import { createRoute, z } from '@hono/zod-openapi';
import { createApiKey, listApiKeys, revokeApiKey, toApiKeyJson } from '../../auth/api-keys.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import { problemResponses } from '../openapi-common.ts';

const keySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scope: z.string(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi('ApiKey');
const createSchema = z.strictObject({ name: z.string().trim().min(1).max(100) }).openapi('ApiKeyCreate');

const create = createRoute({
  method: 'post',
  path: '/keys',
  tags: ['keys'],
  summary: 'Create a device API key (ingest only); the key is shown once',
  middleware: jsonBody(4096),
  request: { body: { required: true, content: { 'application/json': { schema: createSchema } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: keySchema.extend({ key: z.string() }) } } },
    ...problemResponses(400, 415),
  },
});
const list = createRoute({
  method: 'get',
  path: '/keys',
  tags: ['keys'],
  summary: "The caller's API keys",
  responses: { 200: { description: 'Keys', content: { 'application/json': { schema: z.object({ keys: z.array(keySchema) }) } } } },
});
const revoke = createRoute({
  method: 'delete',
  path: '/keys/{id}',
  tags: ['keys'],
  summary: 'Revoke a key',
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 204: { description: 'Revoked' }, ...problemResponses(400, 404) },
});

export function keyRoutes() {
  return createRouter()
    .openapi(create, async (c) => {
      const { key, row } = await createApiKey(c.get('services').database.db, c.get('identity').ownerId, c.req.valid('json').name);
      return c.json({ ...toApiKeyJson(row), key }, 201);
    })
    .openapi(list, async (c) => {
      const rows = await listApiKeys(c.get('services').database.db, c.get('identity').ownerId);
      return c.json({ keys: rows.map(toApiKeyJson) }, 200);
    })
    .openapi(revoke, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await revokeApiKey(c.get('services').database.db, c.get('identity').ownerId, id))) {
        throw new ProblemError(404, `API key ${id} does not exist.`, [{ path: 'path.id', message: 'no such key' }]);
      }
      return c.body(null, 204);
    });
}
