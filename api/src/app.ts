import type { OpenAPIHono } from '@hono/zod-openapi';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './context.ts';
import { onError, onNotFound } from './http/error-handler.ts';
import { createRouter } from './http/router.ts';
import { installSecurity, securityRoutes } from './auth/install.ts';
import { identity } from './middleware/identity/index.ts';
import { requestLog } from './middleware/request-log/index.ts';
import { requestMetrics } from './middleware/request-metrics/index.ts';
import { sessionRoutes } from './routes/sessions/index.ts';
import { serviceApps } from './routes/services.ts';
import { docsRoutes } from './routes/docs/index.ts';
import { healthRoutes } from './routes/health/index.ts';
import type { Services } from './services.ts';
import { mountStaticApp } from './static.ts';
import { compress } from 'hono/compress';

export interface AppOptions {
  services: Services;
  /** Folder with the built PWA (vite's outDir); omit to serve the API only. */
  distDir?: string;
  /** Other servers the studio served from here may sync with (STUDIO_SYNC_ORIGINS; CSP connect-src). */
  syncOrigins?: string[];
}

/** Middleware every listener shares: headers, request id + log, metrics, services, identity. */
export function applyCommonMiddleware(app: OpenAPIHono<AppEnv>, services: Services, syncOrigins: string[] = []): void {
  app.use(
    '*',
    secureHeaders({
      // Cross-origin isolation lets the studio use SharedArrayBuffer rings between its threads.
      crossOriginEmbedderPolicy: 'require-corp',
      crossOriginOpenerPolicy: 'same-origin',
      // HSTS is sent by installSecurity() only over TLS (auth/hsts.ts).
      strictTransportSecurity: false,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", ...syncOrigins],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use('*', requestLog(services.logger));
  app.use('*', requestMetrics(services.metrics));
  // JSON answers go gzip-compressed to a client that accepts it (session lists, analysis results,
  // OpenAPI; Hono's threshold needs a Content-Length, which c.json does not set, so small ones too). Samples, chunks and audio are dense binary and are sent as they are.
  // A client that accepts no encoding (curl, autocannon, a device's firmware) skips the middleware:
  // it reads the response's headers after the route, which makes node-server build a full Response.
  const gzipJson = compress({ encoding: 'gzip', contentTypeFilter: /^application\/(?:[\w.+-]+\+)?json(?:;|$)/ });
  app.use('*', (c, next) => (c.req.header('accept-encoding') ? gzipJson(c, next) : next()));
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  // Issue 4: host/origin guards, authentication, rate limits, body guard, breaker, timeout; sets c.get('identity').
  installSecurity(app, services);
  app.use('*', identity());
  app.onError(onError);
  app.notFound(onNotFound);
}

/** Composes the Clisonix server: middleware, the API, the original services, docs, then the PWA. */
export function createApp(options: AppOptions) {
  const { services } = options;
  const app = createRouter();
  applyCommonMiddleware(app, services, options.syncOrigins);
  app.route('/', healthRoutes());
  app.route('/api/v1', securityRoutes());
  app.route('/api/v1', sessionRoutes());
  for (const [name, build] of Object.entries(serviceApps)) app.route(`/${name}`, build());
  app.route('/', docsRoutes(app));
  // API paths never fall through to the SPA.
  app.all('/api/*', (c) => onNotFound(c));
  if (options.distDir) mountStaticApp(app as never, options.distDir);
  return app;
}

export type App = ReturnType<typeof createApp>;
