// GET/HEAD /synthesize/{id}/audio: the WAV, with Range (206/416) and ETag. It is rendered once on
// every core into the render cache and sent from that file (a player's later Range requests and
// downloads read the file); a file larger than the cache keeps per file is rendered as it streams.
// A download counts in services.renders (the queue depth) until its stream ends.
import { createRoute, z } from '@hono/zod-openapi';
import { fileBody, nodeResponse } from '../../http/file-body.ts';
import { createRouter } from '../../http/router.ts';
import { parseRange } from '../../http/range.ts';
import { problemResponses } from '../openapi-common.ts';
import type { Services } from '../../services.ts';
import { requireSynthesis, wavFor } from './store.ts';

/**
 * Bytes `start`..`end` (inclusive) of the cached render of `key`, rendering it first when it is not
 * kept; written straight to the socket under node-server (file-body.ts). A file evicted between
 * the lookup and the open is rendered again (once).
 */
async function cachedBytes(services: Services, key: string, wav: Awaited<ReturnType<typeof wavFor>>, start: number, end: number, env: unknown) {
  for (let attempt = 0; ; attempt++) {
    const { path } = await services.renderCache.file(key, wav.byteLength, wav.renderFile);
    try {
      return await fileBody(path, start, end, nodeResponse(env));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 0) throw error;
    }
  }
}

const getAudio = createRoute({
  method: 'get',
  path: '/synthesize/{id}/audio',
  tags: ['jona'],
  summary: 'The synthesis as audio/wav (RIFF PCM stereo), streamed; HEAD and Range supported',
  request: { params: z.object({ id: z.uuid() }), headers: z.object({ range: z.string().max(200).optional() }) },
  responses: {
    200: { description: 'The whole file', content: { 'audio/wav': { schema: z.string().openapi({ format: 'binary' }) } } },
    206: { description: 'The requested byte range', content: { 'audio/wav': { schema: z.string().openapi({ format: 'binary' }) } } },
    304: { description: 'Not modified (If-None-Match)' },
    ...problemResponses(400, 404, 416, 503),
  },
});

/** Audio streams being rendered now: all of them, or those of one owner's syntheses. */
export function rendersInFlight(services: Services, ownerId?: string): number {
  let n = 0;
  for (const render of services.renders.values()) if (ownerId === undefined || render.ownerId === ownerId) n += render.streams;
  return n;
}

/** Counts the stream as a render in progress until it ends or the client goes away. */
function track(services: Services, id: string, ownerId: string, inner: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = inner.getReader();
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    const render = services.renders.get(id);
    if (render && render.streams > 1) render.streams--;
    else services.renders.delete(id);
    services.metrics.queueDepth.dec();
  };
  const render = services.renders.get(id);
  if (render) render.streams++;
  else services.renders.set(id, { ownerId, streams: 1 });
  services.metrics.queueDepth.inc();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: end } = await reader.read();
        if (end) {
          finish();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason);
    },
  });
}

export const audioRoutes = createRouter().openapi(getAudio, async (c) => {
  const { id } = c.req.valid('param');
  const services = c.get('services');
  const row = await requireSynthesis(services, c.get('identity').ownerId, id);
  const wav = await wavFor(services, row);
  // The bytes depend only on the stored parameters, which never change: the id is a strong validator.
  const etag = `"${row.id}-${row.sampleRateHz}-${row.bitDepth}"`;
  const headers: Record<string, string> = {
    'Content-Type': 'audio/wav',
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Cache-Control': 'private, max-age=3600',
  };
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers) as never;
  const ifRange = c.req.header('if-range');
  const range = ifRange && ifRange !== etag ? null : parseRange(c.req.valid('header').range, wav.byteLength);
  if (range === 'unsatisfiable') {
    return c.json(
      {
        type: 'https://clisonix.local/problems/416',
        title: 'Range Not Satisfiable',
        status: 416,
        detail: `The file is ${wav.byteLength} bytes.`,
        errors: [{ path: 'header.range', message: `outside 0-${wav.byteLength - 1}` }],
      },
      416,
      { 'Content-Range': `bytes */${wav.byteLength}` },
    ) as never;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? wav.byteLength - 1;
  headers['Content-Length'] = String(end - start + 1);
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${wav.byteLength}`;
  const status = range ? 206 : 200;
  if (c.req.raw.method === 'HEAD') return c.body(null, status, headers) as never;
  let bytes: ReadableStream<Uint8Array>;
  if (wav.byteLength > services.renderCache.maxFileBytes) bytes = wav.read(start, end);
  else {
    try {
      bytes = await cachedBytes(services, etag, wav, start, end, c.env);
    } catch (error) {
      // The cache is a speed-up: without it (disk full, no render worker) the audio still streams.
      services.logger.warn({ err: error, synthesisId: id }, 'render to the cache failed; streaming the render');
      bytes = wav.read(start, end);
    }
  }
  return c.body(track(services, id, row.ownerId, bytes), status, headers) as never;
});
