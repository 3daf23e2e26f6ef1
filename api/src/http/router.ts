// Factory for the routers of every service, so that they share the validation hook that turns
// zod failures into problem responses naming the field.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context.ts';
import { validationProblem } from './problem.ts';

/** A new OpenAPIHono router whose request validation answers 400 problems. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationProblem(result.error as never, result.target);
    },
  });
}
