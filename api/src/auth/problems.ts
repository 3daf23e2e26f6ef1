// Problem errors for the statuses the security layer answers, with their proper titles
// (http/problem.ts names only the statuses the API itself uses).
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type FieldError, ProblemError } from '../http/problem.ts';

const titles: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** A ProblemError with the right title; `errors` names the offending part of the request. */
export function securityProblem(status: ContentfulStatusCode, detail: string, errors: FieldError[] = []): ProblemError {
  const error = new ProblemError(status, detail, errors);
  error.problem.title = titles[status] ?? error.problem.title;
  return error;
}
