// Checks every request body before any route sees it:
//  - compressed bodies (Content-Encoding) are refused with 415: nothing is ever inflated, so a
//    gzip bomb costs the server only the compressed bytes it refuses;
//  - a body above the global cap is 413 (routes keep their own smaller limits), counted as it
//    arrives, so an oversize body is never held whole;
//  - JSON bodies deeper than `maxDepth` are 400 before anything parses them.
// The bytes read are handed on as the request body, so routes read it as usual. A body with an
// exact Content-Length is judged by that header and read through Hono's body cache, without the
// web-stream wrapper (http/declared-length.ts).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../context.ts';
import { declaredLength } from '../http/declared-length.ts';
import { securityProblem } from './problems.ts';

export interface BodyGuardOptions {
  maxBytes: number;
  maxDepth: number;
}

const JSON_TYPES = /^(?:application\/(?:json|x-ndjson|[\w.+-]+\+json)|text\/json)$/;

/** Deepest nesting of objects/arrays in JSON text (strings skipped); stops counting past `limit`. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92)
        i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return deepest;
}

async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * @example app.use('*', bodyGuard({ maxBytes: 16 << 20, maxDepth: 64 }))
 */
export function bodyGuard(options: BodyGuardOptions): MiddlewareHandler<AppEnv> {
  const tooLarge = () =>
    securityProblem(413, `The request body is larger than ${options.maxBytes} bytes.`, [
      { path: 'body', message: `at most ${options.maxBytes} bytes` },
    ]);
  const streamLimit = bodyLimit({
    maxSize: options.maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async function bodyGuardMiddleware(c, next) {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    // An exact Content-Length spares the request its web-stream wrapper (http/declared-length.ts).
    const declared = declaredLength(c);
    if (declared === 0 || (declared === undefined && !c.req.raw.body)) return next();
    const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity') {
      throw securityProblem(415, `Content-Encoding '${encoding.slice(0, 40)}' is not accepted: send the body uncompressed.`, [
        { path: 'header.content-encoding', message: 'only identity' },
      ]);
    }
    if (declared !== undefined && declared > options.maxBytes) throw tooLarge();
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!JSON_TYPES.test(type)) return declared === undefined ? streamLimit(c, next) : next(); // binary chunks: counted as they stream
    const raw = c.req.raw;
    const bytes = declared === undefined ? await readLimited(raw.body!, options.maxBytes) : new Uint8Array(await c.req.arrayBuffer());
    if (!bytes) throw tooLarge();
    const text = new TextDecoder().decode(bytes);
    const depth = jsonDepth(text, options.maxDepth);
    if (depth > options.maxDepth) {
      throw securityProblem(400, `The JSON body is nested more than ${options.maxDepth} levels deep.`, [
        { path: 'body', message: `at most ${options.maxDepth} levels` },
      ]);
    }
    if (declared !== undefined) {
      // Hono keeps what was read in bodyCache; c.req.text() and c.req.json() answer from it.
      (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
      return next();
    }
    // The exact length is now known: later limits (routes' bodyLimit) check the header instead of
    // re-reading a stream that someone (the circuit breaker) may already have consumed.
    const headers = new Headers(raw.headers);
    headers.set('content-length', String(bytes.byteLength));
    headers.delete('transfer-encoding');
    c.req.raw = new Request(raw.url, { method: raw.method, headers, body: bytes, signal: raw.signal });
    await next();
  };
}
