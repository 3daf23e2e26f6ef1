// The two database backends every route test runs against: embedded PGlite (in memory) and a
// real PostgreSQL server started for the test file. Use with describe.each(backends).
import pino from 'pino';
import { createApp } from '../app.ts';
import { createServices, type Services } from '../services.ts';
import { startPostgres } from './postgres.ts';

export interface TestApi {
  app: ReturnType<typeof createApp>;
  services: Services;
  close(): Promise<void>;
}

export const backends = ['pglite', 'postgres'] as const;

/** Builds an app on a fresh database of the given kind (logs silenced). */
export async function openTestApi(kind: (typeof backends)[number]): Promise<TestApi> {
  const server = kind === 'postgres' ? await startPostgres() : undefined;
  const services = await createServices({
    databaseUrl: server?.url,
    dataDir: 'memory://',
    logger: pino({ level: 'silent' }),
  });
  return {
    app: createApp({ services }),
    services,
    async close() {
      await services.database.close();
      await server?.stop();
    },
  };
}
