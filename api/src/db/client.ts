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

/** Key of the advisory lock that serialises migrations between processes starting together. */
const MIGRATION_LOCK_KEY = 0x636c6973; // 'clis'

/**
 * Connections per process: DATABASE_POOL_SIZE, 10 by default. Every process (each WORKERS worker,
 * each instance behind a load balancer) opens its own pool, so N processes need N x this many
 * of the server's max_connections (docs/api.md, "Deploying for many users").
 */
export function poolSizeFrom(env: Record<string, string | undefined>): number {
  const raw = env.DATABASE_POOL_SIZE?.trim();
  if (raw === undefined || raw === '') return 10;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`DATABASE_POOL_SIZE must be a whole number from 1 to 1000, not "${raw}".`);
  return n;
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSizeFrom(process.env) });
  let closed = false;
  // A dropped idle connection must not crash the process: log and let the pool replace it.
  pool.on('error', (error) => {
    if (!closed) console.error(JSON.stringify({ level: 'error', msg: 'postgres pool error', error: error.message }));
  });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  try {
    await migrateLocked(pool);
  } catch (error) {
    closed = true;
    await pool.end();
    throw error;
  }
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

/**
 * Migrates under a session advisory lock on one connection: processes that start together (WORKERS,
 * instances behind a load balancer) take turns, and the later ones find the schema up to date instead
 * of racing to create the same tables.
 */
async function migrateLocked(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migratePg(drizzlePg({ client, schema }) as never, { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
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
