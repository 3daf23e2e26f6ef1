// POST /ingest: one reading (JSON object) answers 201 {status,id,timestamp}; a batch (JSON array
// or NDJSON, one reading per line) answers per item. In a batch each item stands on its own: the
// valid ones are stored together in one transaction and every rejected one is reported with its
// index and errors (201 when all were stored, 207 when some were rejected, 400 when none was).
// Every item is validated before anything is queued for storage (store.ts commits the readings of
// concurrent requests together), so one bad item never fails another request's readings.
import { createRoute } from '@hono/zod-openapi';
import { fieldErrorsFromZod, ProblemError, validationProblem, type FieldError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { bodyLimit, requireContentType } from '../../middleware/json-body/index.ts';
import { problemResponses } from '../openapi-common.ts';
import { batchResultSchema, ingestedSchema, readingSchema, type Reading } from './contract.ts';
import { storeReadings } from './store.ts';

export { storeReadings };

/** 10 000 readings per batch keeps one transaction short. */
const MAX_BATCH = 10_000;

const ingest = createRoute({
  method: 'post',
  path: '/ingest',
  tags: ['alba'],
  summary: 'Ingest one reading, or a batch (JSON array or NDJSON)',
  description: 'Body: a Reading object (application/json), an array of Readings (application/json), or one Reading per line (application/x-ndjson).',
  middleware: [requireContentType(['application/json', 'application/x-ndjson']), bodyLimit(8 * 1024 * 1024)],
  responses: {
    201: {
      description: 'Stored (single: Ingested; batch: IngestBatchResult)',
      content: { 'application/json': { schema: ingestedSchema.or(batchResultSchema) } },
    },
    207: { description: 'Batch with rejected items', content: { 'application/json': { schema: batchResultSchema } } },
    ...problemResponses(400, 413, 415, 503),
  },
});

type Parsed = { ok: true; reading: Reading } | { ok: false; errors: FieldError[] };

function parseItem(value: unknown, where: string): Parsed {
  const result = readingSchema.safeParse(value);
  if (result.success) return { ok: true, reading: result.data };
  return { ok: false, errors: fieldErrorsFromZod(result.error, where) };
}

function parseNdjson(text: string): Parsed[] {
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, i }) => {
      try {
        return parseItem(JSON.parse(line), `line.${i + 1}`);
      } catch {
        return { ok: false, errors: [{ path: `line.${i + 1}`, message: 'malformed JSON' }] };
      }
    });
}

export const ingestRoutes = createRouter().openapi(ingest, async (c) => {
  const services = c.get('services');
  const { ownerId } = c.get('identity');
  const text = await c.req.text();
  const ndjson = (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/x-ndjson');
  let items: Parsed[];
  if (ndjson) {
    items = parseNdjson(text);
  } else {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ProblemError(400, 'Malformed JSON in the request body.', [{ path: 'body', message: 'malformed JSON' }]);
    }
    if (!Array.isArray(body)) {
      const result = readingSchema.safeParse(body);
      if (!result.success) throw validationProblem(result.error, 'json');
      const [stored] = await storeReadings(services, ownerId, [result.data]);
      return c.json(stored, 201);
    }
    items = body.map((item, i) => parseItem(item, `body.${i}`));
  }
  if (items.length === 0) throw new ProblemError(400, 'The batch is empty.', [{ path: 'body', message: 'no readings' }]);
  if (items.length > MAX_BATCH)
    throw new ProblemError(413, `A batch holds at most ${MAX_BATCH} readings; this one has ${items.length}.`, [
      { path: 'body', message: `at most ${MAX_BATCH} items` },
    ]);
  const valid = items.flatMap((p, index) => (p.ok ? [{ index, reading: p.reading }] : []));
  const stored = await storeReadings(
    services,
    ownerId,
    valid.map((v) => v.reading),
  );
  const results = items.map((p, index) => (p.ok ? undefined : { index, status: 'rejected' as const, errors: p.errors }));
  valid.forEach((v, i) => (results[v.index] = { index: v.index, ...stored[i] } as never));
  const body = { ingested: valid.length, rejected: items.length - valid.length, results: results as never[] };
  return c.json(body, valid.length === items.length ? 201 : valid.length ? 207 : 400) as never;
});
