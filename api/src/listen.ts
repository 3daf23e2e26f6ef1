// Starts the listeners: the main port, and with compat on, one per original service.
import { serve, type ServerType } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.ts';
import { compatApp } from './compat.ts';
import { compatPorts } from './routes/services.ts';
import type { Services } from './services.ts';

function start(fetch: OpenAPIHono<AppEnv>['fetch'], port: number, host: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: host }, () => resolve(server));
    server.once('error', reject);
  });
}

/** Listens on the main port (and the compat ports); rejects when a port is taken. */
export async function listen(
  app: OpenAPIHono<AppEnv>,
  services: Services,
  options: { port: number; host: string; compat: boolean },
): Promise<ServerType[]> {
  const servers = [await start(app.fetch, options.port, options.host)];
  if (options.compat) {
    for (const [name, port] of Object.entries(compatPorts)) {
      servers.push(await start(compatApp(name as keyof typeof compatPorts, services).fetch, port, options.host));
    }
  }
  return servers;
}
