// Opens the database: embedded PGlite in DATA_DIR by default, a PostgreSQL server when a
// postgres:// URL is given. Both run the same drizzle schema and the same committed migrations.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';
import { lockDataDir } from './lock.ts';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** The drizzle database type both drivers satisfy for the queries this API makes. */
export type Db = ReturnType<typeof drizzlePglite<typeof schema>>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Round-trips `select 1`; false when the database does not answer. */
  ping(): Promise<boolean>;
  /** CHECKPOINT (PGlite), then closes and releases the data-folder lock. Idempotent. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://... uses node-postgres; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data folder; 'memory://' for a throwaway in-memory database (tests). */
  dataDir?: string;
}

/**
 * Opens and migrates the database.
 * @example const database = await openDatabase({ dataDir: './data' });
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl && /^postgres(ql)?:\/\//.test(options.databaseUrl)) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir ?? './data');
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  let closed = false;
  // A dropped idle connection must not crash the process: log and let the pool replace it.
  pool.on('error', (error) => {
    if (!closed) console.error(JSON.stringify({ level: 'error', msg: 'postgres pool error', error: error.message }));
  });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  await migratePg(db as never, { migrationsFolder });
  return {
    db,
    kind: 'postgres',
    ping: () => ping(db),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  let release = () => {};
  if (!inMemory) {
    const dir = path.resolve(dataDir);
    mkdirSync(dir, { recursive: true }); // PGlite does not create missing parents
    release = lockDataDir(dir);
    dataDir = path.join(dir, 'pglite');
  }
  let client: PGlite;
  try {
    client = new PGlite(dataDir);
    await client.waitReady;
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    let closed = false;
    return {
      db,
      kind: 'pglite',
      ping: () => ping(db),
      async close() {
        if (closed) return;
        closed = true;
        try {
          // PGlite runs with fsync off; a checkpoint before close keeps the next open from replaying WAL.
          await client.exec('CHECKPOINT');
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
