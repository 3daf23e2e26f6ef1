// One original service on its own port with its bare paths (COMPAT_PORTS=1).
import { applyCommonMiddleware } from './app.ts';
import { createRouter } from './http/router.ts';
import { serviceApps, type compatPorts } from './routes/services.ts';
import type { Services } from './services.ts';

export function compatApp(name: keyof typeof compatPorts, services: Services) {
  const app = createRouter();
  applyCommonMiddleware(app, services);
  const build = serviceApps[name];
  if (build) app.route('/', build());
  return app;
}
