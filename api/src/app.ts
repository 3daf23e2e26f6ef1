import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { mountStaticApp } from './static.ts';

export interface AppOptions {
  /** Folder with the built PWA (vite's outDir); omit to serve the API only. */
  distDir?: string;
}

/** Composes the Clisonix server: security headers, the API, then the PWA. */
export function createApp(options: AppOptions = {}) {
  const app = new Hono();
  app.use(
    '*',
    secureHeaders({
      // Cross-origin isolation lets the studio use SharedArrayBuffer rings between its threads.
      crossOriginEmbedderPolicy: 'require-corp',
      crossOriginOpenerPolicy: 'same-origin',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.get('/health', (c) => c.json({ status: 'ok', service: 'clisonix', timestamp: new Date().toISOString() }));
  if (options.distDir) mountStaticApp(app, options.distDir);
  return app;
}
