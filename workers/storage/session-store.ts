// Sessions in IndexedDB: create, read, list, edit metadata, delete, and recovery of sessions whose
// recorder died (closed tab, crash, power cut).
import { INDEXES, STORES, runTransaction, type StudioDb } from './db.ts';
import type { SessionSync, StoredSession } from './types.ts';

/** Name of the Web Lock a live recorder holds for its session; free lock + status 'recording' = dead recorder. */
export function recordingLockName(sessionId: string): string {
  return `clisonix-recording-${sessionId}`;
}

/** Saves a whole session record (strict: a new session must survive a crash right after it starts). */
export function putSession(db: StudioDb, session: StoredSession): Promise<void> {
  return runTransaction(db, [STORES.sessions], 'readwrite', async (tx) => void (await tx.objectStore(STORES.sessions).put(session)), 'strict');
}

export function getSession(db: StudioDb, id: string): Promise<StoredSession | undefined> {
  return runTransaction(db, [STORES.sessions], 'readonly', (tx) => tx.objectStore(STORES.sessions).get(id));
}

/** All sessions, newest first. */
export async function listSessions(db: StudioDb): Promise<StoredSession[]> {
  const all = await runTransaction(db, [STORES.sessions], 'readonly', (tx) =>
    tx.objectStore(STORES.sessions).index(INDEXES.sessionsByStart).getAll(),
  );
  return all.reverse();
}

/**
 * Reads, changes and writes one session in a single transaction, so concurrent edits (recorder,
 * sync, UI) never overwrite each other's fields.
 * @example await updateSession(db, id, (s) => ({ ...s, title: 'Morning sit' }));
 */
export function updateSession(
  db: StudioDb,
  id: string,
  change: (s: StoredSession) => StoredSession,
  durability: IDBTransactionDurability = 'default',
): Promise<StoredSession> {
  return runTransaction(
    db,
    [STORES.sessions],
    'readwrite',
    async (tx) => {
      const store = tx.objectStore(STORES.sessions);
      const current = await store.get(id);
      if (!current) throw new Error(`session ${id} is not in this browser's storage`);
      const next = change(current);
      await store.put(next);
      return next;
    },
    durability,
  );
}

/** An edit of title, notes, markers, the loop latency or the feedback mapping: bumps the metadata version so sync knows to send it. */
export function editSessionMetadata(
  db: StudioDb,
  id: string,
  edit: Partial<Pick<StoredSession, 'title' | 'notes' | 'markers' | 'loopLatency' | 'feedbackMapping'>>,
): Promise<StoredSession> {
  return updateSession(db, id, (s) => ({ ...s, ...edit, metadataVersion: s.metadataVersion + 1 }), 'strict');
}

/**
 * Keeps a training's log with the session (after it stopped too: training can outlast the recording).
 * The version is not bumped: the log stays in this browser, so there is nothing new to sync.
 */
export function keepTrainingLog(db: StudioDb, id: string, training: StoredSession['training']): Promise<StoredSession> {
  return updateSession(db, id, (s) => ({ ...s, training }));
}

export function setSessionSync(db: StudioDb, id: string, sync: Partial<SessionSync>): Promise<StoredSession> {
  return updateSession(db, id, (s) => ({ ...s, sync: { ...s.sync, ...sync, updatedAtMs: Date.now() } }));
}

/** Deletes a session and all its chunks in one transaction. */
export function deleteSession(db: StudioDb, id: string): Promise<void> {
  return runTransaction(db, [STORES.sessions, STORES.chunks], 'readwrite', async (tx) => {
    await tx.objectStore(STORES.sessions).delete(id);
    const index = tx.objectStore(STORES.chunks).index(INDEXES.chunksBySession);
    for (let cursor = await index.openKeyCursor(id); cursor; cursor = await cursor.continue())
      await tx.objectStore(STORES.chunks).delete(cursor.primaryKey);
  });
}

/**
 * Marks sessions left in 'recording' by a recorder that no longer runs as 'interrupted' (not corrupt:
 * every sealed chunk is intact, only the open second is missing). `isAlive` tells whether some
 * recorder still holds the session (by default: its Web Lock is taken).
 * Returns the ids it marked.
 */
export async function recoverInterruptedSessions(db: StudioDb, isAlive: (id: string) => Promise<boolean> = isRecorderAlive): Promise<string[]> {
  const recording = (await listSessions(db)).filter((s) => s.status === 'recording');
  const marked: string[] = [];
  for (const session of recording) {
    if (await isAlive(session.id)) continue;
    await updateSession(
      db,
      session.id,
      (s) => {
        const end = s.durableEndSample ?? s.durableSamples;
        const durableMs = Math.max(0, ...s.streams.map((st) => ((end[st.id] ?? 0) / st.sampleRateHz) * 1000));
        return { ...s, status: 'interrupted', endedAtMs: s.startedAtMs + durableMs };
      },
      'strict',
    );
    marked.push(session.id);
  }
  return marked;
}

/** True when another live recorder (this or another tab) holds the session's lock. */
async function isRecorderAlive(id: string): Promise<boolean> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return false;
  const held = await locks.query();
  return (held.held ?? []).some((l) => l.name === recordingLockName(id));
}
