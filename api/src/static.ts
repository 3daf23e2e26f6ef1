import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Serves the built PWA from `distDir`: hashed assets are immutable, the service worker is never
 * cached by HTTP (so a new version is seen at once), files are sent as the build precompressed them
 * (Brotli, else gzip, as the client accepts; tools/vite-precompress.ts), and every other non-API path
 * falls back to index.html so that client-side routes survive a reload.
 */
export function mountStaticApp(app: Hono<any>, distDir: string): void {
  const root = path.relative(process.cwd(), distDir) || '.';
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('/sw.js', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-cache');
  });
  app.use('/*', serveStatic({ root, precompressed: true }));
  app.get('*', async (c) => {
    try {
      const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
      return c.html(html);
    } catch {
      return c.text('The web app is not built: run `npm run build`.', 503);
    }
  });
}
