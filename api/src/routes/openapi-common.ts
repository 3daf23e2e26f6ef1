// OpenAPI fragments shared by all routes: the problem body every error uses.
import { z } from '@hono/zod-openapi';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .openapi('Problem');

const descriptions: Record<number, string> = {
  400: 'Invalid input (the errors name each field)',
  404: 'Not found',
  409: 'Conflict with what the server holds',
  413: 'Body too large',
  415: 'Wrong Content-Type',
  416: 'Range not satisfiable',
  503: 'A dependency is unavailable',
};

/** `responses` entries for the given error statuses. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: descriptions[s] ?? 'Error', content: { 'application/json': { schema: problemSchema } } }]),
  ) as Record<number, { description: string; content: { 'application/json': { schema: typeof problemSchema } } }>;
}
