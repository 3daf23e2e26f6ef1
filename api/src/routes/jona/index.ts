import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../../http/router.ts';
import { healthSchema, healthStatusCode, serviceHealth } from '../orchestrator/health.ts';
import { audioRoutes } from './audio.ts';
import { coordinateRoutes } from './coordinate.ts';
import { synthesizeRoutes } from './synthesize.ts';

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['jona'],
  summary: 'JONA health',
  responses: {
    200: { description: 'Online or degraded (reasons say why)', content: { 'application/json': { schema: healthSchema } } },
    503: { description: 'Offline: the database does not answer', content: { 'application/json': { schema: healthSchema } } },
  },
});

/** JONA: audio synthesis (original port 7777). */
export const jonaApp = () =>
  createRouter()
    .route('/', synthesizeRoutes)
    .route('/', audioRoutes)
    .route('/', coordinateRoutes)
    .openapi(health, async (c) => {
      const report = await serviceHealth(c.get('services'), 'jona');
      return c.json(report, healthStatusCode(report));
    });
