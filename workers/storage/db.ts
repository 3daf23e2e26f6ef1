// The studio's IndexedDB: one versioned database, store names in one constant, idempotent upgrades,
// and every transaction run through `runTransaction`, which tracks pending work so tests (and the
// update flow) can wait until nothing is left unwritten.
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { upgradeStoredStream } from './stream-upgrade.ts';
import type { StoredChunk, StoredSession } from './types.ts';

/**
 * WARNING: do not change this name without a migration. Users' recordings live in this database;
 * a new name starts an empty one and orphans every unsynced session in the old one. Schema changes
 * go through DB_VERSION and `upgradeStudioDb` instead.
 */
export const DB_NAME = 'clisonix-studio-v1';
/** Bump together with a new `if (oldVersion < N)` block in `upgradeStudioDb`. */
export const DB_VERSION = 2;

/** Every object store and index, named once. */
export const STORES = {
  sessions: 'sessions',
  chunks: 'chunks',
  kv: 'kv',
} as const;
export const INDEXES = {
  sessionsByStart: 'by-start',
  chunksBySession: 'by-session',
  chunksUnsynced: 'by-session-synced',
} as const;

export interface StudioDbSchema extends DBSchema {
  sessions: { key: string; value: StoredSession; indexes: { 'by-start': number } };
  chunks: {
    /** [sessionId, streamId, seq] */
    key: [string, string, number];
    value: StoredChunk;
    indexes: { 'by-session': string; 'by-session-synced': [string, number] };
  };
  kv: { key: string; value: unknown };
}

export type StudioDb = IDBPDatabase<StudioDbSchema>;
type StoreName = StoreNames<StudioDbSchema>;

/**
 * Creates or upgrades the schema. Idempotent: every step checks what exists, so re-running an
 * upgrade over a half-upgraded database (an upgrade interrupted by a crash) finishes the job.
 */
export function upgradeStudioDb(
  db: IDBPDatabase<StudioDbSchema>,
  oldVersion: number,
  tx: IDBPTransaction<StudioDbSchema, StoreName[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    const sessions = db.objectStoreNames.contains(STORES.sessions)
      ? tx.objectStore(STORES.sessions)
      : db.createObjectStore(STORES.sessions, { keyPath: 'id' });
    if (!sessions.indexNames.contains(INDEXES.sessionsByStart)) sessions.createIndex(INDEXES.sessionsByStart, 'startedAtMs');
    const chunks = db.objectStoreNames.contains(STORES.chunks)
      ? tx.objectStore(STORES.chunks)
      : db.createObjectStore(STORES.chunks, { keyPath: ['sessionId', 'streamId', 'seq'] });
    if (!chunks.indexNames.contains(INDEXES.chunksBySession)) chunks.createIndex(INDEXES.chunksBySession, 'sessionId');
    if (!chunks.indexNames.contains(INDEXES.chunksUnsynced)) chunks.createIndex(INDEXES.chunksUnsynced, ['sessionId', 'synced']);
    if (!db.objectStoreNames.contains(STORES.kv)) db.createObjectStore(STORES.kv);
  }
  if (oldVersion < 2) {
    // Streams become the contract's shape (a unit per channel); an already upgraded one is kept as is.
    void (async () => {
      let cursor = await tx.objectStore(STORES.sessions).openCursor();
      while (cursor) {
        const session = cursor.value;
        await cursor.update({ ...session, streams: session.streams.map(upgradeStoredStream) });
        cursor = await cursor.continue();
      }
    })();
  }
}

const pending = new Set<Promise<unknown>>();

/**
 * Opens the studio database (the same handle for every caller of one name).
 * @example const db = await openStudioDb();
 */
const handles = new Map<string, Promise<StudioDb>>();
export function openStudioDb(name: string = DB_NAME): Promise<StudioDb> {
  let handle = handles.get(name);
  if (!handle) {
    handle = openDB<StudioDbSchema>(name, DB_VERSION, {
      upgrade: (db, oldVersion, _newVersion, tx) => upgradeStudioDb(db, oldVersion, tx),
      // Another tab opened a newer version: let it upgrade, reopen on next use.
      blocking: () => {
        void handle?.then((db) => db.close());
        handles.delete(name);
      },
    });
    handles.set(name, handle);
    handle.catch(() => handles.delete(name));
  }
  return handle;
}

/** Closes and forgets a handle (tests, deleteDatabase). */
export async function closeStudioDb(name: string = DB_NAME): Promise<void> {
  const handle = handles.get(name);
  handles.delete(name);
  if (handle) (await handle).close();
}

/**
 * Runs `work` in one transaction and resolves after the transaction has committed (not merely after
 * the requests succeeded). `durability: 'strict'` makes the commit wait until the data reached disk,
 * which is what lets a crash lose at most the chunk still open in memory.
 * @example await runTransaction(db, [STORES.chunks], 'readwrite', (tx) => tx.objectStore('chunks').put(chunk), 'strict');
 */
export function runTransaction<S extends StoreName[], M extends IDBTransactionMode, T>(
  db: StudioDb,
  stores: S,
  mode: M,
  work: (tx: IDBPTransaction<StudioDbSchema, S, M>) => Promise<T> | T,
  durability: IDBTransactionDurability = 'default',
): Promise<T> {
  const job = (async () => {
    const tx = db.transaction(stores, mode, { durability });
    try {
      const result = await work(tx);
      await tx.done;
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        /* already finished */
      }
      await tx.done.catch(() => {});
      throw error;
    }
  })();
  pending.add(job);
  void job.finally(() => pending.delete(job)).catch(() => {});
  return job;
}

/** Resolves when every transaction started so far has settled. */
export async function whenStorageIdle(): Promise<void> {
  while (pending.size) await Promise.allSettled([...pending]);
}

/** Number of transactions not yet committed or failed. */
export function pendingTransactionCount(): number {
  return pending.size;
}
