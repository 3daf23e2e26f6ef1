// PUT/GET/DELETE of session metadata and the session list. Metadata is versioned: the ETag is
// "v<version>"; a write with a stale If-Match (or a different body without If-Match) is 409 and
// carries the server's version so the client can merge.
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import { sessions } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import { timeDb } from '../../metrics.ts';
import { sessionDetailSchema, sessionListSchema, sessionMetadataSchema, sessionSchema } from '../../contract/sessions.ts';
import { canonicalJson, etagOf, parseIfMatch, requireSession, streamStats, toSessionJson } from './store.ts';
import { problemResponses } from '../openapi-common.ts';
import { refuseEncryptionChange } from './e2e-guard.ts';

const idParam = z.object({ id: z.uuid() });

const putSession = createRoute({
  method: 'put',
  path: '/sessions/{id}',
  tags: ['sessions'],
  summary: 'Create or update session metadata (If-Match for updates)',
  middleware: jsonBody(256 * 1024),
  request: {
    params: idParam,
    headers: z.object({ 'if-match': z.string().optional() }),
    body: { required: true, content: { 'application/json': { schema: sessionMetadataSchema } } },
  },
  responses: {
    200: { description: 'Updated (or identical)', content: { 'application/json': { schema: sessionSchema } } },
    201: { description: 'Created', content: { 'application/json': { schema: sessionSchema } } },
    ...problemResponses(400, 404, 409, 413, 415),
  },
});

const listSessions = createRoute({
  method: 'get',
  path: '/sessions',
  tags: ['sessions'],
  summary: 'Sessions, newest first, paged by cursor',
  request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().max(200).optional() }) },
  responses: { 200: { description: 'A page of sessions', content: { 'application/json': { schema: sessionListSchema } } }, ...problemResponses(400) },
});

const getSession = createRoute({
  method: 'get',
  path: '/sessions/{id}',
  tags: ['sessions'],
  summary: 'One session with per-stream chunk counts',
  request: { params: idParam },
  responses: { 200: { description: 'The session', content: { 'application/json': { schema: sessionDetailSchema } } }, ...problemResponses(400, 404) },
});

const deleteSession = createRoute({
  method: 'delete',
  path: '/sessions/{id}',
  tags: ['sessions'],
  summary: 'Delete a session with its chunks, events and analyses',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 404) },
});

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(iso);
  if (!id || Number.isNaN(createdAt.getTime()))
    throw new ProblemError(400, 'cursor is not one this server made.', [{ path: 'query.cursor', message: 'invalid cursor' }]);
  return { createdAt, id };
}

export const metadataRoutes = createRouter()
  .openapi(putSession, async (c) => {
    const { id } = c.req.valid('param');
    const metadata = c.req.valid('json');
    const ifMatch = parseIfMatch(c.req.header('if-match'));
    const { ownerId } = c.get('identity');
    const { database, metrics } = c.get('services');
    const outcome = await timeDb(metrics, 'sessions.put', () =>
      database.db.transaction(async (tx) => {
        const [inserted] =
          ifMatch === undefined
            ? await tx
                .insert(sessions)
                .values({ id, ownerId, version: 1, title: metadata.title ?? null, metadata })
                .onConflictDoNothing()
                .returning()
            : [];
        if (inserted) return { status: 201 as const, row: inserted };
        const [current] = await tx.select().from(sessions).where(eq(sessions.id, id)).for('update');
        if (!current || current.ownerId !== ownerId)
          throw new ProblemError(404, `Session ${id} does not exist.`, [{ path: 'path.id', message: 'no such session' }]);
        refuseEncryptionChange(id, current.metadata, metadata);
        const same = canonicalJson(current.metadata) === canonicalJson(metadata);
        if (ifMatch === undefined ? !same : ifMatch !== current.version) {
          throw new ProblemError(
            409,
            ifMatch === undefined
              ? `Session ${id} exists with other metadata; send If-Match: ${etagOf(current.version)} to replace it.`
              : `If-Match ${etagOf(ifMatch)} is stale: the server holds ${etagOf(current.version)}.`,
            [{ path: 'header.if-match', message: `server version is ${current.version}` }],
            { server: toSessionJson(current) },
          );
        }
        if (same) return { status: 200 as const, row: current };
        const [updated] = await tx
          .update(sessions)
          .set({ metadata, title: metadata.title ?? null, version: current.version + 1, updatedAt: new Date() })
          .where(eq(sessions.id, id))
          .returning();
        return { status: 200 as const, row: updated };
      }),
    );
    c.header('ETag', etagOf(outcome.row.version));
    return c.json(toSessionJson(outcome.row), outcome.status);
  })
  .openapi(listSessions, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const { ownerId } = c.get('identity');
    const { database, metrics } = c.get('services');
    const after = cursor ? decodeCursor(cursor) : undefined;
    const rows = await timeDb(metrics, 'sessions.list', () =>
      database.db
        .select()
        .from(sessions)
        .where(
          and(
            eq(sessions.ownerId, ownerId),
            after ? or(lt(sessions.createdAt, after.createdAt), and(eq(sessions.createdAt, after.createdAt), lt(sessions.id, after.id))) : undefined,
          ),
        )
        .orderBy(desc(sessions.createdAt), desc(sessions.id))
        .limit(limit + 1),
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json({ sessions: page.map(toSessionJson), next: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null }, 200);
  })
  .openapi(getSession, async (c) => {
    const { id } = c.req.valid('param');
    const { database } = c.get('services');
    const row = await requireSession(database.db, c.get('identity').ownerId, id);
    c.header('ETag', etagOf(row.version));
    return c.json({ ...toSessionJson(row), streams: await streamStats(database.db, id) }, 200);
  })
  .openapi(deleteSession, async (c) => {
    const { id } = c.req.valid('param');
    const { ownerId } = c.get('identity');
    const { database, metrics } = c.get('services');
    const deleted = await timeDb(metrics, 'sessions.delete', () =>
      database.db
        .delete(sessions)
        .where(and(eq(sessions.id, id), eq(sessions.ownerId, ownerId)))
        .returning({ id: sessions.id }),
    );
    if (!deleted.length) throw new ProblemError(404, `Session ${id} does not exist.`, [{ path: 'path.id', message: 'no such session' }]);
    return c.body(null, 204);
  });
