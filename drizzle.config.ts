// drizzle-kit configuration: `npm run db:generate` writes SQL migrations for api/src/db/schema.ts
// into api/src/db/migrations (committed; applied by the server at start). No database needed.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './api/src/db/schema.ts',
  out: './api/src/db/migrations',
});
