// /openapi.json (OpenAPI 3.1, generated from the same zod schemas that validate requests) and
// /docs, a small API explorer that works offline: static HTML + script files (the CSP forbids
// inline scripts), no CDN.
import { readFileSync } from 'node:fs';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.ts';
import { createRouter } from '../../http/router.ts';

const file = (name: string) => readFileSync(new URL(`./explorer/${name}`, import.meta.url), 'utf8');

/** Registers /openapi.json on `app` (so it sees all of app's routes) and returns the /docs router. */
export function docsRoutes(app: OpenAPIHono<AppEnv>) {
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Clisonix API',
      version: '1.0.0',
      description:
        'Sessions for the PWA sync under /api/v1, and the original services ALBA (/alba), ALBI (/albi), JONA (/jona) and the orchestrator (/orchestrator). ' +
        'Errors are JSON {type,title,status,detail,errors:[{path,message}]}.',
    },
    servers: [{ url: '/' }],
  });
  const html = file('index.html');
  const script = file('explorer.js');
  const style = file('explorer.css');
  return createRouter()
    .get('/docs', (c) => c.html(html))
    .get('/docs/explorer.js', (c) => c.body(script, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
    .get('/docs/explorer.css', (c) => c.body(style, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
}
