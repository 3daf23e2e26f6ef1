// Chunks in IndexedDB: written with strict durability together with the session's durable-sample
// count, so the session record never claims more than what is on disk.
import { INDEXES, STORES, runTransaction, type StudioDb } from './db.ts';
import type { StoredChunk } from './types.ts';

/** A write refused because the disk or the origin's quota is full. */
export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super('Storage is full: free some space (delete synced sessions) so recording can be saved.', { cause });
    this.name = 'StorageFullError';
  }
}

export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED');
}

/**
 * Writes chunks of one session and advances its durable counters, in one strict transaction:
 * it resolves only after the data reached disk. Throws StorageFullError on a full quota.
 */
export async function appendChunks(db: StudioDb, sessionId: string, chunks: StoredChunk[]): Promise<void> {
  if (!chunks.length) return;
  try {
    await runTransaction(
      db,
      [STORES.sessions, STORES.chunks],
      'readwrite',
      async (tx) => {
        const sessions = tx.objectStore(STORES.sessions);
        const session = await sessions.get(sessionId);
        if (!session) throw new Error(`session ${sessionId} is not in this browser's storage`);
        const ends = (session.durableEndSample ??= {});
        for (const chunk of chunks) {
          const chunkStore = tx.objectStore(STORES.chunks);
          // A chunk written again (a retried batch) is counted once.
          const isNew = (await chunkStore.count([chunk.sessionId, chunk.streamId, chunk.seq])) === 0;
          await chunkStore.put(chunk);
          if (isNew) session.durableSamples[chunk.streamId] = (session.durableSamples[chunk.streamId] ?? 0) + chunk.sampleCount;
          ends[chunk.streamId] = Math.max(ends[chunk.streamId] ?? 0, chunk.firstSample + chunk.sampleCount);
          session.chunkCount[chunk.streamId] = Math.max(session.chunkCount[chunk.streamId] ?? 0, chunk.seq + 1);
        }
        session.sync = {
          ...session.sync,
          totalChunks: Object.values(session.chunkCount).reduce((a, b) => a + b, 0),
          state: session.sync.state === 'synced' ? 'local' : session.sync.state,
        };
        await sessions.put(session);
      },
      'strict',
    );
  } catch (error) {
    if (isQuotaError(error) || isQuotaError((error as Error)?.cause)) throw new StorageFullError(error);
    throw error;
  }
}

/** Every chunk of a session, ordered by stream then seq. */
export function listChunks(db: StudioDb, sessionId: string): Promise<StoredChunk[]> {
  return runTransaction(db, [STORES.chunks], 'readonly', (tx) =>
    tx.objectStore(STORES.chunks).getAll(IDBKeyRange.bound([sessionId, '', -Infinity], [sessionId, '\uffff', Infinity])),
  );
}

/** Chunks the server has not confirmed yet. */
export function listUnsyncedChunks(db: StudioDb, sessionId: string): Promise<StoredChunk[]> {
  return runTransaction(db, [STORES.chunks], 'readonly', (tx) => tx.objectStore(STORES.chunks).index(INDEXES.chunksUnsynced).getAll([sessionId, 0]));
}

/** Marks chunks confirmed by the server (by their keys). */
export function markChunksSynced(db: StudioDb, keys: Array<[string, string, number]>): Promise<void> {
  return runTransaction(db, [STORES.chunks], 'readwrite', async (tx) => {
    const store = tx.objectStore(STORES.chunks);
    for (const key of keys) {
      const chunk = await store.get(key);
      if (chunk && chunk.synced === 0) await store.put({ ...chunk, synced: 1 });
    }
  });
}

/** Stores chunks downloaded from the server (already confirmed), e.g. a session recorded elsewhere. */
export function putDownloadedChunks(db: StudioDb, chunks: StoredChunk[]): Promise<void> {
  return runTransaction(
    db,
    [STORES.chunks],
    'readwrite',
    async (tx) => {
      for (const chunk of chunks) await tx.objectStore(STORES.chunks).put({ ...chunk, synced: 1 });
    },
    'strict',
  );
}
