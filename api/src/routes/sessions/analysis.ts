// Analysis of a whole stored session stream by the same analyzeChannels as /albi/analyze.
// Chunks are joined by firstSample; a hole between chunks is never filled in: the longest run
// without holes is analysed and the response says which samples that was.
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { chunks } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import { decodeChunk } from '../../contract/chunk.ts';
import { sessionAnalysisRequestSchema, type SessionMetadata } from '../../contract/sessions.ts';
import { analyzeResponseSchema } from '../albi/contract.ts';
import { runAnalysis } from '../albi/run-analysis.ts';
import { requireSession } from './store.ts';
import { problemResponses } from '../openapi-common.ts';
import { refuseEncryptedSession } from './e2e-guard.ts';

/** 16 M samples per channel (18 h at 256 Hz) bounds the memory one analysis may take. */
const MAX_SAMPLES = 16 * 1024 * 1024;

const analyzeSession = createRoute({
  method: 'post',
  path: '/sessions/{id}/analysis',
  tags: ['sessions'],
  summary: 'Analyse a stored stream with analyzeChannels (ALBI)',
  middleware: jsonBody(4096),
  request: {
    params: z.object({ id: z.uuid() }),
    body: { required: true, content: { 'application/json': { schema: sessionAnalysisRequestSchema } } },
  },
  responses: {
    200: {
      description: 'ALBI analysis of the longest contiguous run of samples',
      content: {
        'application/json': {
          schema: analyzeResponseSchema.extend({
            session_id: z.uuid(),
            stream: z.string(),
            first_sample: z.number().int(),
            sample_count: z.number().int(),
            discontinuities: z.number().int(),
          }),
        },
      },
    },
    ...problemResponses(400, 404, 409, 413, 415, 503),
  },
});

export const analysisRoutes = createRouter().openapi(analyzeSession, async (c) => {
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const services = c.get('services');
  const { ownerId } = c.get('identity');
  const session = await requireSession(services.database.db, ownerId, id);
  refuseEncryptedSession(id, session.metadata, 'analysed');
  const streams = (session.metadata as SessionMetadata).streams;
  const stream = body.stream ? streams.find((s) => s.id === body.stream) : (streams.find((s) => s.kind === 'eeg') ?? streams[0]);
  if (!stream)
    throw new ProblemError(404, `Session ${id} declares no stream '${body.stream}'.`, [
      { path: 'body.stream', message: 'not in the session metadata' },
    ]);
  const rows = await services.database.db
    .select({ data: chunks.data })
    .from(chunks)
    .where(and(eq(chunks.sessionId, id), eq(chunks.stream, stream.id)))
    .orderBy(asc(chunks.firstSample));
  if (!rows.length)
    throw new ProblemError(409, `Stream '${stream.id}' has no stored chunks to analyse.`, [{ path: 'body.stream', message: 'no chunks' }]);
  // Split into contiguous runs; overlapping chunks (a client re-chunked) are a conflict, not something to guess about.
  const decoded = rows.map((r) => decodeChunk(new Uint8Array(r.data)));
  const runs: (typeof decoded)[] = [];
  let expected = -1;
  for (const chunk of decoded) {
    if (chunk.firstSample < expected)
      throw new ProblemError(409, `Chunks of stream '${stream.id}' overlap at sample ${chunk.firstSample}.`, [
        { path: 'body.stream', message: 'overlapping chunks' },
      ]);
    if (chunk.firstSample !== expected) runs.push([]);
    runs.at(-1)!.push(chunk);
    expected = chunk.firstSample + chunk.channels[0].length;
  }
  const longest = runs.reduce((best, run) => (count(run) > count(best) ? run : best));
  const total = count(longest);
  if (total > MAX_SAMPLES)
    throw new ProblemError(413, `The stream holds ${total} contiguous samples per channel; at most ${MAX_SAMPLES} can be analysed at once.`);
  const channels: Record<string, Float32Array> = {};
  stream.channels.forEach((channel, index) => {
    const samples = new Float32Array(total);
    let offset = 0;
    for (const chunk of longest) {
      samples.set(chunk.channels[index], offset);
      offset += chunk.channels[index].length;
    }
    channels[channel.label] = samples;
  });
  const result = await runAnalysis(services, ownerId, channels, stream.sampleRateHz, id);
  return c.json(
    { ...result, session_id: id, stream: stream.id, first_sample: longest[0].firstSample, sample_count: total, discontinuities: runs.length - 1 },
    200,
  );
});

function count(run: { channels: Float32Array[] }[]): number {
  return run.reduce((n, chunk) => n + chunk.channels[0].length, 0);
}
