// POST /sessions/import: the file as the raw body (application/octet-stream, name in `?name=`) or
// as the multipart field `file` (multipart needs a token once issue 4's origin guard is on, since
// any web page could post a form; a raw octet-stream body forces a CORS preflight). Any format the formats library reads becomes a
// session with chunks and events, all in one transaction. Exports are in export.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { FormatError, importRecording } from '../../../../workers/formats/index.ts';
import { chunks, sessionEvents, sessions } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { bodyLimit, requireContentType } from '../../middleware/json-body/index.ts';
import { sha256Hex, decodeChunkHeader } from '../../contract/chunk.ts';
import { sessionSchema } from '../../contract/sessions.ts';
import { problemResponses } from '../openapi-common.ts';
import { planImport } from './recording-mapping.ts';
import { toSessionJson, etagOf } from './store.ts';

const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

const importSession = createRoute({
  method: 'post',
  path: '/sessions/import',
  tags: ['sessions'],
  summary: 'Import a recording file (EDF/BDF(+), OpenBCI, BrainFlow, Muse, Mind Monitor, Clisonix CSV/JSON) as a new session',
  middleware: [requireContentType(['application/octet-stream', 'multipart/form-data']), bodyLimit(MAX_IMPORT_BYTES)],
  request: {
    query: z.strictObject({ name: z.string().min(1).max(255).optional() }),
    body: {
      required: true,
      content: {
        // multipart/form-data with a `file` field is accepted too; it is not declared here because
        // the generated form validator would then run on (and empty) octet-stream bodies.
        'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
  },
  responses: {
    201: {
      description: 'Imported',
      content: {
        'application/json': {
          schema: sessionSchema.extend({
            import: z.object({ format: z.string(), warnings: z.array(z.string()), chunks: z.number().int(), events: z.number().int() }),
          }),
        },
      },
    },
    ...problemResponses(400, 413, 415),
  },
});

async function uploadedFile(request: Request, name: string | undefined): Promise<File> {
  if ((request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/octet-stream')) {
    // A view, not a copy: @types/node 20 types File's parts as Blob | ArrayBufferView (Node also takes ArrayBuffer).
    return new File([new Uint8Array(await request.arrayBuffer())], name ?? 'upload');
  }
  const form = await request.formData().catch(() => {
    throw new ProblemError(400, 'The body is not valid multipart/form-data.', [{ path: 'body', message: 'malformed multipart' }]);
  });
  const file = form.get('file');
  if (!(file instanceof File))
    throw new ProblemError(400, 'Send the recording as the multipart field `file`.', [{ path: 'body.file', message: 'missing file' }]);
  return file;
}

export const ioRoutes = createRouter().openapi(importSession, async (c) => {
  const file = await uploadedFile(c.req.raw, c.req.valid('query').name);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!bytes.byteLength) throw new ProblemError(400, 'The file is empty.', [{ path: 'body.file', message: 'empty' }]);
  let recording;
  try {
    recording = importRecording(bytes, file.name);
  } catch (error) {
    if (error instanceof FormatError)
      throw new ProblemError(400, `Cannot read ${file.name}: ${error.message}`, [{ path: 'body.file', message: error.message }]);
    throw error;
  }
  const plan = planImport(recording, file.name);
  if (!plan.metadata.streams.length) throw new ProblemError(400, `${file.name} holds no samples.`, [{ path: 'body.file', message: 'no samples' }]);
  const id = crypto.randomUUID();
  const { ownerId } = c.get('identity');
  const hashed = await Promise.all(
    plan.chunks.map(async (chunk) => ({ ...chunk, sha256: await sha256Hex(chunk.bytes), header: decodeChunkHeader(chunk.bytes) })),
  );
  const row = await c.get('services').database.db.transaction(async (tx) => {
    const [session] = await tx
      .insert(sessions)
      .values({ id, ownerId, version: 1, title: plan.metadata.title ?? null, metadata: plan.metadata })
      .returning();
    for (let i = 0; i < hashed.length; i += 50) {
      await tx.insert(chunks).values(
        hashed.slice(i, i + 50).map((h) => ({
          sessionId: id,
          stream: h.stream,
          seq: h.seq,
          firstSample: h.header.firstSample,
          sampleCount: h.header.sampleCount,
          channelCount: h.header.channelCount,
          sha256: h.sha256,
          data: h.bytes,
        })),
      );
    }
    for (let i = 0; i < plan.events.length; i += 500) {
      await tx.insert(sessionEvents).values(plan.events.slice(i, i + 500).map((e) => ({ sessionId: id, ...e })));
    }
    return session;
  });
  c.header('ETag', etagOf(row.version));
  return c.json(
    {
      ...toSessionJson(row),
      import: { format: recording.format, warnings: recording.warnings, chunks: hashed.length, events: plan.events.length },
    },
    201,
  );
});
