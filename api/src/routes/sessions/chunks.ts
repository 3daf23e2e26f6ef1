// Binary sample chunks of a session stream (layout: contract/chunk.ts). PUT is idempotent on
// (session, stream, seq): first time 201, the same bytes again 200 with the same receipt, other
// bytes 409. The server re-hashes and re-checks the layout against the stream's channel count.
import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, gt } from 'drizzle-orm';
import { chunks } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { bodyLimit, requireContentType } from '../../middleware/json-body/index.ts';
import { CHUNK_CONTENT_TYPE, CHUNK_SHA256_HEADER } from '../../contract/chunk.ts';
import { chunkListSchema, chunkReceiptSchema, slug, type SessionMetadata } from '../../contract/sessions.ts';
import { requireSession, type SessionRow } from './store.ts';
import { sessionForChunk, storeChunk, type ChunkInsert } from './chunk-store.ts';
import { checkUploadedChunk } from './e2e-guard.ts';
import { problemResponses } from '../openapi-common.ts';

/** 16 MiB: a minute of 1024 channels at 250 Hz still fits. */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
const chunkParams = z.object({ id: z.uuid(), stream: slug, seq: z.coerce.number().int().min(0).max(2_147_483_647) });

const putChunk = createRoute({
  method: 'put',
  path: '/sessions/{id}/streams/{stream}/chunks/{seq}',
  tags: ['sessions'],
  summary: 'Store one binary chunk (idempotent)',
  description:
    'Body: 24-byte little-endian header (magic "CLXC", u16 version 1, u16 channelCount, u64 firstSample, u32 sampleCount, u32 reserved 0) ' +
    'then channelCount x sampleCount float32 LE, channel-major. Header X-Chunk-SHA256: SHA-256 of the body in hex. ' +
    'An end-to-end encrypted session takes encrypted chunks only: version 2, the same header, a 12-byte nonce, then the AES-GCM ciphertext of the samples and its 16-byte tag.',
  middleware: [requireContentType(['application/octet-stream', CHUNK_CONTENT_TYPE]), bodyLimit(MAX_CHUNK_BYTES)],
  request: {
    params: chunkParams,
    headers: z.object({ [CHUNK_SHA256_HEADER]: z.string().regex(/^[0-9a-fA-F]{64}$/, 'SHA-256 as 64 hex digits') }),
    body: { required: true, content: { [CHUNK_CONTENT_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
  },
  responses: {
    200: { description: 'Already stored with the same bytes', content: { 'application/json': { schema: chunkReceiptSchema } } },
    201: { description: 'Stored', content: { 'application/json': { schema: chunkReceiptSchema } } },
    ...problemResponses(400, 404, 409, 413, 415),
  },
});

const listChunks = createRoute({
  method: 'get',
  path: '/sessions/{id}/streams/{stream}/chunks',
  tags: ['sessions'],
  summary: 'Which chunk seqs the server holds (the sync checkpoint)',
  request: {
    params: chunkParams.omit({ seq: true }),
    query: z.strictObject({
      after: z.coerce.number().int().min(-1).max(2_147_483_647).default(-1),
      limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    }),
  },
  responses: {
    200: { description: 'Held chunks, ascending seq', content: { 'application/json': { schema: chunkListSchema } } },
    ...problemResponses(400, 404),
  },
});

const getChunk = createRoute({
  method: 'get',
  path: '/sessions/{id}/streams/{stream}/chunks/{seq}',
  tags: ['sessions'],
  summary: 'The stored bytes of one chunk',
  request: { params: chunkParams },
  responses: {
    200: { description: 'Chunk bytes', content: { [CHUNK_CONTENT_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
    ...problemResponses(400, 404),
  },
});

type ChunkRow = typeof chunks.$inferSelect;
const receipt = (r: Pick<ChunkRow, 'sessionId' | 'stream' | 'seq' | 'firstSample' | 'sampleCount' | 'channelCount' | 'sha256'>) => ({
  sessionId: r.sessionId,
  stream: r.stream,
  seq: r.seq,
  firstSample: r.firstSample,
  sampleCount: r.sampleCount,
  channelCount: r.channelCount,
  sha256: r.sha256,
});

/** The row to store for `bytes`, checked against the session's metadata: 404 / 400 problems otherwise. */
function checkedRow(session: SessionRow, stream: string, seq: number, bytes: Uint8Array, sha256: string): ChunkInsert {
  const declared = (session.metadata as SessionMetadata).streams.find((s) => s.id === stream);
  if (!declared)
    throw new ProblemError(404, `Session ${session.id} declares no stream '${stream}'.`, [
      { path: 'path.stream', message: 'not in the session metadata' },
    ]);
  const decoded = checkUploadedChunk(bytes, session.metadata);
  if (decoded.channelCount !== declared.channels.length) {
    throw new ProblemError(400, `Stream '${stream}' has ${declared.channels.length} channels; the chunk has ${decoded.channelCount}.`, [
      { path: 'body.channelCount', message: `expected ${declared.channels.length}` },
    ]);
  }
  return {
    sessionId: session.id,
    stream,
    seq,
    firstSample: decoded.firstSample,
    sampleCount: decoded.sampleCount,
    channelCount: decoded.channelCount,
    sha256,
    data: bytes,
  };
}

/** A session that changed under this many stores in a row is reported as busy (503). */
const MAX_STORE_ATTEMPTS = 3;

export const chunkRoutes = createRouter()
  .openapi(putChunk, async (c) => {
    const { id, stream, seq } = c.req.valid('param');
    const claimed = c.req.header(CHUNK_SHA256_HEADER)!.toLowerCase();
    const services = c.get('services');
    const { ownerId } = c.get('identity');
    let session = await sessionForChunk(services, ownerId, id);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    // node:crypto in the request's own turn: Web Crypto's digest is a thread-pool job per call.
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== claimed)
      throw new ProblemError(400, `The body's SHA-256 is ${actual}, not the ${claimed} sent in ${CHUNK_SHA256_HEADER}.`, [
        { path: `header.${CHUNK_SHA256_HEADER}`, message: 'does not match the body' },
      ]);
    for (let attempt = 1; ; attempt++) {
      const row = checkedRow(session, stream, seq, bytes, actual);
      let outcome;
      try {
        outcome = await storeChunk(services, ownerId, session.version, row);
      } catch (error) {
        c.get('logger')?.error({ err: error }, 'chunk not stored');
        throw new ProblemError(503, `The database did not store chunk ${seq} of stream '${stream}'. Retry later.`);
      }
      if (outcome.kind === 'inserted') return c.json(receipt(row), 201);
      if (outcome.kind === 'exists') {
        const { stored } = outcome;
        if (stored.sha256 !== actual) {
          throw new ProblemError(
            409,
            `Chunk ${seq} of stream '${stream}' is already stored with other bytes (SHA-256 ${stored.sha256}).`,
            [{ path: 'path.seq', message: 'already stored with different bytes' }],
            { server: receipt(stored) },
          );
        }
        return c.json(receipt(stored), 200);
      }
      // The session changed (or was deleted) since it was read: check the chunk against it as it is now.
      if (attempt === MAX_STORE_ATTEMPTS)
        throw new ProblemError(503, `Session ${id} changed during each of ${attempt} attempts to store chunk ${seq}. Retry later.`);
      session = await sessionForChunk(services, ownerId, id, true);
    }
  })
  .openapi(listChunks, async (c) => {
    const { id, stream } = c.req.valid('param');
    const { after, limit } = c.req.valid('query');
    const { database } = c.get('services');
    await requireSession(database.db, c.get('identity').ownerId, id);
    const rows = await database.db
      .select({ seq: chunks.seq, firstSample: chunks.firstSample, sampleCount: chunks.sampleCount, sha256: chunks.sha256 })
      .from(chunks)
      .where(and(eq(chunks.sessionId, id), eq(chunks.stream, stream), gt(chunks.seq, after)))
      .orderBy(asc(chunks.seq))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    return c.json({ stream, chunks: page, next: rows.length > limit ? page.at(-1)!.seq : null }, 200);
  })
  .openapi(getChunk, async (c) => {
    const { id, stream, seq } = c.req.valid('param');
    const { database } = c.get('services');
    await requireSession(database.db, c.get('identity').ownerId, id);
    const [row] = await database.db
      .select()
      .from(chunks)
      .where(and(eq(chunks.sessionId, id), eq(chunks.stream, stream), eq(chunks.seq, seq)));
    if (!row) throw new ProblemError(404, `Chunk ${seq} of stream '${stream}' is not stored.`, [{ path: 'path.seq', message: 'no such chunk' }]);
    return c.body(new Uint8Array(row.data) as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': CHUNK_CONTENT_TYPE,
      [CHUNK_SHA256_HEADER]: row.sha256,
      ETag: `"${row.sha256}"`,
    }) as never;
  });
