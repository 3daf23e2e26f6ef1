import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.ts';
import { createRouter } from '../../http/router.ts';

export function docsRoutes(_app: OpenAPIHono<AppEnv>) {
  return createRouter();
}
