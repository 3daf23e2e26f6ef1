// ALBA's original wire contract (field names kept) and the per-reading validation.
import { z } from '@hono/zod-openapi';

/** Deepest nesting and largest JSON size a payload may have (a reading, not a document store). */
export const MAX_PAYLOAD_DEPTH = 16;
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, and jsonb refuses a lone UTF-16 surrogate. Such
 * strings are refused here, before a reading is queued, so that the database never refuses a row of
 * a group commit (which would cost the others a retry) and a text column never silently gets U+FFFD.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly what this finds (PostgreSQL text cannot hold it).
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_MESSAGE = 'contains U+0000 or a lone UTF-16 surrogate, which cannot be stored';

/**
 * The first reason `payload` cannot be stored, or undefined: nesting deeper than MAX_PAYLOAD_DEPTH,
 * a number JSON cannot carry (1e999 parses to Infinity), or a string or key with U+0000 or a lone
 * surrogate. One walk over the value that allocates nothing unless it finds a problem: at
 * thousands of readings a second, a walk per rule building a path array per value cost more than
 * storing the reading.
 */
export function payloadProblem(payload: unknown): string | undefined {
  const found = firstProblem(payload, 0);
  if (!found) return undefined;
  const where = ['payload', ...found.path.reverse()].join('.');
  return `${where} ${found.message}`;
}

type Found = { path: string[]; message: string };

function firstProblem(value: unknown, depth: number): Found | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path: [], message: 'is not a finite number' };
  if (typeof value === 'string') return UNSTORABLE.test(value) ? { path: [], message: UNSTORABLE_MESSAGE } : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_PAYLOAD_DEPTH) return { path: [], message: `nests deeper than ${MAX_PAYLOAD_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstProblem(value[i], depth + 1);
      if (found) return (found.path.push(String(i)), found);
    }
    return undefined;
  }
  for (const key in value) {
    if (UNSTORABLE.test(key)) return { path: ['(key)'], message: UNSTORABLE_MESSAGE };
    const found = firstProblem((value as Record<string, unknown>)[key], depth + 1);
    if (found) return (found.path.push(key), found);
  }
  return undefined;
}

const storableText = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !UNSTORABLE.test(s), UNSTORABLE_MESSAGE);

export const readingSchema = z
  .strictObject({
    source: storableText(1, 128),
    type: storableText(1, 64),
    payload: z
      .record(z.string(), z.unknown())
      .superRefine((p, ctx) => {
        const problem = payloadProblem(p);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .refine((p) => JSON.stringify(p).length <= MAX_PAYLOAD_BYTES, `payload is larger than ${MAX_PAYLOAD_BYTES} bytes`),
    /** When the reading was taken; the time of ingest when absent. */
    timestamp: z.iso.datetime({ offset: true }).optional(),
  })
  .openapi('Reading');

export type Reading = z.infer<typeof readingSchema>;

export const ingestedSchema = z.object({ status: z.literal('ingested'), id: z.uuid(), timestamp: z.string() }).openapi('Ingested');

export const batchResultSchema = z
  .object({
    ingested: z.number().int(),
    rejected: z.number().int(),
    results: z.array(
      z.union([
        ingestedSchema.extend({ index: z.number().int() }),
        z.object({ index: z.number().int(), status: z.literal('rejected'), errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
      ]),
    ),
  })
  .openapi('IngestBatchResult');

export const dataPageSchema = z.object({
  data: z.array(z.object({ id: z.uuid(), source: z.string(), type: z.string(), payload: z.record(z.string(), z.unknown()), timestamp: z.string() })),
  next: z.string().nullable(),
});
