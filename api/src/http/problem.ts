// Errors as RFC 9457-style JSON: {type,title,status,detail,errors:[{path,message}]}. Every error
// response of the API goes through here; internals (stack traces, SQL) never reach the client.
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

export interface FieldError {
  /** Where the problem is: `body.channels.channel_1.3`, `query.after`, `path.id`, `header.if-match`. */
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
  [extra: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** An error that the error handler turns into a problem response. */
export class ProblemError extends HTTPException {
  readonly problem: Problem;
  constructor(status: ContentfulStatusCode, detail: string, errors: FieldError[] = [], extra: Record<string, unknown> = {}) {
    super(status, { message: detail });
    this.problem = { type: problemType(status), title: titles[status] ?? 'Error', status, detail, errors, ...extra };
  }
}

export function problemType(status: number): string {
  return `https://clisonix.local/problems/${status}`;
}

/** Builds a problem body from a status and message. */
export function makeProblem(status: number, detail: string, errors: FieldError[] = []): Problem {
  return { type: problemType(status), title: titles[status] ?? 'Error', status, detail, errors };
}

/** Turns a ZodError into field errors prefixed with where the value came from. */
export function fieldErrorsFromZod(error: ZodError, where: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key) => ({
      path: [where === 'json' ? 'body' : where === 'param' ? 'path' : where, ...issue.path.map(String), ...(key ? [key] : [])].join('.'),
      message: issue.message,
    }));
  });
}

/** Throws 400 with the field errors of a failed zod parse. */
export function validationProblem(error: ZodError, where: string): ProblemError {
  const errors = fieldErrorsFromZod(error, where);
  return new ProblemError(400, `Invalid request: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
}
