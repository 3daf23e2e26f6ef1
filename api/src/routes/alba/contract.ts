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

export const readingSchema = z
  .strictObject({
    source: z.string().min(1).max(128),
    type: z.string().min(1).max(64),
    payload: z
      .record(z.string(), z.unknown())
      .refine((p) => depthOf(p) <= MAX_PAYLOAD_DEPTH, `payload nests deeper than ${MAX_PAYLOAD_DEPTH} levels`)
      .superRefine((p, ctx) => {
        const at = nonFinitePath(p);
        if (at) ctx.addIssue({ code: 'custom', message: `payload.${at} is not a finite number` });
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
