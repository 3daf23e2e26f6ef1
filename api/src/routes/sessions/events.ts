// Markers and gaps of a session. Events carry client-made ids, so re-sending a batch is safe:
// identical events are kept once; an id re-used with other content is 409 and the whole batch
// is rolled back (never half of it kept). An event posted with `atTime` (the instant it happened)
// is placed on the session's timeline from its startTime, and stored with that onsetSec.
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { sessionEvents } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import { eventBatchSchema, sessionEventSchema, type SessionMetadata } from '../../contract/sessions.ts';
import { canonicalJson, requireSession } from './store.ts';
import { problemResponses } from '../openapi-common.ts';

const eventListSchema = z.object({ events: z.array(sessionEventSchema) });

const postEvents = createRoute({
  method: 'post',
  path: '/sessions/{id}/events',
  tags: ['sessions'],
  summary: 'Add markers and gaps (idempotent per event id)',
  middleware: jsonBody(4 * 1024 * 1024),
  request: { params: z.object({ id: z.uuid() }), body: { required: true, content: { 'application/json': { schema: eventBatchSchema } } } },
  responses: {
    200: {
      description: 'All events stored; `created` counts the new ones',
      content: { 'application/json': { schema: z.object({ created: z.number().int(), unchanged: z.number().int() }) } },
    },
    ...problemResponses(400, 404, 409, 413, 415),
  },
});

const getEvents = createRoute({
  method: 'get',
  path: '/sessions/{id}/events',
  tags: ['sessions'],
  summary: 'Markers and gaps, by onset',
  request: { params: z.object({ id: z.uuid() }), query: z.strictObject({ kind: z.enum(['marker', 'gap']).optional() }) },
  responses: { 200: { description: 'Events', content: { 'application/json': { schema: eventListSchema } } }, ...problemResponses(400, 404) },
});

type EventRow = typeof sessionEvents.$inferSelect;
const toEvent = (r: EventRow) => ({
  id: r.id,
  kind: r.kind as 'marker' | 'gap',
  ...(r.stream ? { stream: r.stream } : {}),
  onsetSec: r.onsetSec,
  durationSec: r.durationSec,
  text: r.text,
});

type PostedEvent = z.infer<typeof eventBatchSchema>['events'][number];

/** The event with its onsetSec: given, or the seconds from the session's start to its `atTime`. */
function placeOnTimeline(event: PostedEvent, startTime: string, index: number): z.infer<typeof sessionEventSchema> {
  const { atTime, onsetSec, ...rest } = event;
  if (atTime === undefined) return { ...rest, onsetSec: onsetSec! };
  const seconds = (Date.parse(atTime) - Date.parse(startTime)) / 1000;
  if (!(seconds >= 0))
    throw new ProblemError(400, `Event '${event.id}' happened at ${atTime}, before the session started (${startTime}).`, [
      { path: `body.events.${index}.atTime`, message: 'before the session start' },
    ]);
  return { ...rest, onsetSec: seconds };
}

export const eventRoutes = createRouter()
  .openapi(postEvents, async (c) => {
    const { id } = c.req.valid('param');
    const { events: posted } = c.req.valid('json');
    const { database } = c.get('services');
    const session = await requireSession(database.db, c.get('identity').ownerId, id);
    const events = posted.map((e, i) => placeOnTimeline(e, (session.metadata as SessionMetadata).startTime, i));
    const ids = new Set<string>();
    events.forEach((e, i) => {
      if (ids.has(e.id))
        throw new ProblemError(400, `Event id '${e.id}' appears twice in the batch.`, [{ path: `body.events.${i}.id`, message: 'duplicate id' }]);
      ids.add(e.id);
    });
    const result = await database.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(sessionEvents)
        .values(
          events.map((e) => ({
            sessionId: id,
            id: e.id,
            kind: e.kind,
            stream: e.stream ?? null,
            onsetSec: e.onsetSec,
            durationSec: e.durationSec,
            text: e.text,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: sessionEvents.id });
      const fresh = new Set(inserted.map((r) => r.id));
      const others = events.filter((e) => !fresh.has(e.id));
      if (others.length) {
        const stored = new Map(
          (
            await tx
              .select()
              .from(sessionEvents)
              .where(
                and(
                  eq(sessionEvents.sessionId, id),
                  inArray(
                    sessionEvents.id,
                    others.map((e) => e.id),
                  ),
                ),
              )
          ).map((r) => [r.id, r]),
        );
        for (const e of others) {
          if (canonicalJson(toEvent(stored.get(e.id)!)) !== canonicalJson(toEvent({ ...stored.get(e.id)!, ...e, stream: e.stream ?? null }))) {
            const index = events.indexOf(e);
            throw new ProblemError(
              409,
              `Event '${e.id}' is already stored with other content; nothing from this batch was stored.`,
              [{ path: `body.events.${index}`, message: 'differs from the stored event' }],
              { server: toEvent(stored.get(e.id)!) },
            );
          }
        }
      }
      return { created: inserted.length, unchanged: others.length };
    });
    return c.json(result, 200);
  })
  .openapi(getEvents, async (c) => {
    const { id } = c.req.valid('param');
    const { kind } = c.req.valid('query');
    const { database } = c.get('services');
    await requireSession(database.db, c.get('identity').ownerId, id);
    const rows = await database.db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionId, id), kind ? eq(sessionEvents.kind, kind) : undefined))
      .orderBy(asc(sessionEvents.onsetSec), asc(sessionEvents.id));
    return c.json({ events: rows.map(toEvent) }, 200);
  });
