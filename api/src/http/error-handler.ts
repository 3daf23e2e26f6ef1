// The one place where thrown errors become responses. Known errors keep their status and detail;
// anything else is logged with its stack and answered as a bare 500 (no internals leak).
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../context.ts';
import { makeProblem, ProblemError } from './problem.ts';

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ProblemError) return c.json(error.problem, error.problem.status as 400);
  if (error instanceof HTTPException) {
    // Hono's own: malformed JSON (400), body limit, timeout (504)...
    const status = error.status;
    const detail = /json/i.test(error.message) ? `Malformed JSON in the request body.` : error.message || 'Request failed.';
    return c.json(makeProblem(status, detail, status === 400 ? [{ path: 'body', message: detail }] : []), status as 400);
  }
  (c.get('logger') ?? console).error({ err: error }, 'unhandled error');
  return c.json(makeProblem(500, 'The server could not handle this request; it has been logged.'), 500);
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) => c.json(makeProblem(404, `No route ${c.req.method} ${c.req.path}.`), 404);
