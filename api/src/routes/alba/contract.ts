// ALBA's original wire contract (field names kept) and the per-reading validation.
import { z } from '@hono/zod-openapi';

/** Deepest nesting and largest JSON size a payload may have (a reading, not a document store). */
export const MAX_PAYLOAD_DEPTH = 16;
export const MAX_PAYLOAD_BYTES = 64 * 1024;

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_PAYLOAD_DEPTH) return depth;
  if (Array.isArray(value)) return value.reduce<number>((d, v) => Math.max(d, depthOf(v, depth + 1)), depth + 1);
  if (value && typeof value === 'object') return Object.values(value).reduce<number>((d, v) => Math.max(d, depthOf(v, depth + 1)), depth + 1);
  return depth;
}

/** Path of the first number that JSON cannot carry (1e999 parses to Infinity), or undefined. */
function nonFinitePath(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path.join('.') || '(root)';
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = nonFinitePath(child, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, and jsonb refuses a lone UTF-16 surrogate. Such
 * strings are refused here, before a reading is queued, so that the database never refuses a row of
 * a group commit (which would cost the others a retry) and a text column never silently gets U+FFFD.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly what this finds (PostgreSQL text cannot hold it).
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_MESSAGE = 'contains U+0000 or a lone UTF-16 surrogate, which cannot be stored';

/** Path of the first string or key that cannot be stored, or undefined. */
function unstorablePath(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path.join('.') || '(root)' : undefined;
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) return [...path, '(key)'].join('.');
      const found = unstorablePath(child, [...path, key]);
      if (found) return found;
    }
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
      .refine((p) => depthOf(p) <= MAX_PAYLOAD_DEPTH, `payload nests deeper than ${MAX_PAYLOAD_DEPTH} levels`)
      .superRefine((p, ctx) => {
        const at = nonFinitePath(p);
        if (at) ctx.addIssue({ code: 'custom', message: `payload.${at} is not a finite number` });
        const text = unstorablePath(p);
        if (text) ctx.addIssue({ code: 'custom', message: `payload.${text} ${UNSTORABLE_MESSAGE}` });
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
