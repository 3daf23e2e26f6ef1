import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../../http/router.ts';
import { healthSchema, serviceHealth } from '../orchestrator/health.ts';
import { audioRoutes } from './audio.ts';
import { coordinateRoutes } from './coordinate.ts';
import { synthesizeRoutes } from './synthesize.ts';

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['jona'],
  summary: 'JONA health',
  responses: { 200: { description: 'Health', content: { 'application/json': { schema: healthSchema } } } },
});

/** JONA: audio synthesis (original port 7777). */
export const jonaApp = () =>
  createRouter()
    .route('/', synthesizeRoutes)
    .route('/', audioRoutes)
    .route('/', coordinateRoutes)
    .openapi(health, async (c) => c.json(await serviceHealth(c.get('services'), 'jona'), 200));
