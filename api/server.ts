// Entry point of `npm start`: one Node process serving the API and the built PWA.
//   PORT (default 8000), HOST (default 127.0.0.1)
import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createApp } from './src/app.ts';

const port = Number(process.env.PORT ?? 8000);
const host = process.env.HOST ?? '127.0.0.1';
const distDir = fileURLToPath(new URL('../dist', import.meta.url));

const app = createApp({ distDir });
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(`Clisonix listening on http://${host}:${info.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
