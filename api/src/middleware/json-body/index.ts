// Guards for request bodies, run before validation: a size limit (413) and an allowed content
// type (415), both answered as problems. Reading stops at the limit, so an oversize body is never
// buffered whole; a body with an exact Content-Length is judged by it (http/declared-length.ts).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../../context.ts';
import { declaredLength } from '../../http/declared-length.ts';
import { ProblemError } from '../../http/problem.ts';

/** 413 once more than `maxBytes` arrive: from Content-Length when it is exact, else counted as the body streams. */
export function bodyLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = () =>
    new ProblemError(413, `The request body is larger than ${maxBytes} bytes.`, [{ path: 'body', message: `at most ${maxBytes} bytes` }]);
  const streamed = honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async function bodyLimitMiddleware(c, next) {
    const declared = declaredLength(c);
    if (declared === undefined) return streamed(c, next);
    if (declared > maxBytes) throw tooLarge();
    await next();
  };
}

/**
 * 415 unless the Content-Type's media type is one of `types` (parameters such as charset ignored).
 * @example app.post('/x', requireContentType(['application/json']), handler)
 */
export function requireContentType(types: string[]): MiddlewareHandler<AppEnv> {
  return async function requireContentTypeMiddleware(c, next) {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!types.includes(mediaType)) {
      throw new ProblemError(415, `Content-Type must be ${types.join(' or ')}${mediaType ? `, not ${mediaType}` : ''}.`, [
        { path: 'header.content-type', message: `expected ${types.join(' or ')}` },
      ]);
    }
    await next();
  };
}

/** Both guards for a JSON body route. */
export function jsonBody(maxBytes = 1_048_576): MiddlewareHandler<AppEnv>[] {
  return [requireContentType(['application/json']), bodyLimit(maxBytes)];
}
