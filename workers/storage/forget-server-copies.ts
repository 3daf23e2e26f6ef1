// After the user erased their account (DELETE /api/v1/me), no session of this browser is on the
// server any more: every chunk goes back to unsynced and every session to 'local', in one
// transaction, so the Sessions screen stops saying "Synced" and a later sync (after a new consent)
// sends everything again instead of trusting receipts of rows that are gone.
import { STORES, runTransaction, type StudioDb } from './db.ts';

/** Marks every session and chunk as not on any server; `reason` is shown beside each session. Returns the sessions changed. */
export function forgetServerCopies(db: StudioDb, reason: string, nowMs = Date.now()): Promise<number> {
  return runTransaction(
    db,
    [STORES.sessions, STORES.chunks],
    'readwrite',
    async (tx) => {
      let chunkCursor = await tx.objectStore(STORES.chunks).openCursor();
      while (chunkCursor) {
        if (chunkCursor.value.synced !== 0) await chunkCursor.update({ ...chunkCursor.value, synced: 0 });
        chunkCursor = await chunkCursor.continue();
      }
      let changed = 0;
      let cursor = await tx.objectStore(STORES.sessions).openCursor();
      while (cursor) {
        const session = cursor.value;
        await cursor.update({
          ...session,
          sync: { state: 'local', uploadedChunks: 0, totalChunks: session.sync.totalChunks, message: reason, updatedAtMs: nowMs },
        });
        changed++;
        cursor = await cursor.continue();
      }
      return changed;
    },
    'strict',
  );
}
