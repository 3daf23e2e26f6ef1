// /api/v1/me/calibrations: the account's neurofeedback baselines, one per headset and training
// target, so a browser signed in to the account reuses a calibration made on another. Only for an
// account (a local or device caller keeps its calibrations in the browser); the newest one wins.
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import {
  calibrationDeviceSchema,
  calibrationListSchema,
  calibrationSchema,
  keptCalibrationSchema,
  trainingTargetSchema,
} from '../../contract/calibrations.ts';
import { calibrations } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import { problemResponses } from '../openapi-common.ts';

const list = createRoute({
  method: 'get',
  path: '/me/calibrations',
  tags: ['me'],
  summary: "The account's calibrations, one per device and target",
  responses: { 200: { description: 'Calibrations', content: { 'application/json': { schema: calibrationListSchema } } }, ...problemResponses(403) },
});

const put = createRoute({
  method: 'put',
  path: '/me/calibrations/{device}/{target}',
  tags: ['me'],
  summary: 'Keep a calibration for a device and target (an older one than kept is refused with 409)',
  middleware: jsonBody(64 * 1024),
  request: {
    params: z.object({ device: calibrationDeviceSchema, target: trainingTargetSchema }),
    body: { required: true, content: { 'application/json': { schema: z.strictObject({ calibration: calibrationSchema }) } } },
  },
  responses: {
    200: { description: 'Kept', content: { 'application/json': { schema: keptCalibrationSchema } } },
    ...problemResponses(400, 403, 409, 415),
  },
});

type Row = typeof calibrations.$inferSelect;
const toJson = (row: Row) => ({
  device: row.device,
  target: row.target as 'relaxation' | 'focus',
  calibration: row.calibration as z.infer<typeof calibrationSchema>,
  madeAt: row.madeAt.toISOString(),
});

function accountOnly(kind: string): void {
  if (kind !== 'user') throw new ProblemError(403, 'Calibrations are kept per account: sign in to keep them on the server.');
}

export const calibrationRoutes = createRouter()
  .openapi(list, async (c) => {
    const identity = c.get('identity');
    accountOnly(identity.kind);
    const rows = await c.get('services').database.db.select().from(calibrations).where(eq(calibrations.ownerId, identity.ownerId));
    return c.json({ calibrations: rows.map(toJson) }, 200);
  })
  .openapi(put, async (c) => {
    const identity = c.get('identity');
    accountOnly(identity.kind);
    const { device, target } = c.req.valid('param');
    const { calibration } = c.req.valid('json');
    if (calibration.target !== target)
      throw new ProblemError(400, `The calibration is for ${calibration.target}, the path says ${target}.`, [
        { path: 'body.calibration.target', message: `must be ${target}` },
      ]);
    const db = c.get('services').database.db;
    const where = and(eq(calibrations.ownerId, identity.ownerId), eq(calibrations.device, device), eq(calibrations.target, target));
    const row = await db.transaction(async (tx) => {
      const [current] = await tx.select().from(calibrations).where(where);
      if (current && current.madeAt.getTime() > calibration.madeAtMs)
        throw new ProblemError(409, `A newer calibration of ${device} (${current.madeAt.toISOString()}) is kept.`, [], { server: toJson(current) });
      const next = { ownerId: identity.ownerId, device, target, calibration, madeAt: new Date(calibration.madeAtMs), updatedAt: new Date() };
      await tx
        .insert(calibrations)
        .values(next)
        .onConflictDoUpdate({ target: [calibrations.ownerId, calibrations.device, calibrations.target], set: next });
      return next;
    });
    return c.json(toJson(row as Row), 200);
  });
